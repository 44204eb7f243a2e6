/**
 * The exchange's Partitioner: every row goes to the channel its key hashes to, in input order, with
 * its RowKind and bytes unchanged; a part owns exactly-sized buffers; a batch whose rows all go to
 * one channel is passed on as it is.
 */
import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { RowBatchBuilder, RowKind } from '../../executor/row/binary-row.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import { Partitioner, makeChannelOf } from './partition.ts';

const TYPES = [T.int8, T.text, T.int4];

function batchOf(rows: readonly (readonly [number, readonly unknown[]])[]): RowBatch {
  const b = new RowBatchBuilder(TYPES);
  for (const [kind, values] of rows) b.addRow(kind, values);
  return b.finish();
}

const rowsOf = (b: RowBatch | undefined) => (b ? Array.from({ length: b.count }, (_, r) => [b.kind(r), ...TYPES.map((_, f) => b.getValue(r, f))]) : []);

describe('Partitioner', () => {
  it('splits rows by key channel, in order, kinds and values kept (short and long rows)', () => {
    const rows = Array.from({ length: 500 }, (_, i) => [i % 3 === 0 ? RowKind.UPDATE_BEFORE : RowKind.INSERT, [BigInt(i % 37), 'x'.repeat(i % 150), i % 5 === 0 ? null : i]] as const);
    const batch = batchOf(rows);
    const channelOf = makeChannelOf(TYPES, [0], 3);
    const parts = new Partitioner(TYPES, channelOf, 3).split(batch);
    const all = rowsOf(batch);
    for (let c = 0; c < 3; c++) {
      const expected = all.filter((_, r) => channelOf(batch, r) === c);
      expect(expected.length).toBeGreaterThan(0);
      expect(rowsOf(parts[c])).toEqual(expected);
      const p = parts[c]!;
      expect(p.bytes.byteOffset).toBe(0);
      expect(p.bytes.byteLength).toBe(p.bytes.buffer.byteLength);
      expect(p.offsets.length).toBe(p.count + 1);
    }
  });

  it('passes a batch whose rows all go to one channel on as it is', () => {
    const batch = batchOf([[RowKind.INSERT, [7n, 'a', 1]], [RowKind.DELETE, [7n, 'b', 2]]]);
    const channelOf = makeChannelOf(TYPES, [0], 2);
    const parts = new Partitioner(TYPES, channelOf, 2).split(batch);
    const c = channelOf(batch, 0);
    expect(parts[c]).toBe(batch);
    expect(parts[1 - c]).toBeUndefined();
  });

  it('hashes several int/long key columns from their values: int4 and int8 alike, NULLs kept apart, keys spread', () => {
    const LL = [T.int8, T.int8];
    const IL = [T.int4, T.int8];
    const rows = Array.from({ length: 400 }, (_, i) => [i % 20, i % 7 === 0 ? null : Math.floor(i / 20) - 5] as const);
    const build = (types: typeof LL) => {
      const b = new RowBatchBuilder(types);
      for (const [x, y] of rows) b.addRow(RowKind.INSERT, [types[0] === T.int4 ? x : BigInt(x), y === null ? null : BigInt(y)]);
      return b.finish();
    };
    const longs = build(LL);
    const mixed = build(IL);
    const lc = makeChannelOf(LL, [0, 1], 4);
    const mc = makeChannelOf(IL, [0, 1], 4);
    const seen = new Map<string, number>();
    const counts = [0, 0, 0, 0];
    for (let r = 0; r < rows.length; r++) {
      expect(mc(mixed, r)).toBe(lc(longs, r));
      const key = String(rows[r]);
      if (seen.has(key)) expect(lc(longs, r)).toBe(seen.get(key));
      seen.set(key, lc(longs, r));
      counts[lc(longs, r)]!++;
    }
    // The order of the columns matters: (1, 2) and (2, 1) are different keys and may differ in channel.
    const swapped = Array.from({ length: 50 }, (_, i) => [i, i + 1]);
    const a = new RowBatchBuilder(LL);
    const b = new RowBatchBuilder(LL);
    for (const [x, y] of swapped) {
      a.addRow(RowKind.INSERT, [BigInt(x!), BigInt(y!)]);
      b.addRow(RowKind.INSERT, [BigInt(y!), BigInt(x!)]);
    }
    const ab = a.finish();
    const ba = b.finish();
    expect(swapped.some((_, r) => lc(ab, r) !== lc(ba, r))).toBe(true);
    for (const n of counts) expect(n).toBeGreaterThan(40);
  });
});
