/**
 * The contract of an aggregate function with retraction, as Flink's AggregateFunction with
 * `retract`/`merge` (used by GroupAggFunction on updating input): the operator keeps one
 * accumulator per group and call in state; accumulators are plain data (numbers, strings, bigints,
 * arrays, Maps, objects of those) so the state backend can snapshot them with v8.serialize.
 */
import type { Decimal } from 'decimal.js';
import { numericText, parseNumericText } from '../../common/numeric-scale.ts';
import type { SqlType } from '../../common/types.ts';
import { SqlError, SqlState } from '../../common/errors.ts';

/**
 * An aggregate function over argument values (JS values of `argTypes`, see common/types.ts; null
 * for SQL NULL). `accumulate`/`retract`/`merge` return the accumulator to keep (the same object when
 * mutated in place, a new value for primitive accumulators). Functions ignore NULL inputs where
 * PostgreSQL does (all but count(*) and array_agg). A retraction of a value that was never
 * accumulated is ignored, as Flink's retracting aggregates do. Errors: SqlError 22003 on overflow.
 */
export interface AggregateFunction<A = unknown> {
  /** The registry name (`sum`, `count_star`, …). */
  readonly name: string;
  readonly argTypes: readonly SqlType[];
  readonly returnType: SqlType;
  /** A fresh accumulator: the state of an empty group. */
  createAccumulator(): A;
  /** Adds one input row's arguments. `args` may be a reused array: do not keep it. */
  accumulate(acc: A, args: readonly unknown[]): A;
  /** Removes one input row's arguments (the inverse of accumulate). */
  retract(acc: A, args: readonly unknown[]): A;
  /** Adds everything `other` holds into `acc` (two-phase aggregation). */
  merge(acc: A, other: A): A;
  /** The result for the rows accumulated so far (null for SQL NULL), a JS value of `returnType`. */
  getValue(acc: A): unknown;
}

/** A map key with content equality for a value of `t` (numbers, strings, bigints as themselves). */
export type ValueKey = number | string | bigint | boolean | null;

/** Value → plain data for state: numerics become their text (with their display scale); arrays are converted element-wise. */
export function toPlain(t: SqlType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (t.id === 'numeric') return numericText(v as Decimal);
  if (t.id === 'array') return (v as unknown[]).map((x) => toPlain(t.element, x));
  return v;
}

/** Plain data from `toPlain` → the value of `t`. */
export function fromPlain(t: SqlType, p: unknown): unknown {
  if (p === null || p === undefined) return null;
  if (t.id === 'numeric') return parseNumericText(p as string);
  if (t.id === 'array') return (p as unknown[]).map((x) => fromPlain(t.element, x));
  return p;
}

/** A content key for value `v` of `t`: equal values (as SQL `IS NOT DISTINCT FROM`) give equal keys. */
export function valueKey(t: SqlType, v: unknown): ValueKey {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'bigint':
    case 'boolean':
      return v;
    default:
      break;
  }
  if (t.id === 'numeric') return (v as Decimal).toString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
  return JSON.stringify(toPlain(t, v), (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
}

/** The content key of a whole argument list. */
export function argsKey(types: readonly SqlType[], args: readonly unknown[]): ValueKey {
  if (types.length === 1) return valueKey(types[0]!, args[0]);
  return JSON.stringify(types.map((t, i) => valueKey(t, args[i])), (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
}

const INT8_MAX = 9223372036854775807n;
const INT8_MIN = -9223372036854775808n;

/** Canonical int8 value: a number when safe, else a bigint (common/types.ts). */
export function canonicalInt8(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** a + b over exact integers, canonical; with `checkInt8`, SqlError 22003 `bigint out of range` beyond int64. */
export function addInt(a: number | bigint, b: number | bigint, checkInt8: boolean): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s;
  }
  const s = BigInt(a) + BigInt(b);
  if (checkInt8 && (s > INT8_MAX || s < INT8_MIN)) throw new SqlError(SqlState.numericValueOutOfRange, 'bigint out of range');
  return canonicalInt8(s);
}
