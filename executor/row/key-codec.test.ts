import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { arrayOf, T, type SqlType } from '../../common/types.ts';
import { batchOf, decodeVar } from './binary-row.ts';
import { formatValue } from '../../common/pg-text.ts';
import { parseNumericText, withScale } from '../../common/numeric-scale.ts';
import { compareValues, makeKeyEncoder, makeRowComparator, makeStateKeyEncoder, valuesEqual } from './key-codec.ts';

const D = (s: string) => new Decimal(s);

describe('makeKeyEncoder', () => {
  it('gives equal keys to equal SQL values', () => {
    const types: SqlType[] = [T.numeric, T.float8, T.interval, { id: 'bpchar', length: 4 }, T.text];
    const b = batchOf(types, [
      [0, [D('1.5'), 0, { months: 1, days: 0, micros: 0 }, 'ab  ', 'x']],
      [0, [D('1.50'), -0, { months: 0, days: 30, micros: 0 }, 'ab', 'x']],
      [0, [D('1.5'), NaN, null, 'ab', 'x']],
      [0, [D('1.5'), -NaN, null, 'ab', 'x']],
      [0, [D('1.51'), 0, null, 'ab', 'y']],
    ]);
    const all = makeKeyEncoder(types, [0, 1, 2, 3, 4]);
    expect(all(b, 0)).toBe(all(b, 1));
    expect(all(b, 2)).toBe(all(b, 3));
    expect(all(b, 0)).not.toBe(all(b, 2));
    expect(makeKeyEncoder(types, [0])(b, 0)).toBe(makeKeyEncoder(types, [0])(b, 1));
    expect(makeKeyEncoder(types, [0])(b, 0)).not.toBe(makeKeyEncoder(types, [0])(b, 4));
    expect(makeKeyEncoder(types, [4])(b, 0)).not.toBe(makeKeyEncoder(types, [4])(b, 4));
  });

  it('ignores the numeric display scale: 1.5 = 1.50 in keys and order', () => {
    const types: SqlType[] = [T.numeric, T.int4];
    const b = batchOf(types, [
      [0, [parseNumericText('1.5'), 1]],
      [0, [parseNumericText('1.500'), 1]],
      [0, [withScale(D('-0'), 2), 1]],
      [0, [parseNumericText('0'), 1]],
    ]);
    expect(decodeVar(T.numeric, b.getVarBytes(1, 0))).toEqual(parseNumericText('1.500'));
    expect(formatValue(T.numeric, decodeVar(T.numeric, b.getVarBytes(1, 0)))).toBe('1.500');
    for (const fields of [[0], [0, 1]]) {
      const key = makeKeyEncoder(types, fields);
      expect(key(b, 0)).toBe(key(b, 1));
      expect(key(b, 2)).toBe(key(b, 3));
    }
    const cmp = makeRowComparator(types, [{ index: 0, desc: false, nullsFirst: false }]);
    expect(cmp(b, 0, b, 1)).toBe(0);
    expect(cmp(b, 2, b, 3)).toBe(0);
    expect(valuesEqual(T.numeric, parseNumericText('1.5'), parseNumericText('1.50'))).toBe(true);
  });

  it('distinguishes NULL from values and field boundaries', () => {
    const types = [T.text, T.text];
    const b = batchOf(types, [
      [0, ['ab', 'c']],
      [0, ['a', 'bc']],
      [0, [null, 'c']],
      [0, ['', 'c']],
    ]);
    const k = makeKeyEncoder(types, [0, 1]);
    expect(new Set([0, 1, 2, 3].map((r) => k(b, r))).size).toBe(4);
  });

  it('has a fast path for one int/long field', () => {
    const b = batchOf([T.int8, T.int4], [
      [0, [9007199254740993n, 7]],
      [0, [null, null]],
      [2, [9007199254740993n, 7]],
    ]);
    const k = makeKeyEncoder([T.int8, T.int4], [0]);
    expect(k(b, 0)).toBe('i9007199254740993');
    expect(k(b, 1)).toBe('\x00');
    expect(k(b, 2)).toBe(k(b, 0));
    expect(makeKeyEncoder([T.int8, T.int4], [1])(b, 0)).toBe('i7');
  });

  it('is one char per byte', () => {
    const b = batchOf([T.text, T.text], [[0, ['é€', 'x']]]);
    const key = makeKeyEncoder([T.text, T.text], [0, 1])(b, 0);
    for (const ch of key) expect(ch.charCodeAt(0)).toBeLessThan(256);
  });
});

describe('makeStateKeyEncoder', () => {
  it('keys a single int or long column by its number, the same for int4 and int8, and everything else by the key string', () => {
    const ints = batchOf([T.int4], [[0, [42]], [0, [null]], [0, [-7]]]);
    const longs = batchOf([T.int8], [[0, [42]], [0, [null]], [0, [2n ** 60n]], [0, [-(2 ** 53) + 1]]]);
    const ik = makeStateKeyEncoder([T.int4], [0]);
    const lk = makeStateKeyEncoder([T.int8], [0]);
    expect(ik(ints, 0)).toBe(42);
    expect(lk(longs, 0)).toBe(42);
    expect(ik(ints, 1)).toBe('\x00');
    expect(lk(longs, 1)).toBe('\x00');
    expect(ik(ints, 2)).toBe(-7);
    expect(lk(longs, 2)).toBe(makeKeyEncoder([T.int8], [0])(longs, 2)); // beyond 2^53: the string, as before
    expect(typeof lk(longs, 2)).toBe('string');
    expect(lk(longs, 3)).toBe(-(2 ** 53) + 1);
    const three = batchOf([T.int8, T.int8, T.int8], [[0, [1, 2, 3]]]);
    expect(makeStateKeyEncoder([T.int8, T.int8, T.int8], [0, 1, 2])(three, 0)).toBe(makeKeyEncoder([T.int8, T.int8, T.int8], [0, 1, 2])(three, 0));
    const text = batchOf([T.text], [[0, ['a']]]);
    expect(makeStateKeyEncoder([T.text], [0])(text, 0)).toBe(makeKeyEncoder([T.text], [0])(text, 0));
  });
});

