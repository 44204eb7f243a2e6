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

/**
 * Compiles `aggs` over input columns of `argTypes`. `needRetraction` false when the operator's input
 * is insert-only (see createAggregate). Throws what createAggregate throws for unknown functions.
 */
export function compileAggCalls(aggs: readonly AggCall[], argTypes: readonly SqlType[], needRetraction = true): CompiledAggCall[] {
  return aggs.map((a) => {
    let fn = createAggregate(
      a.fn,
      a.args.map((i) => argTypes[i]!),
      a.type,
      needRetraction,
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
 * One group's accumulators as the aggregation operators hold them, in state and in partials: one
 * accumulator per call, then the row count (rows accumulated − rows retracted; in a partial, the
 * delta of its minibatch), `calls.length + 1` entries. One array per group, no wrapper object.
 */
export type GroupAccs = unknown[];

/** Fresh accumulators for `calls` and a row count of 0. */
export function newGroupAccs(calls: readonly CompiledAggCall[]): GroupAccs {
  const n = calls.length;
  const accs = new Array<unknown>(n + 1);
  for (let j = 0; j < n; j++) accs[j] = calls[j]!.fn.createAccumulator();
  accs[n] = 0;
  return accs;
}

/** The row count of `accs` (its last entry). */
export function rowCountOf(accs: GroupAccs): number {
  return accs[accs.length - 1] as number;
}

/**
 * Folds row r of `batch` into `accs` (GroupAccs, replaced in place): accumulate when `add`, else
 * retract; a call whose FILTER column is not TRUE skips the row; the row count moves by ±1.
 */
export function foldRow(calls: readonly CompiledAggCall[], accs: GroupAccs, batch: RowBatch, r: number, add: boolean): void {
  const n = calls.length;
  accs[n] = (accs[n] as number) + (add ? 1 : -1);
  for (let j = 0; j < n; j++) {
    const c = calls[j]!;
    if (c.filter >= 0 && (batch.isNull(r, c.filter) || !batch.getBool(r, c.filter))) continue;
    const buf = c.buf;
    for (let a = 0; a < buf.length; a++) buf[a] = batch.getValue(r, c.args[a]!);
    accs[j] = add ? c.fn.accumulate(accs[j], buf) : c.fn.retract(accs[j], buf);
  }
}

/** Merges GroupAccs `from` into `into` (replaced in place; row counts added), as two-phase aggregation's global phase. */
export function mergeAccs(calls: readonly CompiledAggCall[], into: GroupAccs, from: GroupAccs): void {
  const n = calls.length;
  for (let j = 0; j < n; j++) into[j] = calls[j]!.fn.merge(into[j], from[j]);
  into[n] = (into[n] as number) + (from[n] as number);
}
