/**
 * Aggregate calls as the aggregation operators run them: the AggregateFunction for an AggCall
 * (wrapped for DISTINCT and for ORDER BY inside the call), the input columns it reads, its FILTER
 * column, and a reused argument buffer. Shared by GroupAggregate and LocalGroupAggregate.
 */
import type { SqlType } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import type { AggregateFunction } from './aggregate-function.ts';
import { createAggregate } from './registry.ts';
import { distinct } from './distinct.ts';
import { orderedAggregate } from './ordered.ts';

/** One compiled call. `args` are input column indices (the ORDER BY keys follow the arguments). */
export interface CompiledAggCall {
  readonly fn: AggregateFunction;
  readonly args: readonly number[];
  /** FILTER column (bool), or -1. */
  readonly filter: number;
  /** Reused argument array, `args.length` long. */
  readonly buf: unknown[];
}

/** Compiles `aggs` over input columns of `argTypes`. Throws what createAggregate throws for unknown functions. */
export function compileAggCalls(aggs: readonly AggCall[], argTypes: readonly SqlType[]): CompiledAggCall[] {
  return aggs.map((a) => {
    let fn = createAggregate(
      a.fn,
      a.args.map((i) => argTypes[i]!),
      a.type,
    );
    if (a.distinct) fn = distinct(fn) as AggregateFunction;
    let args = a.args;
    if (a.orderBy.length > 0) {
      // ORDER BY inside the call: the wrapper takes the sort keys after the arguments.
      fn = orderedAggregate(fn, a.orderBy.map((k) => ({ type: argTypes[k.index]!, desc: k.desc, nullsFirst: k.nullsFirst }))) as AggregateFunction;
      args = [...a.args, ...a.orderBy.map((k) => k.index)];
    }
    return { fn, args, filter: a.filter ?? -1, buf: new Array<unknown>(args.length) };
  });
}
