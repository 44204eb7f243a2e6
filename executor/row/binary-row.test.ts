import { describe, expect, it } from 'vitest';
import { parseNumericText } from '../../common/numeric-scale.ts';
import { T, type SqlType } from '../../common/types.ts';
import { batchOf, fieldCopyPlan, RowBatch, RowBatchBuilder, RowKind } from './binary-row.ts';

const SRC: SqlType[] = [T.int8, T.text, T.int4, T.bool, T.float8, T.text, T.bytea];
const long = (n: number) => 'x'.repeat(n);
const SRC_ROWS: [number, unknown[]][] = [
  [RowKind.INSERT, [1, 'a', 7, true, 1.5, 'héllo', new Uint8Array([1, 2, 3])]],
  [RowKind.UPDATE_BEFORE, [null, null, null, null, null, null, null]],
  [RowKind.DELETE, [-(2 ** 53) + 1, '', -1, false, Number.NaN, long(300), new Uint8Array(0)]],
  [RowKind.UPDATE_AFTER, [2n ** 62n, 'abcde', 2 ** 31 - 1, null, -0, long(255), new Uint8Array([9])]],
  [RowKind.INSERT, [0, 'abcdefg', 0, true, Number.POSITIVE_INFINITY, 'ab', null]],
];

/** Row r of `b` built field by field with copyField (the reference) and with beginCopiedRow. */
function both(src: RowBatch, outTypes: readonly SqlType[], fields: readonly number[]): [RowBatch, RowBatch] {
  const ref = new RowBatchBuilder(outTypes, 64, 2);
  const fast = new RowBatchBuilder(outTypes, 64, 2); // small, so beginCopiedRow must grow it
  const plan = fieldCopyPlan(src.types, outTypes, fields.map((_, j) => j), fields);
  for (let r = 0; r < src.count; r++) {
    ref.beginRow(src.kind(r));
    fields.forEach((sf, j) => ref.copyField(j, src, r, sf));
    ref.endRow();
    fast.beginCopiedRow(src, r, plan);
    fast.endRow();
  }
  return [ref.finish(), fast.finish()];
}

describe('RowBatchBuilder.beginCopiedRow', () => {
  it('copies fields as bytes with their NULLs and row kinds, in any order, any number of times', () => {
    const src = batchOf(SRC, SRC_ROWS);
    for (const fields of [[0, 1, 2, 3, 4, 5, 6], [5, 0, 1], [6, 4, 2], [1, 1, 5, 0, 5], [3]]) {
      const outTypes = fields.map((f) => SRC[f]!);
      const [ref, fast] = both(src, outTypes, fields);
      expect(fast.count).toBe(src.count);
      for (let r = 0; r < src.count; r++) {
        expect(fast.kind(r)).toBe(src.kind(r));
        expect(fast.getRow(r)).toEqual(ref.getRow(r));
        expect(fast.offsets[r]! % 8).toBe(0);
        for (let j = 0; j < fields.length; j++) expect(fast.isNull(r, j)).toBe(src.isNull(r, fields[j]!));
      }
    }
  });

  it('reads source rows at any byte offset (DataView, no alignment needed)', () => {
    const src = batchOf(SRC, SRC_ROWS);
    // The same rows, 3 bytes into a larger buffer.
    const shifted = new Uint8Array(src.bytes.length + 3);
    shifted.set(src.bytes, 3);
    const odd = new RowBatch(SRC, shifted.subarray(3), src.offsets, src.count);
    const [ref, fast] = both(odd, [SRC[6]!, SRC[5]!, SRC[1]!, SRC[0]!], [6, 5, 1, 0]);
    for (let r = 0; r < src.count; r++) expect(fast.getRow(r)).toEqual(ref.getRow(r));
  });

  it('leaves fields outside the plan NULL until set, then sets them', () => {
    const src = batchOf(SRC, SRC_ROWS);
    const out = [T.text, T.int4, T.numeric, T.int8];
    const plan = fieldCopyPlan(SRC, out, [0, 3], [5, 0]);
    const b = new RowBatchBuilder(out, 32, 1);
    for (let r = 0; r < src.count; r++) {
      b.beginCopiedRow(src, r, plan);
      if (r % 2 === 0) b.setScaledNumeric(2, -6356 * r, 3);
      b.endRow();
    }
    const res = b.finish();
    expect(res.getRow(0)).toEqual([SRC_ROWS[0]![1][5], null, parseNumericText('0.000'), 1]);
    expect(res.getRow(1)).toEqual([null, null, null, null]);
    expect(res.getRow(2)).toEqual([long(300), null, parseNumericText('-12.712'), -(2 ** 53) + 1]);
    expect(res.getVarBytes(2, 2)).toEqual(new TextEncoder().encode('-12.712'));
    expect(res.isNull(3, 2)).toBe(true);
  });

  it('rejects a copy between different slot kinds or out of range', () => {
    expect(() => fieldCopyPlan(SRC, [T.int8], [0], [1])).toThrow(RangeError);
    expect(() => fieldCopyPlan(SRC, [T.int8], [0], [9])).toThrow(RangeError);
    expect(() => fieldCopyPlan(SRC, [T.int8], [1], [0])).toThrow(RangeError);
  });
});

