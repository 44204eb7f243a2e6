/**
 * The sources of a worker's plan copy: a splittable connector's table is read as split k of N, so
 * every worker parses its own share (nexmark and filesystem); others are read whole by worker 0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { connectorTable } from '../../connectors/testing.ts';
import type { StreamMessage } from '../../executor/operators/operator.ts';
import { splitConnectorSource } from './worker-sources.ts';

const dir = mkdtempSync(join(tmpdir(), 'strom-ws-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `id` values split `split` of `splits` reads, pumping its source to the end. */
function idsRead(table: ReturnType<typeof connectorTable>, split: number, splits: number): number[] {
  const got: number[] = [];
  const out = { push: (m: StreamMessage) => m.kind === 'batch' && got.push(...Array.from({ length: m.batch.count }, (_, i) => Number(m.batch.getValue(i, 0)))) };
  const src = splitConnectorSource(table, [0], [T.int8], out, split, splits, 0);
  src.start();
  while (src.pump(1e15) === 'more');
  src.close();
  return got;
}

describe('splitConnectorSource', () => {
  it('reads a filesystem table as split k of N: each worker parses its share of the lines, together all of them', () => {
    const file = join(dir, 'rows.json');
    writeFileSync(file, Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: i, v: `x${i}` })).join('\n') + '\n');
    const table = connectorTable('rows', [['id', T.int8], ['v', T.text]], { connector: 'filesystem', path: file, format: 'json' });
    const a = idsRead(table, 0, 2);
    const b = idsRead(table, 1, 2);
    expect(a.length).toBeGreaterThan(400);
    expect(b.length).toBeGreaterThan(400);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('reads a nexmark table in contiguous ranges, one per worker', () => {
    const table = connectorTable('person', [['id', T.int8]], { connector: 'nexmark', 'nexmark.table.type': 'person', 'events.num': '5000', rate: '0' });
    const a = idsRead(table, 0, 2);
    const b = idsRead(table, 1, 2);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(Math.max(...a)).toBeLessThan(Math.min(...b));
  });
});
