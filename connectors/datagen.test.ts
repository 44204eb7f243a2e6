import { describe, expect, it } from 'vitest';
import { T } from '../common/types.ts';
import { SqlError } from '../common/errors.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';
import { connectorTable } from './testing.ts';
import { DatagenReader, datagenConnector } from './datagen.ts';
import { validateTableOptions } from './registry.ts';

const COLS = [['id', T.int8], ['score', T.float8], ['name', T.text], ['ok', T.bool], ['ts', { id: 'timestamp', precision: 3 }]] as const;

function table(opts: Record<string, string>) {
  return connectorTable('g', COLS, { connector: 'datagen', ...opts });
}

function readAll(r: DatagenReader, nowMs = 1e15): unknown[][] {
  const rows: unknown[][] = [];
  for (;;) {
    const b = r.read(100, nowMs);
    if (typeof b === 'string') return rows;
    for (let i = 0; i < b.count; i++) rows.push(b.getRow(i));
  }
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as SqlError).code;
  }
  return 'none';
}

describe('datagen', () => {
  it('generates sequences and random values in range, bounded by the sequence end', () => {
    const t = table({ 'fields.id.kind': 'sequence', 'fields.id.start': '5', 'fields.id.end': '304', 'fields.score.min': '1', 'fields.score.max': '2', 'fields.name.length': '8', seed: '1' });
    validateTableOptions(t);
    const rows = readAll(new DatagenReader(t, 0, 1, 1000));
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 300 }, (_, i) => 5 + i));
    for (const r of rows) {
      expect(r[1] as number).toBeGreaterThanOrEqual(1);
      expect(r[1] as number).toBeLessThan(2);
      expect(r[2]).toMatch(/^[0-9a-f]{8}$/);
      expect(typeof r[3]).toBe('boolean');
    }
    expect(rows.map((r) => r[4])).toEqual(rows.map((_, i) => (1000 + Math.floor(i / 10)) * 1000)); // 10000 rows/s
  });

  it('is deterministic per seed, splits partition the rows, number-of-rows bounds', () => {
    const t = table({ 'number-of-rows': '50', 'fields.id.min': '0', 'fields.id.max': '9', seed: '4' });
    const a = readAll(new DatagenReader(t, 0, 1, 0));
    expect(a).toHaveLength(50);
    expect(readAll(new DatagenReader(t, 0, 1, 0))).toEqual(a);
    expect(readAll(new DatagenReader(table({ 'number-of-rows': '50', seed: '5' }), 0, 1, 0))).not.toEqual(a);
    for (const r of a) expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).toContain(r[0]);
    const parts = [...readAll(new DatagenReader(t, 0, 2, 0)), ...readAll(new DatagenReader(t, 1, 2, 0))];
    expect(parts.map((r) => JSON.stringify(r)).sort()).toEqual(a.map((r) => JSON.stringify(r)).sort());
  });

  it('applies null-rate and rows-per-second', () => {
    const t = table({ 'fields.name.null-rate': '1', 'rows-per-second': '10' });
    const r = new DatagenReader(t, 0, 1, 0);
    const b = r.read(100, 450) as RowBatch; // rows 0..4 due
    expect(b.count).toBe(5);
    expect(b.isNull(0, 2)).toBe(true);
    expect(b.isNull(0, 0)).toBe(false);
    expect(r.read(100, 499)).toBe('idle');
  });

  it('validates options against the columns', () => {
    expect(code(() => validateTableOptions(table({ 'fields.nope.kind': 'random' })))).toBe('42703');
    expect(code(() => validateTableOptions(table({ 'fields.id.kind': 'sequence' })))).toBe('22023');
    expect(code(() => validateTableOptions(table({ 'fields.id.kind': 'zigzag' })))).toBe('22023');
    expect(code(() => validateTableOptions(table({ 'fields.id.bogus': '1' })))).toBe('22023');
    expect(code(() => validateTableOptions(table({ 'fields.name.min': '1' })))).toBe('22023');
    expect(code(() => validateTableOptions(table({ 'fields.id.min': '5', 'fields.id.max': '1' })))).toBe('22023');
    expect(code(() => validateTableOptions(table({ 'rows-per-second': 'fast' })))).toBe('22023');
    expect(code(() => validateTableOptions(table({ 'fields.ts.max-past': '5s' })))).toBe('none');
    expect(code(() => datagenConnector.validate!(connectorTable('g', [['b', T.bytea]], { connector: 'datagen' })))).toBe('0A000');
  });
});
