import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { T } from '../common/types.ts';
import type { SqlType } from '../common/types.ts';
import { SqlError } from '../common/errors.ts';
import { batchOf, RowKind } from '../executor/row/binary-row.ts';
import { connectorTable } from './testing.ts';
import { filesystemConnector, JsonLinesReader } from './filesystem.ts';
import { validateTableOptions } from './registry.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'strom-fs-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ts3: SqlType = { id: 'timestamp', precision: 3 };
const COLS = [['id', T.int8], ['name', T.text], ['price', { id: 'numeric', precision: 10, scale: 2 }], ['ts', ts3], ['ok', T.bool]] as const;

function table(path: string, extra: Record<string, string> = {}) {
  return connectorTable('f', COLS, { connector: 'filesystem', path, format: 'json', ...extra });
}

function readAll(r: ReturnType<NonNullable<typeof filesystemConnector.createReader>>): unknown[][] {
  const rows: unknown[][] = [];
  for (;;) {
    const b = r.read(2, 0);
    if (typeof b === 'string') return rows;
    for (let i = 0; i < b.count; i++) rows.push(b.getRow(i));
  }
}

describe('filesystem connector (json)', () => {
  it('round-trips rows through a file', () => {
    const d = tmp();
    const t = table(join(d, 'out', 'data.json'));
    validateTableOptions(t);
    const w = filesystemConnector.createWriter!(t, { log: () => {} });
    const ts = Date.UTC(2024, 0, 2, 3, 4, 5, 678) * 1000;
    const rows = [
      [1, 'a "quoted" name', new Decimal('12.50'), ts, true],
      [2 ** 60, null, new Decimal('-1'), ts + 1000, false],
      [3, 'ünïcode', null, null, null],
    ];
    w.write(batchOf(COLS.map((c) => c[1]), rows.map((r) => [RowKind.INSERT, r] as const)));
    w.close();
    const text = readFileSync(join(d, 'out', 'data.json'), 'utf8');
    expect(text.split('\n')[0]).toBe('{"id":1,"name":"a \\"quoted\\" name","price":12.5,"ts":"2024-01-02 03:04:05.678","ok":true}');
    expect(text).toContain('"id":1152921504606846976');
    const back = readAll(filesystemConnector.createReader!(t, { split: 0, splits: 1, startMs: 0 }));
    expect(back.map((r) => [r[0], r[1], r[2] === null ? null : String(r[2]), r[3], r[4]])).toEqual(rows.map((r) => [r[0] === 2 ** 60 ? 2n ** 60n : r[0], r[1], r[2] === null ? null : String(r[2]), r[3], r[4]]));
  });

  it('reads the files of a directory, splits by line, maps names case-insensitively', () => {
    const d = tmp();
    mkdirSync(join(d, 'in'));
    writeFileSync(join(d, 'in', 'b.json'), '{"id":3}\n{"id":4}');
    writeFileSync(join(d, 'in', 'a.json'), '{"ID":1,"Name":"x","ts":"2024-01-01T00:00:00Z"}\n\n{"id":2}\n');
    writeFileSync(join(d, 'in', '_SUCCESS'), 'garbage');
    const t = table(join(d, 'in'));
    expect(readAll(filesystemConnector.createReader!(t, { split: 0, splits: 1, startMs: 0 })).map((r) => r[0])).toEqual([1, 2, 3, 4]);
    const all = [0, 1].flatMap((s) => readAll(filesystemConnector.createReader!(t, { split: s, splits: 2, startMs: 0 })).map((r) => r[0]));
    expect(all.sort()).toEqual([1, 2, 3, 4]);
    const first = readAll(filesystemConnector.createReader!(t, { split: 0, splits: 1, startMs: 0 }))[0]!;
    expect(first[1]).toBe('x');
    expect(first[3]).toBe(Date.UTC(2024, 0, 1) * 1000);
  });

  it('fails on a malformed line with its number, or skips and counts it', () => {
    const d = tmp();
    const f = join(d, 'bad.json');
    writeFileSync(f, '{"id":1}\n{"id":\n{"id":"x"}\n{"id":4}\n');
    try {
      readAll(filesystemConnector.createReader!(table(f), { split: 0, splits: 1, startMs: 0 }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SqlError);
      expect((e as SqlError).code).toBe('22P02');
      expect((e as SqlError).message).toContain('line 2');
    }
    const r = filesystemConnector.createReader!(table(f, { 'json.ignore-parse-errors': 'true' }), { split: 0, splits: 1, startMs: 0 }) as JsonLinesReader;
    expect(readAll(r).map((x) => x[0])).toEqual([1, 4]);
    expect(r.skipped).toBe(2);
  });

  it('reads only the columns asked for (projection pushdown), not converting the others', () => {
    const d = tmp();
    const f = join(d, 'p.json');
    // Line 2's price does not fit numeric(10,2): only a read of price fails on it.
    writeFileSync(f, '{"id":1,"name":"a","price":1.5,"ts":"2024-01-01 00:00:00.000","ok":true}\n{"ok":false,"price":"nope","Name":"b","id":2}\n');
    const r = filesystemConnector.createReader!(table(f), { split: 0, splits: 1, startMs: 0, columns: [4, 1, 0] });
    expect(r.projected).toBe(true);
    expect(r.types).toEqual([T.bool, T.text, T.int8]);
    expect(readAll(r)).toEqual([
      [true, 'a', 1],
      [false, 'b', 2],
    ]);
    expect(() => readAll(filesystemConnector.createReader!(table(f), { split: 0, splits: 1, startMs: 0, columns: [2] }))).toThrow(SqlError);
    // A column asked for twice: the reader returns all columns, unprojected (so line 2 is malformed).
    const twice = filesystemConnector.createReader!(table(f, { 'json.ignore-parse-errors': 'true' }), { split: 0, splits: 1, startMs: 0, columns: [0, 0] });
    expect(twice.projected).toBe(false);
    expect(readAll(twice).map((x) => x.length)).toEqual([5]);
  });

  it('accepts inserts only and checks its options', () => {
    const d = tmp();
    expect(filesystemConnector.sinkAcceptsUpdates).toBe(false);
    const w = filesystemConnector.createWriter!(table(join(d, 'x.json')), { log: () => {} });
    expect(() => w.write(batchOf(COLS.map((c) => c[1]), [[RowKind.DELETE, [1, 'a', null, null, null]]]))).toThrow(/inserts only/);
    expect(() => validateTableOptions(table(d, { format: 'csv' }))).toThrow(/invalid value "csv" for option "format"/);
    expect(() => validateTableOptions(connectorTable('f', COLS, { connector: 'filesystem', format: 'json' }))).toThrow(/missing required option "path"/);
  });
});
