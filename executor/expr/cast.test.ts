import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { arrayOf, T, type SqlType } from '../../common/types.ts';
import { canCast, castValue } from './cast.ts';
import { errorText } from '../../tests/error-text.ts';

const err = errorText;
const D = (s: string) => new Decimal(s);

describe('castValue', () => {
  it('numeric → int rounds half away from zero, float → int half to even', () => {
    expect(castValue(T.numeric, T.int4, D('2.5'))).toBe(3);
    expect(castValue(T.numeric, T.int4, D('-2.5'))).toBe(-3);
    expect(castValue(T.float8, T.int4, 2.5)).toBe(2);
    expect(castValue(T.float8, T.int4, 3.5)).toBe(4);
    expect(castValue(T.float8, T.int8, -0.4)).toBe(0);
    expect(castValue(T.numeric, T.int8, D('9223372036854775807'))).toBe(9223372036854775807n);
  });

  it('range-checks with PostgreSQL messages', () => {
    expect(err(() => castValue(T.int8, T.int4, 2147483648))).toBe('22003 integer out of range');
    expect(err(() => castValue(T.int4, T.int2, 40000))).toBe('22003 smallint out of range');
    expect(err(() => castValue(T.numeric, T.int8, D('1e19')))).toBe('22003 bigint out of range');
    expect(err(() => castValue(T.float8, T.int4, NaN))).toBe('22003 integer out of range');
    expect(err(() => castValue({ id: 'numeric', precision: 3, scale: 1 }, { id: 'numeric', precision: 3, scale: 1 }, D('123.4')))).toBe('22003 numeric field overflow');
    expect(err(() => castValue(T.text, T.int4, 'abc'))).toBe('22P02 invalid input syntax for type integer: "abc"');
    expect(err(() => castValue(T.date, T.int4, 1))).toBe('42846 cannot cast type date to integer');
  });

  it('converts between numeric types', () => {
    expect(String(castValue(T.float8, T.numeric, 0.1 + 0.2))).toBe('0.3');
    expect(String(castValue(T.int8, T.numeric, 9007199254740993n))).toBe('9007199254740993');
    expect(castValue(T.numeric, T.float8, D('1.25'))).toBe(1.25);
    expect(String(castValue({ id: 'numeric' }, { id: 'numeric', precision: 5, scale: 2 }, D('1.005')))).toBe('1.01');
    expect(castValue(T.int4, T.float4, 16777217)).toBe(16777216);
  });

  it('converts to and from text', () => {
    expect(castValue(T.bool, T.text, true)).toBe('true');
    expect(castValue(T.int4, T.text, 42)).toBe('42');
    expect(castValue(T.float8, T.text, 1e20)).toBe('1e+20');
    expect(castValue(T.text, T.bool, 'yes')).toBe(true);
    expect(castValue(T.unknown, T.date, '2024-01-02')).toBe(19724);
    expect(castValue(T.text, { id: 'bpchar', length: 5 }, 'ab')).toBe('ab   ');
    expect(castValue({ id: 'bpchar', length: 5 }, T.text, 'ab   ')).toBe('ab');
    expect(castValue(T.text, { id: 'varchar', length: 2 }, 'abc')).toBe('ab');
    expect(castValue(arrayOf(T.int4), T.text, [1, null])).toBe('{1,NULL}');
    expect(castValue(T.text, arrayOf(T.int4), '{1,2}')).toEqual([1, 2]);
    expect(castValue(T.json, T.jsonb, '{"b":1, "a":2}')).toBe('{"a": 2, "b": 1}');
  });

  it('converts dates and times, bools and arrays', () => {
    const day = 86_400_000_000;
    expect(castValue(T.date, T.timestamp, 2)).toBe(2 * day);
    expect(castValue(T.timestamp, T.date, -1)).toBe(-1);
    expect(castValue(T.timestamptz, T.timestamp, 5)).toBe(5);
    expect(castValue(T.timestamp, T.time, day + 7)).toBe(7);
    expect(castValue(T.bool, T.int4, true)).toBe(1);
    expect(castValue(T.int4, T.bool, 0)).toBe(false);
    expect(castValue(arrayOf(T.text), arrayOf(T.int4), ['1', null])).toEqual([1, null]);
    expect(castValue(T.int4, T.int8, null)).toBe(null);
    expect(castValue({ id: 'timestamp', precision: 0 } as SqlType, { id: 'timestamp', precision: 0 }, 1_500_000)).toBe(2_000_000);
  });

  it('knows which casts exist', () => {
    expect(canCast(T.int4, T.text)).toBe(true);
    expect(canCast(T.text, T.interval)).toBe(true);
    expect(canCast(T.date, T.int4)).toBe(false);
    expect(canCast(T.bool, T.int8)).toBe(false);
    expect(canCast(arrayOf(T.int4), arrayOf(T.text))).toBe(true);
  });
});
