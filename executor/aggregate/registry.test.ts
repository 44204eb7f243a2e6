import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import { T, arrayOf } from '../../common/types.ts';
import type { AggregateFunction } from './aggregate-function.ts';
import { createAggregate, distinct, resolveAggregate } from './index.ts';
import { numericText, parseNumericText } from '../../common/numeric-scale.ts';

/** Runs `ops` (+ accumulate, - retract) through a fresh accumulator and returns getValue after each. */
function run(fn: AggregateFunction, ops: readonly (readonly ['+' | '-', ...unknown[]])[]): unknown[] {
  let acc = fn.createAccumulator();
  return ops.map(([op, ...args]) => {
    acc = op === '+' ? fn.accumulate(acc, args) : fn.retract(acc, args);
    const v = fn.getValue(acc);
    return v instanceof Decimal ? `D${v.toString()}` : v;
  });
}

function agg(name: string, ...argTypes: SqlType[]): AggregateFunction {
  const sig = resolveAggregate(name, argTypes)!;
  expect(sig).toBeDefined();
  return createAggregate(sig.name, sig.argTypes, sig.returnType);
}

describe('resolveAggregate', () => {
  it('gives PostgreSQL result types', () => {
    const ret = (name: string, ...a: SqlType[]) => resolveAggregate(name, a)?.returnType.id;
    expect(ret('count')).toBe('int8');
    expect(resolveAggregate('count', [])?.name).toBe('count_star');
    expect(ret('count', T.text)).toBe('int8');
    expect(ret('sum', T.int2)).toBe('int8');
    expect(ret('sum', T.int4)).toBe('int8');
    expect(ret('sum', T.int8)).toBe('numeric');
    expect(ret('sum', T.numeric)).toBe('numeric');
    expect(ret('sum', T.float4)).toBe('float4');
    expect(ret('sum', T.float8)).toBe('float8');
    expect(ret('avg', T.int4)).toBe('numeric');
    expect(ret('avg', T.float4)).toBe('float8');
    expect(ret('min', T.timestamp)).toBe('timestamp');
    expect(ret('max', T.text)).toBe('text');
    expect(ret('bool_and', T.bool)).toBe('bool');
    expect(resolveAggregate('every', [T.bool])?.name).toBe('bool_and');
    expect(ret('string_agg', T.varchar, T.unknown)).toBe('text');
    expect(resolveAggregate('array_agg', [T.int4])?.returnType).toEqual(arrayOf(T.int4));
  });

  it('casts arguments and rejects what PostgreSQL rejects', () => {
    expect(resolveAggregate('string_agg', [T.varchar, T.unknown])?.argTypes).toEqual([T.text, T.text]);
    expect(resolveAggregate('sum', [T.text])).toBeUndefined();
    expect(resolveAggregate('sum', [T.unknown])).toBeUndefined();
    expect(resolveAggregate('max', [T.bool])).toBeUndefined();
    expect(resolveAggregate('median', [T.int4])).toBeUndefined();
    expect(() => createAggregate('median', [T.int4], T.int4)).toThrow(SqlError);
  });
});