describe('makeStateKeyEncoder over two int or long columns', () => {
  const LL = [T.int8, T.int8];
  const IL = [T.int4, T.int8];
  it('packs a pair of small non-negative ids into one number, the same for int4 and int8', () => {
    const longs = batchOf(LL, [[0, [1, 2]], [0, [2, 1]], [0, [0, 0]], [0, [2 ** 26 - 1, 2 ** 27 - 1]]]);
    const mixed = batchOf(IL, [[0, [1, 2]], [0, [2, 1]]]);
    const lk = makeStateKeyEncoder(LL, [0, 1]);
    const mk = makeStateKeyEncoder(IL, [0, 1]);
    expect(lk(longs, 0)).toBe(2 ** 27 + 2);
    expect(lk(longs, 1)).toBe(2 * 2 ** 27 + 1);
    expect(lk(longs, 2)).toBe(0);
    expect(lk(longs, 3)).toBe(2 ** 53 - 1);
    expect(Number.isSafeInteger(lk(longs, 3))).toBe(true);
    expect(mk(mixed, 0)).toBe(lk(longs, 0));
    expect(mk(mixed, 1)).toBe(lk(longs, 1));
  });
  it('keys a pair with a NULL, a negative value or a value beyond the ranges by the key string', () => {
    const rows: (number | bigint | null)[][] = [
      [null, 2],
      [1, null],
      [-1, 2],
      [1, -2],
      [2 ** 26, 2],
      [1, 2 ** 27],
      [2 ** 32 + 1, 2], // a long whose low word alone would be in range
      [1, 2n ** 40n + 2n],
      [1, 2n ** 62n],
    ];
    const b = batchOf(LL, rows.map((r) => [0, r]));
    const k = makeStateKeyEncoder(LL, [0, 1]);
    const s = makeKeyEncoder(LL, [0, 1]);
    const keys = rows.map((_, i) => k(b, i));
    for (let i = 0; i < rows.length; i++) {
      expect(typeof keys[i]).toBe('string');
      expect(keys[i]).toBe(s(b, i));
    }
    expect(new Set(keys).size).toBe(rows.length);
    const ints = batchOf(IL, [[0, [-1, 2]]]);
    expect(typeof makeStateKeyEncoder(IL, [0, 1])(ints, 0)).toBe('string');
  });
});

describe('makeRowComparator', () => {
  const types = [T.int4, T.text, T.float8];
  const b = batchOf(types, [
    [0, [2, 'b', 1.5]],
    [0, [null, 'a', NaN]],
    [0, [1, 'B', null]],
    [0, [2, 'a', -1]],
  ]);
  const order = (keys: Parameters<typeof makeRowComparator>[1]) => {
    const cmp = makeRowComparator(types, keys);
    return [0, 1, 2, 3].sort((x, y) => cmp(b, x, b, y));
  };
  it('puts NULLs last for ASC and first for DESC by default, as PostgreSQL', () => {
    expect(order([{ index: 0, desc: false, nullsFirst: false }, { index: 1, desc: false, nullsFirst: false }])).toEqual([2, 3, 0, 1]);
    expect(order([{ index: 0, desc: true, nullsFirst: true }, { index: 1, desc: false, nullsFirst: false }])).toEqual([1, 3, 0, 2]);
    expect(order([{ index: 0, desc: false, nullsFirst: true }])[0]).toBe(1);
  });
  it('orders text by code point and NaN above numbers', () => {
    const byText = order([{ index: 1, desc: false, nullsFirst: false }]);
    expect(byText).toEqual([2, 1, 3, 0]); // 'B' < 'a' = 'a' < 'b'
    expect(order([{ index: 2, desc: false, nullsFirst: false }])).toEqual([3, 0, 1, 2]);
  });
});

describe('compareValues / valuesEqual', () => {
  it('handles number, bigint and Decimal mixes', () => {
    expect(compareValues(T.int8, 5, 9007199254740993n)).toBeLessThan(0);
    expect(compareValues(T.numeric, D('1.5'), 1.5)).toBe(0);
    expect(compareValues(T.numeric, 2n, D('1.5'))).toBeGreaterThan(0);
    expect(valuesEqual(T.numeric, D('1.5'), D('1.50'))).toBe(true);
    expect(valuesEqual(T.float8, -0, 0)).toBe(true);
    expect(valuesEqual(T.float8, NaN, NaN)).toBe(true);
    expect(valuesEqual(T.interval, { months: 1, days: 0, micros: 0 }, { months: 0, days: 30, micros: 0 })).toBe(true);
    expect(valuesEqual({ id: 'bpchar' }, 'a ', 'a')).toBe(true);
    expect(valuesEqual(T.text, 'a ', 'a')).toBe(false);
    expect(compareValues(T.text, null, 'a')).toBeGreaterThan(0);
    expect(compareValues(arrayOf(T.int4), [1, null], [1, 2])).toBeGreaterThan(0);
    expect(compareValues(T.text, 'a', 'ab')).toBeLessThan(0);
  });
});
