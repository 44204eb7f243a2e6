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
});
