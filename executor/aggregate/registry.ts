/**
 * The aggregate function registry the binder resolves calls against, with PostgreSQL's signatures
 * and result types (docs §9.21, pg_aggregate): resolution picks the candidate whose argument type
 * matches exactly, else the first (in PostgreSQL's order int2 < int4 < int8 < numeric < float4 <
 * float8) that the argument converts to implicitly; the binder casts arguments to the returned
 * `argTypes`.
 */
import type { SqlType } from '../../common/types.ts';
import { arrayOf, canImplicitCast, T } from '../../common/types.ts';
import { SqlError, SqlState } from '../../common/errors.ts';
import type { AggregateFunction } from './aggregate-function.ts';
import { count, countStar } from './count.ts';
import { sum } from './sum.ts';
import { avg } from './avg.ts';
import { minMax, minMaxInsertOnly } from './min-max.ts';
import { boolAgg } from './bool-and-or.ts';
import { stringAgg } from './string-agg.ts';
import { arrayAgg } from './array-agg.ts';

/** A resolved aggregate signature: the registry name, the types to cast the arguments to, the result type. */
export interface AggregateSignature {
  readonly name: string;
  readonly argTypes: readonly SqlType[];
  readonly returnType: SqlType;
}

/** [argument type, result type] candidates of a one-argument numeric aggregate, in PostgreSQL's order. */
const SUM: readonly [SqlType, SqlType][] = [
  [T.int2, T.int8],
  [T.int4, T.int8],
  [T.int8, T.numeric],
  [T.numeric, T.numeric],
  [T.float4, T.float4],
  [T.float8, T.float8],
  [T.interval, T.interval],
];
const AVG: readonly [SqlType, SqlType][] = [
  [T.int2, T.numeric],
  [T.int4, T.numeric],
  [T.int8, T.numeric],
  [T.numeric, T.numeric],
  [T.float4, T.float8],
  [T.float8, T.float8],
];

/** Types min/max have no ordering for (PostgreSQL has no min(boolean), min(json), …). */
const UNORDERED = new Set(['bool', 'json', 'jsonb', 'map', 'row', 'unknown']);

function pick(candidates: readonly [SqlType, SqlType][], arg: SqlType): [SqlType, SqlType] | undefined {
  if (arg.id === 'unknown') return undefined; // PostgreSQL: function sum(unknown) is not unique
  const exact = candidates.find(([a]) => a.id === arg.id);
  if (exact) return arg.id === 'numeric' ? [arg, T.numeric] : exact;
  return candidates.find(([a]) => canImplicitCast(arg, a));
}

/**
 * Resolves `name(argTypes)`; undefined when no such aggregate exists for those types (the binder
 * raises 42883 `function sum(text) does not exist`). `count` with no arguments is `count_star`.
 * The result's argTypes are what the binder must cast the arguments to (e.g. `unknown` → text).
 */
export function resolveAggregate(name: string, argTypes: readonly SqlType[]): AggregateSignature | undefined {
  const n = argTypes.length;
  const a0 = argTypes[0];
  switch (name) {
    case 'count_star':
      return n === 0 ? { name, argTypes: [], returnType: T.int8 } : undefined;
    case 'count':
      if (n === 0) return { name: 'count_star', argTypes: [], returnType: T.int8 };
      return n === 1 ? { name, argTypes: [a0!.id === 'unknown' ? T.text : a0!], returnType: T.int8 } : undefined;
    case 'sum':
    case 'avg': {
      if (n !== 1) return undefined;
      const c = pick(name === 'sum' ? SUM : AVG, a0!);
      return c && { name, argTypes: [c[0]], returnType: c[1] };
    }
    case 'min':
    case 'max': {
      if (n !== 1) return undefined;
      const t = a0!.id === 'unknown' ? T.text : a0!;
      if (UNORDERED.has(t.id)) return undefined;
      return { name, argTypes: [t], returnType: t };
    }
    case 'bool_and':
    case 'bool_or':
    case 'every':
      if (n !== 1 || !canImplicitCast(a0!, T.bool)) return undefined;
      return { name: name === 'every' ? 'bool_and' : name, argTypes: [T.bool], returnType: T.bool };
    case 'string_agg':
      if (n !== 2 || !argTypes.every((t) => t.id === 'unknown' || canImplicitCast(t, T.text))) return undefined;
      return { name, argTypes: [T.text, T.text], returnType: T.text };
    case 'array_agg': {
      if (n !== 1) return undefined;
      const t = a0!.id === 'unknown' ? T.text : a0!;
      if (t.id === 'array') return undefined; // multi-dimensional results are not supported
      return { name, argTypes: [t], returnType: arrayOf(t) };
    }
    default:
      return undefined;
  }
}

/**
 * Creates the aggregate `name` for a signature from `resolveAggregate`. Throws SqlError 42883 for a
 * name the registry does not know. `needRetraction` false (the caller's input is insert-only, as
 * Flink's AggregateUtil decides per call) lets min/max keep only the extreme instead of a multiset
 * of values; such a function's `retract` throws InternalError.
 */
export function createAggregate(name: string, argTypes: readonly SqlType[], returnType: SqlType, needRetraction = true): AggregateFunction {
  const a0 = argTypes[0]!;
  switch (name) {
    case 'count_star':
      return countStar() as AggregateFunction;
    case 'count':
      return count(a0) as AggregateFunction;
    case 'sum':
      return sum(a0, returnType);
    case 'avg':
      return avg(a0, returnType);
    case 'min':
    case 'max':
      return (needRetraction ? minMax(name, a0) : minMaxInsertOnly(name, a0)) as AggregateFunction;
    case 'bool_and':
    case 'every':
      return boolAgg('and') as AggregateFunction;
    case 'bool_or':
      return boolAgg('or') as AggregateFunction;
    case 'string_agg':
      return stringAgg() as AggregateFunction;
    case 'array_agg':
      return arrayAgg(a0) as AggregateFunction;
    default:
      throw new SqlError(SqlState.undefinedFunction, `function ${name}(${argTypes.map((t) => t.id).join(', ')}) does not exist`);
  }
}
