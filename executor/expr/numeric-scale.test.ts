import { describe, expect, it } from 'vitest';
import { formatValue } from '../../common/pg-text.ts';
import { bind } from '../../planner/binder/testing/harness.ts';
import { batchOf, RowBatchBuilder } from '../row/binary-row.ts';
import { columnReader } from './column-reader.ts';
import { compileExpr } from './compile-expr.ts';
import { compileProjection, compileRowProjection } from './compile-projection.ts';
import { compileScaled } from './compile-scaled.ts';
import { writeScaledText } from '../../common/numeric-scale.ts';

/**
 * The text PostgreSQL prints for each column of `sql` (a query over table `s` or `u` of the binder's
 * test catalog, or none), evaluated over one input row `row`: once as a value and once written into
 * a binary row and read back, which must agree.
 */
function pg(sql: string, row: readonly unknown[] = []): string[] {
  const plan = bind(sql).plan;
  if (plan.kind !== 'Project') throw new Error(`not a projection: ${plan.kind}`);
  const inTypes = plan.input.schema.map((f) => f.type);
  const batch = batchOf(inTypes, [[0, inTypes.length ? row : []]]);
  const direct = plan.exprs.map((e) => formatValue(e.type, compileExpr(e, inTypes)(batch, 0)));
  const outTypes = plan.exprs.map((e) => e.type);
  const out = new RowBatchBuilder(outTypes, 256, 2);
  out.beginRow(0);
  compileProjection(plan.exprs, inTypes, outTypes)(batch, 0, out);
  out.endRow();
  const written = out.finish();
  const viaRow = outTypes.map((t, i) => formatValue(t, columnReader(outTypes, i)(written, 0)));
  expect(viaRow).toEqual(direct);
  // The same row written as Calc writes it: pass-through columns copied, the rest computed.
  const { copy, rest } = compileRowProjection(plan.exprs, inTypes, outTypes);
  out.beginCopiedRow(batch, 0, copy);
  rest?.(batch, 0, out);
  out.endRow();
  const copied = out.finish();
  expect(outTypes.map((t, i) => formatValue(t, columnReader(outTypes, i)(copied, 0)))).toEqual(direct);
  return direct;
}

