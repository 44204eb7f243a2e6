import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import { batchOf, RowKind } from '../row/binary-row.ts';
import { makeKeyEncoder } from '../row/key-codec.ts';
import { parseNumericText } from '../../common/numeric-scale.ts';
import { partialsTable } from './partial-table.ts';

/** Folds rows into a table (count per key) and checks it against key strings (makeKeyEncoder). */
function check(types: SqlType[], keys: number[], values: unknown[][]): number {
  const batch = batchOf(types, values.map((v) => [RowKind.INSERT, v]));
  const keyOf = makeKeyEncoder(types, keys);
  const table = partialsTable(types, keys, keyOf, () => [0]);
  const expected = new Map<string, number>();
  for (let r = 0; r < batch.count; r++) {
    const accs = table.accsFor(batch, r);
    accs[0] = (accs[0] as number) + 1;
    const k = keyOf(batch, r);
    expected.set(k, (expected.get(k) ?? 0) + 1);
  }
  const got = new Map<string, number>();
  for (let e = 0; e < table.size; e++) {
    const k = keyOf(table.batches[e]!, table.rows[e]!);
    expect(got.has(k)).toBe(false);
    got.set(k, table.accs[e]![0] as number);
  }
  expect(got).toEqual(expected);
  // Insertion order: entry i holds the first row of the i-th distinct key.
  expect([...got.keys()]).toEqual([...expected.keys()]);
  table.clear();
  expect(table.size).toBe(0);
  return expected.size;
}

describe('PartialTable (keys found in place)', () => {
  it('groups integer keys, NULL included, across growth', () => {
    const values: unknown[][] = [];
    for (let i = 0; i < 20000; i++) values.push([i % 5 === 0 ? null : (i * 7919) % 6007, i % 3, 'x']);
    expect(check([T.int8, T.int4, T.text], [0], values)).toBe(6008); // 6007 values and NULL
    expect(check([T.int8, T.int4, T.text], [1, 0], values)).toBeGreaterThan(6008);
  });

  it('groups large int8 values (bigint beyond 2^53) and negative ones apart', () => {
    const values = [[2n ** 62n], [-(2n ** 62n)], [2n ** 62n], [-1], [4294967295], [-4294967296], [-1]];
    expect(check([T.int8], [0], values)).toBe(5);
  });

  it('groups text, float and mixed keys as key strings do (-0 = 0, NaN = NaN)', () => {
    const values = [
      ['a', 0, 1.5],
      ['a', 0, -0],
      ['a', 0, 0],
      ['', null, NaN],
      ['', null, NaN],
      ['é', 1, null],
      [null, 1, null],
    ];
    expect(check([T.text, T.int4, T.float8], [0, 1, 2], values)).toBe(5);
  });

  it('falls back to key strings for numeric keys (1.5 = 1.50)', () => {
    const values = [[parseNumericText('1.5')], [parseNumericText('1.50')], [parseNumericText('2')], [null]];
    expect(check([T.numeric], [0], values)).toBe(3);
  });
});
