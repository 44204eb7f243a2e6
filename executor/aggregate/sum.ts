/**
 * sum(x) with retraction, PostgreSQL result types (docs §9.21): int2/int4 → int8 (error 22003 when
 * the int8 sum overflows), int8 → numeric (display scale 0), numeric → numeric (the largest input
 * display scale), float4 → float4, float8 → float8,
 * interval → interval. NULLs are ignored; the sum of no (non-NULL) rows is NULL, which is why every
 * accumulator also counts its values, as Flink's SumWithRetractAggFunction.
 */
import type { Interval, SqlType } from '../../common/types.ts';
import { Decimal } from 'decimal.js';
import { InternalError } from '../../common/errors.ts';
import { dscaleOf, withScale } from '../../common/numeric-scale.ts';
import type { AggregateFunction } from './aggregate-function.ts';
import { addInt } from './aggregate-function.ts';
import { exactAdd, exactSub } from './numeric-math.ts';

/** Accumulator of an integer sum: [sum, count of values]. */
export type IntSumAcc = [number | bigint, number];
/** Accumulator of a numeric sum: [sum as decimal text, count, count of values per display scale]. */
export type NumericSumAcc = [string, number, number[]];
/** Accumulator of a float sum: [sum, count]. */
export type FloatSumAcc = [number, number];
/** Accumulator of an interval sum: [months, days, micros, count]. */
export type IntervalSumAcc = [number, number, number, number];

function negate(v: number | bigint): number | bigint {
  return typeof v === 'number' ? -v : -v;
}

/**
 * An exact integer sum of int2/int4/int8 inputs. With `returnType` int8 an overflowing result is
 * SqlError 22003; with numeric the result is exact.
 */
export function intSum(argType: SqlType, returnType: SqlType): AggregateFunction<IntSumAcc> {
  const check = returnType.id === 'int8';
  const result = check ? (s: number | bigint) => s : (s: number | bigint) => withScale(new Decimal(s.toString()), 0);
  return {
    name: 'sum',
    argTypes: [argType],
    returnType,
    createAccumulator: () => [0, 0],
    accumulate(acc, args) {
      const v = args[0] as number | bigint | null;
      if (v === null) return acc;
      acc[0] = addInt(acc[0], v, false);
      acc[1]++;
      return acc;
    },
    retract(acc, args) {
      const v = args[0] as number | bigint | null;
      if (v === null) return acc;
      acc[0] = addInt(acc[0], negate(v), false);
      acc[1]--;
      return acc;
    },
    merge(acc, other) {
      acc[0] = addInt(acc[0], other[0], false);
      acc[1] += other[1];
      return acc;
    },
    getValue(acc) {
      if (acc[1] === 0) return null;
      // Overflow is checked on the result, so that a retraction may bring the sum back in range; a
      // number sum is a safe integer (addInt keeps larger ones as bigint), so within int8 already.
      const s = acc[0];
      return result(check && typeof s === 'bigint' ? addInt(s, 0n, true) : s);
    },
  };
}

/** The display scale of a numeric sum: the largest scale with a value still counted (0 when none). */
export function sumScale(acc: NumericSumAcc): number {
  const counts = acc[2];
  for (let i = counts.length - 1; i >= 0; i--) if (counts[i]! > 0) return i;
  return 0;
}

function countScale(acc: NumericSumAcc, scale: number, n: number): void {
  const counts = acc[2];
  while (counts.length <= scale) counts.push(0);
  counts[scale]! += n;
}

/**
 * sum(numeric) → numeric, exact. Its display scale is the largest of the values summed (numeric.c
 * add_var), which survives retraction: the accumulator counts the values of each scale, so the
 * scale falls back when the last value of the largest one is retracted.
 */
export function numericSum(argType: SqlType, returnType: SqlType): AggregateFunction<NumericSumAcc> {
  return {
    name: 'sum',
    argTypes: [argType],
    returnType,
    createAccumulator: () => ['0', 0, []],
    accumulate(acc, args) {
      const v = args[0] as Decimal | null;
      if (v === null) return acc;
      acc[0] = exactAdd(acc[0], v).toString();
      acc[1]++;
      countScale(acc, dscaleOf(v), 1);
      return acc;
    },
    retract(acc, args) {
      const v = args[0] as Decimal | null;
      if (v === null) return acc;
      acc[0] = exactSub(acc[0], v).toString();
      acc[1]--;
      countScale(acc, dscaleOf(v), -1);
      return acc;
    },
    merge(acc, other) {
      acc[0] = exactAdd(acc[0], other[0]).toString();
      acc[1] += other[1];
      other[2].forEach((n, scale) => countScale(acc, scale, n));
      return acc;
    },
    getValue: (acc) => (acc[1] === 0 ? null : withScale(new Decimal(acc[0]), sumScale(acc))),
  };
}

/** sum(float4|float8) in double precision (the float4 result is the same number, typed float4). */
export function floatSum(argType: SqlType, returnType: SqlType): AggregateFunction<FloatSumAcc> {
  return {
    name: 'sum',
    argTypes: [argType],
    returnType,
    createAccumulator: () => [0, 0],
    accumulate(acc, args) {
      const v = args[0] as number | null;
      if (v === null) return acc;
      acc[0] += v;
      acc[1]++;
      return acc;
    },
    retract(acc, args) {
      const v = args[0] as number | null;
      if (v === null) return acc;
      acc[0] -= v;
      acc[1]--;
      return acc;
    },
    merge(acc, other) {
      acc[0] += other[0];
      acc[1] += other[1];
      return acc;
    },
    getValue: (acc) => (acc[1] === 0 ? null : returnType.id === 'float4' ? Math.fround(acc[0]) : acc[0]),
  };
}

/** sum(interval) → interval: months, days and microseconds summed apart, as PostgreSQL's interval_pl. */
export function intervalSum(argType: SqlType, returnType: SqlType): AggregateFunction<IntervalSumAcc> {
  const add = (acc: IntervalSumAcc, v: Interval, sign: number) => {
    acc[0] += sign * v.months;
    acc[1] += sign * v.days;
    acc[2] += sign * v.micros;
    acc[3] += sign;
    return acc;
  };
  return {
    name: 'sum',
    argTypes: [argType],
    returnType,
    createAccumulator: () => [0, 0, 0, 0],
    accumulate: (acc, args) => (args[0] === null ? acc : add(acc, args[0] as Interval, 1)),
    retract: (acc, args) => (args[0] === null ? acc : add(acc, args[0] as Interval, -1)),
    merge(acc, other) {
      for (let i = 0; i < 4; i++) acc[i]! += other[i]!;
      return acc;
    },
    getValue: (acc) => (acc[3] === 0 ? null : ({ months: acc[0], days: acc[1], micros: acc[2] } satisfies Interval)),
  };
}

/** The sum implementation for an argument type (resolved by the registry). */
export function sum(argType: SqlType, returnType: SqlType): AggregateFunction {
  switch (argType.id) {
    case 'int2':
    case 'int4':
    case 'int8':
      return intSum(argType, returnType) as AggregateFunction;
    case 'numeric':
      return numericSum(argType, returnType) as AggregateFunction;
    case 'float4':
    case 'float8':
      return floatSum(argType, returnType) as AggregateFunction;
    case 'interval':
      return intervalSum(argType, returnType) as AggregateFunction;
    default:
      throw new InternalError(`sum over ${argType.id} is not resolvable`);
  }
}