describe('aggregate functions', () => {
  it('count and count(*) ignore / count NULLs', () => {
    expect(run(agg('count', T.int4), [['+', 1], ['+', null], ['+', 2], ['-', 1]])).toEqual([1, 1, 2, 1]);
    expect(run(agg('count_star'), [['+'], ['+'], ['-']])).toEqual([1, 2, 1]);
  });

  it('sum is NULL for no rows, exact for int8, and overflows as PostgreSQL', () => {
    expect(run(agg('sum', T.int4), [['+', 5], ['+', null], ['+', 7], ['-', 5], ['-', 7]])).toEqual([5, 5, 12, 7, null]);
    const big = 9007199254740991;
    expect(run(agg('sum', T.int8), [['+', big], ['+', big]])).toEqual([`D${big}`, 'D18014398509481982']);
    const s = agg('sum', T.int4);
    let acc = s.createAccumulator();
    const limit = 2147483647;
    acc = s.accumulate(acc, [limit]);
    acc = s.merge(acc, s.accumulate(s.createAccumulator(), [9223372036854775807n]) as never);
    expect(() => s.getValue(acc)).toThrow('bigint out of range');
  });

  it('sums numerics without rounding', () => {
    const r = run(agg('sum', T.numeric), [
      ['+', new Decimal('12345678901234567890.123456789')],
      ['+', new Decimal('0.000000001')],
    ]);
    expect(r).toEqual(['D12345678901234567890.123456789', 'D12345678901234567890.12345679']);
  });

  it('avg divides with PostgreSQL numeric scale', () => {
    expect(run(agg('avg', T.int4), [['+', 1], ['+', 2]])).toEqual(['D1', 'D1.5']);
    const third = run(agg('avg', T.int4), [['+', 1], ['+', 0], ['+', 0]]);
    expect(third[2]).toBe('D0.33333333333333333333');
    expect(run(agg('avg', T.int8), [['+', 10], ['+', 20], ['+', 20]])[2]).toBe('D16.6666666666666667');
    expect(run(agg('avg', T.float8), [['+', 1], ['+', 2], ['-', 1], ['-', 2]])).toEqual([1, 1.5, 2, null]);
  });

  it('min and max survive retraction of the extreme', () => {
    const r = run(agg('min', T.int4), [['+', 5], ['+', 3], ['+', 3], ['+', 8], ['-', 3], ['-', 3], ['-', 5], ['-', 8]]);
    expect(r).toEqual([5, 3, 3, 3, 3, 5, 8, null]);
    expect(run(agg('max', T.text), [['+', 'b'], ['+', 'a'], ['+', 'c'], ['-', 'c']])).toEqual(['b', 'b', 'c', 'b']);
    const n = run(agg('max', T.numeric), [['+', new Decimal('1.5')], ['+', new Decimal('10')], ['-', new Decimal('10')]]);
    expect(n).toEqual(['D1.5', 'D10', 'D1.5']);
  });

  it('min and max without retraction keep only the extreme, as the retracting ones on insert-only input', () => {
    const seq: [SqlType, unknown[]][] = [
      [T.int4, [5, null, 3, 8, 3]],
      [T.int8, [2 ** 60, -(2 ** 53), 9223372036854775807n, 7]],
      [T.text, ['b', 'a', 'é', 'A']],
      [T.float8, [1.5, NaN, -0, 2]],
      [T.numeric, [parseNumericText('1.50'), parseNumericText('1.500'), parseNumericText('-3'), parseNumericText('10.25')]],
    ];
    for (const [t, values] of seq) {
      for (const name of ['min', 'max']) {
        const sig = resolveAggregate(name, [t])!;
        const plain = createAggregate(sig.name, sig.argTypes, sig.returnType, false);
        const multiset = createAggregate(sig.name, sig.argTypes, sig.returnType);
        // Numerics compared with their display scale.
        const show = (v: unknown) => (v instanceof Decimal ? `D${numericText(v)}` : v);
        const ops = values.map((v) => ['+', v] as const);
        expect(run(plain, ops).map(show)).toEqual(run(multiset, ops).map(show));
        // Merging partials (two-phase): the first half's extreme merged with the second half's.
        let a = plain.createAccumulator();
        let b = plain.createAccumulator();
        values.forEach((v, i) => (i < values.length / 2 ? (a = plain.accumulate(a, [v])) : (b = plain.accumulate(b, [v]))));
        expect(show(plain.getValue(plain.merge(structuredClone(a), structuredClone(b))))).toEqual(show(run(multiset, ops).at(-1)));
      }
    }
    // A tie keeps the value seen first, with its display scale.
    const plainNum = createAggregate('min', [T.numeric], T.numeric, false);
    let acc = plainNum.createAccumulator();
    for (const v of ['1.50', '1.500']) acc = plainNum.accumulate(acc, [parseNumericText(v)]);
    expect(numericText(plainNum.getValue(structuredClone(acc)) as Decimal)).toBe('1.50');
    expect(() => agg('min', T.int4).retract(agg('min', T.int4).createAccumulator(), [1])).not.toThrow();
    const plainMin = createAggregate('min', [T.int4], T.int4, false);
    expect(() => plainMin.retract(plainMin.accumulate(plainMin.createAccumulator(), [1]), [1])).toThrow(/without retraction/);
  });

  it('bool_and / bool_or count trues and falses', () => {
    expect(run(agg('bool_and', T.bool), [['+', true], ['+', false], ['-', false], ['-', true]])).toEqual([true, false, true, null]);
    expect(run(agg('bool_or', T.bool), [['+', false], ['+', true], ['-', true]])).toEqual([false, true, false]);
  });

  it('string_agg keeps arrival order and per-row delimiters; array_agg keeps NULLs', () => {
    const r = run(agg('string_agg', T.text, T.text), [
      ['+', 'a', ','],
      ['+', 'b', ';'],
      ['+', null, ','],
      ['+', 'a', ','],
      ['-', 'b', ';'],
    ]);
    expect(r).toEqual(['a', 'a;b', 'a;b', 'a;b,a', 'a,a']);
    expect(run(agg('array_agg', T.int4), [['+', 1], ['+', null], ['+', 1], ['-', 1]])).toEqual([[1], [1, null], [1, null, 1], [1, null]]);
  });

  it('distinct feeds the inner aggregate on first add and last remove', () => {
    const c = distinct(agg('count', T.int4));
    expect(run(c, [['+', 1], ['+', 1], ['+', 2], ['-', 1], ['-', 1]])).toEqual([1, 1, 2, 2, 1]);
    const s = distinct(agg('sum', T.int4));
    expect(run(s, [['+', 5], ['+', 5], ['+', 7]])).toEqual([5, 5, 12]);
  });

  it('accumulators survive structured cloning (state snapshots)', () => {
    const m = agg('max', T.numeric);
    let acc = m.createAccumulator();
    acc = m.accumulate(acc, [new Decimal('2.5')]);
    acc = structuredClone(acc);
    acc = m.accumulate(acc, [new Decimal('1')]);
    expect(String(m.getValue(acc))).toBe('2.5');
  });
});

