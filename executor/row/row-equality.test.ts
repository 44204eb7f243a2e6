import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { T, type SqlType } from '../../common/types.ts';
import { batchOf } from './binary-row.ts';
import { makeKeyEncoder } from './key-codec.ts';
import { makeRowEquality, makeRowHasher } from './row-equality.ts';

const D = (s: string) => new Decimal(s);

describe('makeRowEquality / makeRowHasher', () => {
  const types: SqlType[] = [T.numeric, T.float8, T.interval, { id: 'bpchar', length: 4 }, T.text, T.int8, T.int4];
  const b = batchOf(types, [
    [0, [D('1.5'), 0, { months: 1, days: 0, micros: 0 }, 'ab  ', 'x', 7, 1]],
    [3, [D('1.50'), -0, { months: 0, days: 30, micros: 0 }, 'ab', 'x', 7, 1]],
    [0, [D('1.5'), NaN, null, 'ab', 'x', 7, 1]],
    [0, [D('1.5'), -NaN, null, 'ab', 'x', 7, 1]],
    [0, [D('1.5'), NaN, null, 'ab', 'x', 2 ** 40, 1]],
    [0, [D('1.5'), NaN, null, 'ab', 'y', 7, 1]],
    [0, [D('1.5'), NaN, null, 'ab', 'x', 7, null]],
  ]);
  const eq = makeRowEquality(types);
  const hash = makeRowHasher(types);
  const key = makeKeyEncoder(types, types.map((_, i) => i));

  it('agrees with the whole-row key of key-codec (SQL equality, NULL = NULL), whatever the RowKind', () => {
    for (let i = 0; i < b.count; i++) {
      for (let j = 0; j < b.count; j++) {
        expect(eq(b, i, b, j)).toBe(key(b, i) === key(b, j));
        if (eq(b, i, b, j)) expect(hash(b, i)).toBe(hash(b, j));
      }
    }
    expect(eq(b, 0, b, 1)).toBe(true);
    expect(eq(b, 2, b, 3)).toBe(true);
    expect(eq(b, 2, b, 4)).toBe(false);
    expect(eq(b, 2, b, 5)).toBe(false);
    expect(eq(b, 2, b, 6)).toBe(false);
  });

  it('compares only the given fields', () => {
    const onText = makeRowEquality(types, [4]);
    expect(onText(b, 2, b, 4)).toBe(true);
    expect(onText(b, 2, b, 5)).toBe(false);
  });
});
