import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatValue, parseValue } from './pg-text.ts';
import { arrayOf, T, type SqlType } from './types.ts';

const fmt = (t: SqlType, v: unknown, o?: Parameters<typeof formatValue>[2]) => formatValue(t, v, o);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return `${(e as { code: string }).code} ${(e as Error).message}`;
  }
  return 'no error';
};

describe('formatValue', () => {
  it('prints floats as PostgreSQL 12+ (shortest round trip)', () => {
    const out = [1e20, 0.0001, 0.00001, 1.5, 0.1 + 0.2, 1e15, 1e14, 123456789012345, -0, NaN, Infinity, -Infinity, 1.5e300, -2.5e-10];
    expect(out.map((v) => fmt(T.float8, v))).toEqual([
      '1e+20', '0.0001', '1e-05', '1.5', '0.30000000000000004', '1e+15', '100000000000000', '123456789012345', '-0', 'NaN', 'Infinity', '-Infinity', '1.5e+300', '-2.5e-10',
    ]);
    expect([Math.fround(0.1), Math.fround(1e6), 123456, Math.fround(3.14159)].map((v) => fmt(T.float4, v))).toEqual(['0.1', '1e+06', '123456', '3.14159']);
    expect(fmt(T.float8, 0.1 + 0.2, { extraFloatDigits: 0 })).toBe('0.3');
  });

  it('prints scalars', () => {
    expect(fmt(T.bool, true)).toBe('t');
    expect(fmt(T.int8, 9007199254740993n)).toBe('9007199254740993');
    expect(fmt(T.numeric, new Decimal('1.50'))).toBe('1.5');
    expect(fmt({ id: 'numeric', precision: 10, scale: 2 }, new Decimal('1.5'))).toBe('1.50');
    expect(fmt(T.numeric, new Decimal('1e25'))).toBe('10000000000000000000000000');
    expect(fmt(T.bytea, new Uint8Array([0, 171, 255]))).toBe('\\x00abff');
    expect(fmt(T.date, 20779)).toBe('2026-11-22');
    expect(fmt(T.time, (5 * 3600 + 49 * 60 + 34) * 1e6 + 123000)).toBe('05:49:34.123');
  });

  it('prints timestamps in ISO style, timestamptz in the session zone', () => {
    const ts = parseValue(T.timestamp, '2026-11-22 05:49:34.123456') as number;
    expect(fmt(T.timestamp, ts)).toBe('2026-11-22 05:49:34.123456');
    expect(fmt(T.timestamp, parseValue(T.timestamp, '2026-11-22T05:49:34'))).toBe('2026-11-22 05:49:34');
    expect(fmt(T.timestamptz, ts)).toBe('2026-11-22 05:49:34.123456+00');
    expect(fmt(T.timestamptz, 0, { timeZone: 'America/New_York' })).toBe('1969-12-31 19:00:00-05');
    expect(fmt(T.timestamptz, 0, { timeZone: 'Asia/Kolkata' })).toBe('1970-01-01 05:30:00+05:30');
    expect(fmt(T.timestamptz, parseValue(T.timestamptz, '2026-07-01 12:00:00+02'), { timeZone: 'Europe/Paris' })).toBe('2026-07-01 12:00:00+02');
    expect(fmt(T.date, parseValue(T.date, '0044-03-15 BC'))).toBe('0044-03-15 BC');
  });

  it('prints intervals in the postgres style', () => {
    const cases: [string, string][] = [
      ['1 year 2 mons 3 days 04:05:06.5', '1 year 2 mons 3 days 04:05:06.5'],
      ['1 day', '1 day'],
      ['2 hours 3 minutes', '02:03:00'],
      ['01:02:03', '01:02:03'],
      ['1 s', '00:00:01'],
      ['10 seconds', '00:00:10'],
      ['P1D', '1 day'],
      ['P1Y2M3DT4H5M6.5S', '1 year 2 mons 3 days 04:05:06.5'],
      ['-1 days +02:00:00', '-1 days +02:00:00'],
      ['@ 1 day 2 hours ago', '-1 days -02:00:00'],
      ['1.5 days', '1 day 12:00:00'],
      ['1.5 months', '1 mon 15 days'],
      ['-1 year -2 mons', '-1 years -2 mons'],
      ['0', '00:00:00'],
      ['3 weeks', '21 days'],
    ];
    for (const [input, out] of cases) expect(fmt(T.interval, parseValue(T.interval, input)), input).toBe(out);
  });

  it('prints arrays with PostgreSQL quoting, maps and rows as JSON', () => {
    expect(fmt(arrayOf(T.int4), [1, 2, null])).toBe('{1,2,NULL}');
    expect(fmt(arrayOf(T.text), ['a b', null, 'x', '', 'NULL', 'q"\\'])).toBe('{"a b",NULL,x,"","NULL","q\\"\\\\"}');
    expect(fmt(arrayOf(arrayOf(T.int4)), [[1, 2], [3, 4]])).toBe('{{1,2},{3,4}}');
    expect(fmt({ id: 'map', key: T.text, value: T.int8 }, new Map([['a', 1]]))).toBe('{"a":1}');
    expect(fmt({ id: 'row', fields: [{ name: 'x', type: T.int4 }, { name: 'y', type: T.text }] }, [1, 'b'])).toBe('{"x":1,"y":"b"}');
  });
});

