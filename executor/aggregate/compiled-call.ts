/**
 * Aggregate calls as the aggregation operators run them: the AggregateFunction for an AggCall
 * (wrapped for DISTINCT and for ORDER BY inside the call), the input columns it reads, its FILTER
 * column, and a reused argument buffer; DISTINCT calls folded through shared distinct views
 * (distinct-view.ts). Shared by GroupAggregate and LocalGroupAggregate.
 */
import type { SqlType } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import type { AggregateFunction } from './aggregate-function.ts';
import { createAggregate } from './registry.ts';
import { distinct } from './distinct.ts';
import { orderedAggregate } from './ordered.ts';
import { foldView, foldViewOnce, makeDistinctView, mergeView, type DistinctView, type ForwardedValues } from './distinct-view.ts';

/** One compiled call. `args` are input column indices (the ORDER BY keys follow the arguments). */
export interface CompiledAggCall {
  /** The function; for a call folded by a shared distinct view, its inner aggregate (without DISTINCT). */
  readonly fn: AggregateFunction;
  readonly args: readonly number[];
  /** FILTER column (bool), or -1. */
  readonly filter: number;
  /** Reused argument array, `args.length` long. */
  readonly buf: unknown[];
  /** Index of the distinct view that folds this call (DISTINCT without ORDER BY), or -1. */
  readonly view: number;
}

/**
 * The compiled calls of one aggregation: one per AggCall, in order, and the shared distinct views
 * (distinct-view.ts) that fold its DISTINCT calls — one per distinct argument column list, as
 * Flink's DistinctInfo. GroupAccs hold `calls.length` accumulators, then one DistinctSet per view,
 * then the row count.
 */
export interface CompiledAggs {
  readonly calls: readonly CompiledAggCall[];
  readonly views: readonly DistinctView[];
}

/**
 * Compiles `aggs` over input columns of `argTypes`. `needRetraction` false when the operator's input
 * is insert-only (see createAggregate). DISTINCT calls without ORDER BY over the same argument
 * columns share one distinct view whatever their FILTER; a DISTINCT call with ORDER BY keeps its own
 * distinct set (distinct.ts) inside the ordering wrapper. Throws what createAggregate throws for
 * unknown functions.
 */
export function compileAggCalls(aggs: readonly AggCall[], argTypes: readonly SqlType[], needRetraction = true): CompiledAggs {
  const viewOf = new Map<string, number>();
  const viewMembers: number[][] = [];
  const calls = aggs.map((a, j): CompiledAggCall => {
    let fn = createAggregate(
      a.fn,
      a.args.map((i) => argTypes[i]!),
      a.type,
      needRetraction,
    );
    let args = a.args;
    let view = -1;
    if (a.distinct && a.orderBy.length === 0) {
      const k = a.args.join(',');
      view = viewOf.get(k) ?? -1;
      if (view < 0) {
        view = viewMembers.length;
        viewOf.set(k, view);
        viewMembers.push([]);
      }
      viewMembers[view]!.push(j);
    } else if (a.distinct) fn = distinct(fn) as AggregateFunction;
    if (a.orderBy.length > 0) {
      // ORDER BY inside the call: the wrapper takes the sort keys after the arguments.
      fn = orderedAggregate(fn, a.orderBy.map((k) => ({ type: argTypes[k.index]!, desc: k.desc, nullsFirst: k.nullsFirst }))) as AggregateFunction;
      args = [...a.args, ...a.orderBy.map((k) => k.index)];
    }
    return { fn, args, filter: a.filter ?? -1, buf: new Array<unknown>(args.length), view };
  });
  const views = viewMembers.map((members, v) =>
    makeDistinctView(
      calls[members[0]!]!.args,
      calls[members[0]!]!.args.map((i) => argTypes[i]!),
      members,
      members.map((j) => calls[j]!.filter),
      members.map((j) => calls[j]!.fn),
      calls.length + v,
    ),
  );
  return { calls, views };
}

/**
 * One group's accumulators as the aggregation operators hold them, in state and in partials: one
 * accumulator per call, one DistinctSet per distinct view (null until the group's first value),
 * then the row count (rows accumulated − rows retracted; in a partial, the delta of its minibatch):
 * `calls.length + views.length + 1` entries. One array per group, no wrapper object.
 */
export type GroupAccs = unknown[];

/** Fresh accumulators for `aggs` (views empty) and a row count of 0. */
export function newGroupAccs(aggs: CompiledAggs): GroupAccs {
  const { calls, views } = aggs;
  const n = calls.length;
  const w = n + views.length;
  const accs = new Array<unknown>(w + 1);
  for (let j = 0; j < n; j++) accs[j] = calls[j]!.fn.createAccumulator();
  for (let j = n; j < w; j++) accs[j] = null;
  accs[w] = 0;
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
export function foldRow(aggs: CompiledAggs, accs: GroupAccs, batch: RowBatch, r: number, add: boolean): void {
  const views = aggs.views;
  const w = accs.length - 1;
  accs[w] = (accs[w] as number) + (add ? 1 : -1);
  foldPlainCalls(aggs.calls, accs, batch, r, add);
  for (let v = 0; v < views.length; v++) foldView(views[v]!, accs, batch, r, add);
}

/** Folds row r into the accumulators of the calls outside distinct views (their FILTER applied). */
function foldPlainCalls(calls: readonly CompiledAggCall[], accs: GroupAccs, batch: RowBatch, r: number, add: boolean): void {
  const n = calls.length;
  for (let j = 0; j < n; j++) {
    const c = calls[j]!;
    if (c.view >= 0) continue;
    if (c.filter >= 0 && (batch.isNull(r, c.filter) || !batch.getBool(r, c.filter))) continue;
    const buf = c.buf;
    for (let a = 0; a < buf.length; a++) buf[a] = batch.getValue(r, c.args[a]!);
    accs[j] = add ? c.fn.accumulate(accs[j], buf) : c.fn.retract(accs[j], buf);
  }
}

/**
 * Accumulates row r of insert-only `batch` into `accs` as `foldRow`, in a two-phase aggregation's
 * local phase that hands each distinct value over once: view v skips values its members have
 * already forwarded (`forwarded[v]`, this group's; distinct-view.ts `foldViewOnce`).
 */
export function foldRowOnce(aggs: CompiledAggs, accs: GroupAccs, batch: RowBatch, r: number, forwarded: readonly ForwardedValues[]): void {
  const views = aggs.views;
  const w = accs.length - 1;
  accs[w] = (accs[w] as number) + 1;
  foldPlainCalls(aggs.calls, accs, batch, r, true);
  for (let v = 0; v < views.length; v++) foldViewOnce(views[v]!, accs, batch, r, forwarded[v]!);
}

/** Merges GroupAccs `from` into `into` (replaced in place; row counts added), as two-phase aggregation's global phase. */
export function mergeAccs(aggs: CompiledAggs, into: GroupAccs, from: GroupAccs): void {
  const { calls, views } = aggs;
  const n = calls.length;
  for (let j = 0; j < n; j++) if (calls[j]!.view < 0) into[j] = calls[j]!.fn.merge(into[j], from[j]);
  for (let v = 0; v < views.length; v++) mergeView(views[v]!, into, from);
  const w = into.length - 1;
  into[w] = (into[w] as number) + (from[w] as number);
}
