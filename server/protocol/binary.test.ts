/** Binary format round trips for every type, and byte layouts checked against PostgreSQL's send functions. */
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { numericText, parseNumericText } from '../../common/numeric-scale.ts';
import { T, arrayOf } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import { binaryBytes, decodeBinary, wireTypeOid } from './binary.ts';

const roundTrip = (t: SqlType, v: unknown): unknown => decodeBinary(t, binaryBytes(t, v));
const hex = (t: SqlType, v: unknown): string => binaryBytes(t, v).toString('hex');

describe('binary values', () => {
  it('round-trips scalars', () => {
    const cases: [SqlType, unknown][] = [
      [T.bool, true],
      [T.bool, false],
      [T.int2, -32768],
      [T.int4, 2147483647],
      [T.int8, -1],
      [T.int8, 9007199254740991],
      [T.int8, -9007199254740991],
      [T.int8, 9223372036854775807n],
      [T.int8, -9223372036854775808n],
      [T.float4, 1.5],
      [T.float8, -0.1],
      [T.float8, Infinity],
      [T.text, 'héllo ☃'],
      [T.varchar, ''],
      [T.json, '{"a":1}'],
      [T.jsonb, '{"a": 1}'],
      [T.uuid, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
      [T.date, 19723],
      [T.date, -800000],
      [T.date, Infinity],
      [T.time, 86_399_999_999],
      [T.timestamp, 1704067200123456],
      [T.timestamptz, -1],
      [T.timestamp, -Infinity],
      [T.interval, { months: 14, days: -3, micros: 3_600_000_001 }],
    ];
    for (const [t, v] of cases) expect(roundTrip(t, v), `${t.id} ${String(v)}`).toEqual(v);
    expect(roundTrip(T.float8, NaN)).toBeNaN();
    expect(roundTrip(T.bytea, new Uint8Array([0, 1, 255]))).toEqual(new Uint8Array([0, 1, 255]));
  });

  it('lays out values as PostgreSQL does', () => {
    expect(hex(T.int4, 1)).toBe('00000001');
    expect(hex(T.int8, -2)).toBe('fffffffffffffffe');
    expect(hex(T.date, 10957)).toBe('00000000'); // 2000-01-01
    expect(hex(T.timestamp, 946684800000000 + 1)).toBe('0000000000000001');
    expect(hex(T.jsonb, '1')).toBe('0131');
    expect(hex(T.interval, { months: 1, days: 2, micros: 3 })).toBe('00000000000000030000000200000001');
    // numeric 1234.5678: ndigits 2, weight 0, sign +, dscale 4, digits 1234 5678
    expect(hex(T.numeric, new Decimal('1234.5678'))).toBe('0002000000000004' + '04d2' + '162e');
    // numeric -0.0001: ndigits 1, weight -1, sign −, dscale 4, digit 1
    expect(hex(T.numeric, new Decimal('-0.0001'))).toBe('0001ffff40000004' + '0001');
    // numeric 10000: one digit 1 of weight 1
    expect(hex(T.numeric, new Decimal('10000'))).toBe('0001000100000000' + '0001');
    expect(hex(T.numeric, new Decimal(0))).toBe('0000000000000000');
    // numeric(10,2) 1.5: dscale comes from the type's scale; digits 1 and 5000
    expect(hex({ id: 'numeric', precision: 10, scale: 2 }, new Decimal('1.5'))).toBe('0002000000000002' + '0001' + '1388');
  });

  it('sends and receives the display scale', () => {
    // 1.50: ndigits 2, weight 0, sign +, dscale 2, digits 1 and 5000
    expect(hex(T.numeric, parseNumericText('1.50'))).toBe('0002000000000002' + '0001' + '1388');
    // 1000 (from 1e3): dscale 0; 0.000: no digits, dscale 3
    expect(hex(T.numeric, parseNumericText('1e3'))).toBe('0001000000000000' + '03e8');
    expect(hex(T.numeric, parseNumericText('0.000'))).toBe('0000000000000003');
    expect(numericText(roundTrip(T.numeric, parseNumericText('2.500')) as Decimal)).toBe('2.500');
    expect(numericText(roundTrip(T.numeric, parseNumericText('0.00')) as Decimal)).toBe('0.00');
  });

  it('round-trips numerics', () => {
    for (const s of ['0', '1', '-1', '12345678901234567890.123456789', '0.000000001', '-99990000', '1e-20', '123.45']) {
      const d = roundTrip(T.numeric, new Decimal(s)) as Decimal;
      expect(d.equals(new Decimal(s)), s).toBe(true);
    }
    expect((roundTrip(T.numeric, new Decimal(NaN)) as Decimal).isNaN()).toBe(true);
    expect((roundTrip(T.numeric, new Decimal(-Infinity)) as Decimal).toString()).toBe('-Infinity');
  });

  it('round-trips arrays, with NULLs, empty and two-dimensional', () => {
    const ints = arrayOf(T.int4);
    expect(roundTrip(ints, [1, null, 3])).toEqual([1, null, 3]);
    expect(roundTrip(ints, [])).toEqual([]);
    expect(roundTrip(arrayOf(T.text), ['a', 'b'])).toEqual(['a', 'b']);
    const grid = arrayOf(arrayOf(T.int8));
    expect(roundTrip(grid, [[1, 2], [3, 4]])).toEqual([[1, 2], [3, 4]]);
    expect(wireTypeOid(grid)).toBe(1016);
    // int4[] {1,2}: ndim 1, no nulls, oid 23, size 2, lbound 1, then (4, 1), (4, 2)
    expect(hex(ints, [1, 2])).toBe('00000001' + '00000000' + '00000017' + '00000002' + '00000001' + '0000000400000001' + '0000000400000002');
  });

  it('rejects malformed input with 22P03', () => {
    expect(() => decodeBinary(T.int4, Buffer.from([1, 2]))).toThrow(expect.objectContaining({ code: '22P03' }));
    expect(() => decodeBinary(T.jsonb, Buffer.from([2, 0x31]))).toThrow(expect.objectContaining({ code: '22P03' }));
    expect(() => decodeBinary(T.numeric, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]))).toThrow(expect.objectContaining({ code: '22P03' }));
    expect(() => decodeBinary(arrayOf(T.int4), Buffer.from('000000010000000000000017', 'hex'))).toThrow(expect.objectContaining({ code: '22P03' }));
  });
});