describe('numeric display scale of aggregates', () => {
  const text = (v: unknown) => (v === null ? null : numericText(v as Decimal));
  const N = parseNumericText;

  it('sum keeps the largest input scale, also across retraction', () => {
    const s = agg('sum', T.numeric);
    let acc = s.createAccumulator();
    acc = s.accumulate(acc, [N('1.10')]);
    acc = s.accumulate(acc, [N('2.2')]);
    expect(text(s.getValue(acc))).toBe('3.30');
    acc = s.accumulate(acc, [N('0.001')]);
    expect(text(s.getValue(acc))).toBe('3.301');
    acc = s.retract(acc, [N('0.001')]);
    expect(text(s.getValue(acc))).toBe('3.30');
    acc = structuredClone(acc);
    const other = s.accumulate(s.createAccumulator(), [N('1.0000')]);
    expect(text(s.getValue(s.merge(acc, other)))).toBe('4.3000');
    expect(text(agg('sum', T.int8).getValue(agg('sum', T.int8).accumulate(agg('sum', T.int8).createAccumulator(), [5])))).toBe('5');
  });

  it('avg divides with PostgreSQL scale', () => {
    const a = agg('avg', T.int4);
    let acc = a.createAccumulator();
    acc = a.accumulate(acc, [1]);
    acc = a.accumulate(acc, [2]);
    expect(text(a.getValue(acc))).toBe('1.5000000000000000');
    const n = agg('avg', T.numeric);
    let nacc = n.createAccumulator();
    for (const v of ['85', '85']) nacc = n.accumulate(nacc, [N(v)]);
    expect(text(n.getValue(nacc))).toBe('85.0000000000000000');
    nacc = n.accumulate(nacc, [N('85.00000000000000000000')]);
    expect(text(n.getValue(nacc))).toBe('85.00000000000000000000');
  });

  it('min and max return the input value with its scale', () => {
    for (const name of ['min', 'max']) {
      const m = agg(name, T.numeric);
      let acc = m.createAccumulator();
      acc = m.accumulate(acc, [N('1.50')]);
      acc = m.accumulate(acc, [N('1.500')]);
      acc = structuredClone(acc);
      expect(text(m.getValue(acc))).toBe('1.50');
    }
  });
});
