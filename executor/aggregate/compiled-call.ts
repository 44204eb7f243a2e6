/**
 * Aggregate calls as the aggregation operators run them: the AggregateFunction for an AggCall
 * (wrapped for DISTINCT and for ORDER BY inside the call), the input columns it reads, its FILTER
 * column, and a reused argument buffer. Shared by GroupAggregate and LocalGroupAggregate.
 */
import type { SqlType } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
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

/**
 * Folds row r of `batch` into `accs` (one accumulator per call, replaced in place): accumulate
 * when `add`, else retract; a call whose FILTER column is not TRUE skips the row.
 */
export function foldRow(calls: readonly CompiledAggCall[], accs: unknown[], batch: RowBatch, r: number, add: boolean): void {
  for (let j = 0; j < calls.length; j++) {
    const c = calls[j]!;
    if (c.filter >= 0 && (batch.isNull(r, c.filter) || !batch.getBool(r, c.filter))) continue;
    const buf = c.buf;
    for (let a = 0; a < buf.length; a++) buf[a] = batch.getValue(r, c.args[a]!);
    accs[j] = add ? c.fn.accumulate(accs[j], buf) : c.fn.retract(accs[j], buf);
  }
}