describe('parseValue', () => {
  it('parses scalars', () => {
    expect(['t', 'TRUE', 'yes', 'on', '1', ' f ', 'of', 'no'].map((s) => parseValue(T.bool, s))).toEqual([true, true, true, true, true, false, false, false]);
    expect(parseValue(T.int8, '9223372036854775807')).toBe(9223372036854775807n);
    expect(parseValue(T.int8, ' -42 ')).toBe(-42);
    expect(parseValue(T.float8, '-Infinity')).toBe(-Infinity);
    expect(Number.isNaN(parseValue(T.float8, 'NaN'))).toBe(true);
    expect(parseValue(T.float8, '1e-5')).toBe(0.00001);
    expect(String(parseValue(T.numeric, '  12.500 '))).toBe('12.5');
    expect(parseValue(T.uuid, '{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(parseValue(T.bytea, '\\x00ff')).toEqual(new Uint8Array([0, 255]));
    expect(parseValue(T.jsonb, '{"b":1,"a":[1,2]}')).toBe('{"a": [1, 2], "b": 1}');
    expect(parseValue(arrayOf(T.text), '{a,"b c",NULL,"NULL", d }')).toEqual(['a', 'b c', null, 'NULL', 'd']);
    expect(parseValue(T.timestamptz, '2024-01-01 00:00:00Z')).toBe(1704067200e6);
    expect(parseValue(T.timestamptz, '2024-01-01 01:00:00+01:00')).toBe(1704067200e6);
  });

  it('round-trips through formatValue', () => {
    const cases: [SqlType, string][] = [
      [T.int4, '-17'],
      [T.float8, '1e+20'],
      [T.float8, '0.1'],
      [T.numeric, '123.456'],
      [T.date, '2024-02-29'],
      [T.timestamp, '1999-12-31 23:59:59.999999'],
      [T.interval, '1 year 2 mons 3 days 04:05:06.5'],
      [arrayOf(T.text), '{a,"b c",NULL}'],
      [T.bytea, '\\xdeadbeef'],
    ];
    for (const [t, s] of cases) expect(fmt(t, parseValue(t, s))).toBe(s);
  });

  it('raises PostgreSQL errors for bad input', () => {
    expect(code(() => parseValue(T.int4, 'x'))).toBe('22P02 invalid input syntax for type integer: "x"');
    expect(code(() => parseValue(T.int4, '99999999999'))).toBe('22003 value "99999999999" is out of range for type integer');
    expect(code(() => parseValue(T.int2, '40000'))).toBe('22003 value "40000" is out of range for type smallint');
    expect(code(() => parseValue(T.date, '2023-02-30'))).toBe('22008 date/time field value out of range: "2023-02-30"');
    expect(code(() => parseValue(T.date, 'foo'))).toBe('22007 invalid input syntax for type date: "foo"');
    expect(code(() => parseValue(T.bool, 'maybe'))).toBe('22P02 invalid input syntax for type boolean: "maybe"');
    expect(code(() => parseValue(T.float8, '1e400'))).toBe('22003 "1e400" is out of range for type double precision');
    expect(code(() => parseValue(T.uuid, 'abc'))).toBe('22P02 invalid input syntax for type uuid: "abc"');
    expect(code(() => parseValue(T.interval, 'soon'))).toBe('22007 invalid input syntax for type interval: "soon"');
  });
});