describe('numeric display scale, as PostgreSQL prints it', () => {
  it('literals and casts', () => {
    expect(pg('SELECT 1.50, 1.50::numeric, 1e3::numeric, 0.000')).toEqual(['1.50', '1.50', '1000', '0.000']);
    expect(pg('SELECT CAST(1.5 AS numeric(10,3)), 2::numeric, 12345678901234567890::numeric')).toEqual(['1.500', '2', '12345678901234567890']);
    expect(pg("SELECT '1.250'::numeric, 1.5::float8::numeric, 0.1::float4::numeric, 1e20::float8::numeric")).toEqual([
      '1.250',
      '1.5',
      '0.1',
      '100000000000000000000',
    ]);
    expect(pg('SELECT 1.50::numeric::text, -1.50')).toEqual(['1.50', '-1.50']);
  });

  it('arithmetic: + − % keep the larger scale, * the sum, / at least 16 significant digits', () => {
    expect(pg('SELECT 1.50 + 1, 1.5 - 1.25, 2.0 * 3.00, 7.50 % 2')).toEqual(['2.50', '0.25', '6.000', '1.50']);
    expect(pg('SELECT 1/3::numeric, 10::numeric / 4, 7.0 / 2, 0 / 3.0')).toEqual([
      '0.33333333333333333333',
      '2.5000000000000000',
      '3.5000000000000000',
      '0.00000000000000000000',
    ]);
    expect(pg('SELECT 0.908 * 1000::bigint, abs(-1.50), -(2.50)')).toEqual(['908.000', '1.50', '-2.50']);
    expect(pg('SELECT 1.0000000000000000000001 * 10, 123456789012.5 / 0.5')).toEqual(['10.0000000000000000000010', '246913578025.00000000']);
  });

  it('math functions', () => {
    expect(pg('SELECT round(2.5), round(1.2345, 2), round(1234.5, -2), trunc(1.999, 1), round(1.5, 3)')).toEqual(['3', '1.23', '1200', '1.9', '1.500']);
    expect(pg('SELECT ceil(1.20), floor(-1.10), sign(-2.50)')).toEqual(['2', '-2', '-1']);
    expect(pg('SELECT ln(2.0), exp(1.0), log(2.0, 64.0), sqrt(2.0)')).toEqual(['0.6931471805599453', '2.7182818284590452', '6.0000000000000000', '1.414213562373095']);
    expect(pg('SELECT 2.0 ^ 3, power(1.5, 2)')).toEqual(['8.0000000000000000', '2.2500000000000000']);
  });

  it('over columns: 0.908 * price keeps scale 3 for any bigint', () => {
    expect(pg('SELECT 0.908 * d, d * 1.5 + 0.25, d - 0.5 FROM u', [1, 1000, null])).toEqual(['908.000', '1500.25', '999.5']);
    expect(pg('SELECT 0.908 * d, d * 1.5 + 0.25 FROM u', [1, -7, null])).toEqual(['-6.356', '-10.25']);
    expect(pg('SELECT 0.908 * d FROM u', [1, 9007199254740991, null])).toEqual(['8178536923304819.828']);
    expect(pg('SELECT 0.908 * d FROM u', [1, 9223372036854775807n, null])).toEqual(['8374821809464136432.756']);
    expect(pg('SELECT 0.908 * d FROM u', [1, 0, null])).toEqual(['0.000']);
    expect(pg('SELECT v + 1, v * 2.0 FROM s', [1, null, null])).toEqual(['NULL', 'NULL']);
  });

  it('extract gives numeric with PostgreSQL 14 scales', () => {
    expect(pg("SELECT extract(second FROM TIMESTAMP '2024-03-15 13:45:30.25'), extract(epoch FROM TIMESTAMP '1970-01-02 00:00:00')")).toEqual([
      '30.250000',
      '86400.000000',
    ]);
    expect(pg("SELECT extract(year FROM DATE '2024-03-15'), extract(milliseconds FROM TIME '00:00:01.5')")).toEqual(['2024', '1500.000']);
  });
});

describe('scaled-integer projection of numeric expressions over integers', () => {
  it('agrees with Decimal evaluation across the int8 range, falling back beyond 2^53', () => {
    const sql =
      'SELECT 0.908 * d, d * 1.5 - 0.25, -(d * 2.00) + d, CAST(d * 0.5 AS numeric(25, 3)), abs(d - 10.5), (a + 1)::numeric * 0.01, a * 1.000001 FROM u';
    const values: (number | bigint)[] = [0, 1, -1, 7, -123456789, 2 ** 31, 4503599627370495, -4503599627370496, 9007199254740991, -9007199254740991];
    values.push(9223372036854775807n, -9223372036854775808n);
    for (let i = 0; i < 200; i++) values.push(Math.round((Math.random() - 0.5) * 2 ** (2 + (i % 52))));
    for (const v of values) pg(sql, [1, v, null]); // pg() checks the written row against Decimal evaluation
    const plan = bind(sql).plan;
    if (plan.kind !== 'Project') throw new Error('not a projection');
    const inTypes = plan.input.schema.map((f) => f.type);
    expect(plan.exprs.map((e) => compileScaled(e, inTypes)?.scale)).toEqual([3, 2, 2, 3, 1, 2, 6]);
    const scaledText = (u: number, scale: number) => {
      const b = new Uint8Array(32);
      return new TextDecoder().decode(b.subarray(0, writeScaledText(b, 0, u, scale)));
    };
    expect(scaledText(-6356, 3)).toBe('-6.356');
    expect(scaledText(5, 3)).toBe('0.005');
    expect(scaledText(-0, 2)).toBe('0.00');
  });

  it('raises numeric field overflow as the Decimal path does', () => {
    expect(() => pg('SELECT CAST(d * 1.5 AS numeric(5, 2)) FROM u', [1, 1000, null])).toThrow('numeric field overflow');
    expect(pg('SELECT CAST(d * 1.5 AS numeric(5, 2)) FROM u', [1, 666, null])).toEqual(['999.00']);
  });
});
