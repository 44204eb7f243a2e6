/**
 * Window-function values over one sorted partition (PostgreSQL docs §4.2.8, §9.22; the frame rules
 * of nodeWindowAgg.c): ROW_NUMBER / RANK / DENSE_RANK and aggregates over a ROWS or RANGE frame, for
 * the positions `from` … `to`−1 of the partition. Used by the OverAggregate operator (over-agg.ts).
 *
 * Frame bounds are the binder's signed offsets (planner/binder/bind-window.ts): negative = PRECEDING,
 * 0 = CURRENT ROW, positive = FOLLOWING, 'unbounded'. ROWS counts positions; RANGE with 0 / unbounded
 * takes the current row's peers (equal ORDER BY keys); RANGE with an offset compares the value of the
 * single ORDER BY key (a NULL key's frame is its NULL peers, as PostgreSQL).
 *
 * Aggregates slide one accumulator along the positions (frame starts and ends never move backwards):
 * rows entering the frame are accumulated, rows leaving it retracted when the aggregate is exactly
 * invertible, otherwise the accumulator is rebuilt from the frame (float sums, string_agg, array_agg
 * — as PostgreSQL, which has no inverse transition for them). Cost: O(n − from) per call for
 * invertible aggregates and frames starting UNBOUNDED PRECEDING, O((n − from) · frame) otherwise.
 */
import type { Decimal } from 'decimal.js';
import type { SqlType } from '../../common/types.ts';
import type { SortKey, WindowCall } from '../../planner/logical/plan.ts';
import type { AggregateFunction } from '../aggregate/index.ts';
import { createAggregate } from '../aggregate/index.ts';
import type { RowBatch } from '../row/binary-row.ts';

/** A window call ready to evaluate: a ranking function or an aggregate with its frame. */
export interface OverCall {
  readonly rank: 'row_number' | 'rank' | 'dense_rank' | undefined;
  readonly fn: AggregateFunction | undefined;
  readonly args: readonly number[];
  readonly frame: NonNullable<WindowCall['frame']>;
  /** Whether leaving rows may be retracted (else the accumulator is rebuilt). */
  readonly invertible: boolean;
}

/** Aggregates whose retract is the exact inverse of accumulate, in any order. */
const INVERTIBLE = new Set(['count', 'count_star', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every']);
const FLOAT = new Set(['float4', 'float8']);
const WHOLE: NonNullable<WindowCall['frame']> = { units: 'rows', start: 'unbounded', end: 'unbounded' };

/** Compiles the calls of a Window over input `types`. */
export function compileOverCalls(types: readonly SqlType[], calls: readonly WindowCall[]): OverCall[] {
  return calls.map((c) => {
    if (c.fn === 'row_number' || c.fn === 'rank' || c.fn === 'dense_rank') {
      return { rank: c.fn, fn: undefined, args: [], frame: WHOLE, invertible: true };
    }
    const argTypes = c.args.map((a) => types[a]!);
    const fn = createAggregate(c.fn, argTypes, c.type);
    const invertible = INVERTIBLE.has(c.fn) && !argTypes.some((t) => FLOAT.has(t.id));
    return { rank: undefined, fn, args: c.args, frame: c.frame ?? WHOLE, invertible };
  });
}

/** How far before a changed position (in positions) a row's value can depend on it: its frame's reach forward. */
export function reachForward(calls: readonly OverCall[]): number {
  let reach = 0;
  for (const c of calls) {
    if (c.rank) continue;
    const e = c.frame.end;
    if (e === 'unbounded') return Infinity;
    if (c.frame.units === 'range' && e > 0) return Infinity;
    reach = Math.max(reach, e);
  }
  return reach;
}

/** One sorted partition: its rows (one-row batches, one per position) and who their peers are. */
export interface PartitionView {
  readonly rows: readonly RowBatch[];
  /** Per position: the first position of its peer group. */
  readonly peerFirst: Int32Array;
  /** Per position: the last position of its peer group. */
  readonly peerLast: Int32Array;
  /** Per position: its peer group number, 0-based. */
  readonly group: Int32Array;
}

/** The view of `rows` (sorted), `peer(i)` saying whether position i sorts equal to position i − 1. */
export function partitionView(rows: readonly RowBatch[], peer: (a: RowBatch, b: RowBatch) => boolean): PartitionView {
  const n = rows.length;
  const peerFirst = new Int32Array(n);
  const peerLast = new Int32Array(n);
  const group = new Int32Array(n);
  let g = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || !peer(rows[i - 1]!, rows[i]!)) {
      g++;
      peerFirst[i] = i;
    } else peerFirst[i] = peerFirst[i - 1]!;
    group[i] = g;
  }
  for (let i = n - 1; i >= 0; i--) peerLast[i] = i === n - 1 || peerFirst[i + 1] !== peerFirst[i] ? i : peerLast[i + 1]!;
  return { rows, peerFirst, peerLast, group };
}

/** The ORDER BY key of a RANGE frame with offsets, read as a number, bigint or Decimal. */
type RangeKey = { readonly index: number; readonly desc: boolean; readonly nullsFirst: boolean };

/**
 * The values of every call for positions from … to−1 (result[i − from][call]). `orderKeys` are the
 * partition's sort keys (a RANGE frame with offsets uses the only one).
 */
export function evaluateOver(calls: readonly OverCall[], view: PartitionView, orderKeys: readonly SortKey[], from: number, to: number): unknown[][] {
  const n = to;
  const out: unknown[][] = [];
  for (let i = from; i < n; i++) out.push(new Array<unknown>(calls.length));
  calls.forEach((c, j) => {
    if (c.rank) {
      for (let i = from; i < n; i++) {
        out[i - from]![j] = c.rank === 'row_number' ? i + 1 : c.rank === 'rank' ? view.peerFirst[i]! + 1 : view.group[i]! + 1;
      }
      return;
    }
    const bounds = frameBounds(c.frame, view, orderKeys[0]);
    slide(c, view, from, to, bounds, (i, v) => (out[i - from]![j] = v));
  });
  return out;
}

/** [lo, hi] (inclusive; empty when hi < lo) of position i's frame. */
type Bounds = (i: number) => [number, number];

function frameBounds(frame: NonNullable<WindowCall['frame']>, view: PartitionView, key: RangeKey | undefined): Bounds {
  const n = view.rows.length;
  const { start, end } = frame;
  if (frame.units === 'rows') {
    return (i) => [start === 'unbounded' ? 0 : Math.max(0, i + start), end === 'unbounded' ? n - 1 : Math.min(n - 1, i + end)];
  }
  const lo = (i: number): number => {
    if (start === 'unbounded') return 0;
    if (start === 0 || !key) return view.peerFirst[i]!;
    return offsetStart(view, key, i, start);
  };
  const hi = (i: number): number => {
    if (end === 'unbounded') return n - 1;
    if (end === 0 || !key) return view.peerLast[i]!;
    return offsetEnd(view, key, i, end);
  };
  return (i) => [lo(i), hi(i)];
}

/** Slides an accumulator of call `c` over positions from … to−1, reporting each value. */
function slide(c: OverCall, view: PartitionView, from: number, to: number, bounds: Bounds, emit: (i: number, v: unknown) => void): void {
  const fn = c.fn!;
  const buf = new Array<unknown>(c.args.length);
  const argsOf = (p: number): unknown[] => {
    const row = view.rows[p]!;
    for (let a = 0; a < buf.length; a++) buf[a] = row.getValue(0, c.args[a]!);
    return buf;
  };
  let acc = fn.createAccumulator();
  let curLo = 0;
  let curHi = -1; // the accumulator holds positions curLo … curHi
  for (let i = from; i < to; i++) {
    const [lo, hi] = bounds(i);
    if (hi < lo) {
      emit(i, fn.getValue(fn.createAccumulator()));
      continue;
    }
    const rebuild = curHi < curLo || lo < curLo || hi < curHi || lo > curHi || (lo > curLo && !c.invertible);
    if (rebuild) {
      acc = fn.createAccumulator();
      for (let p = lo; p <= hi; p++) acc = fn.accumulate(acc, argsOf(p));
    } else {
      for (let p = curLo; p < lo; p++) acc = fn.retract(acc, argsOf(p));
      for (let p = curHi + 1; p <= hi; p++) acc = fn.accumulate(acc, argsOf(p));
    }
    curLo = lo;
    curHi = hi;
    emit(i, fn.getValue(acc));
  }
}

/** A RANGE key value, or null. */
function keyValue(view: PartitionView, key: RangeKey, p: number): number | bigint | Decimal | null {
  return view.rows[p]!.getValue(0, key.index) as number | bigint | Decimal | null;
}

/** v + d for a key value (d a signed integer). */
function shift(v: number | bigint | Decimal, d: number): number | bigint | Decimal {
  if (typeof v === 'number') return v + d;
  if (typeof v === 'bigint') return v + BigInt(d);
  return v.plus(d);
}

function cmp(a: number | bigint | Decimal, b: number | bigint | Decimal): number {
  if (typeof a === 'object') return a.cmp(b as Decimal);
  if (typeof b === 'object') return -b.cmp(a as unknown as Decimal);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether position p sorts before (side −1) or after (side 1) the value `bound` of a RANGE frame. */
function beyond(view: PartitionView, key: RangeKey, p: number, bound: number | bigint | Decimal, side: -1 | 1): boolean {
  const w = keyValue(view, key, p);
  if (w === null) return side < 0 ? key.nullsFirst : !key.nullsFirst; // NULLs sort apart from every value
  const c = cmp(w, bound) * (key.desc ? -1 : 1);
  return side < 0 ? c < 0 : c > 0;
}

/** First position not before `value ± offset` (binary search: positions are sorted). */
function offsetStart(view: PartitionView, key: RangeKey, i: number, offset: number): number {
  const v = keyValue(view, key, i);
  if (v === null) return view.peerFirst[i]!;
  const bound = shift(v, key.desc ? -offset : offset);
  let lo = 0;
  let hi = view.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beyond(view, key, mid, bound, -1)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Last position not after `value ± offset`. */
function offsetEnd(view: PartitionView, key: RangeKey, i: number, offset: number): number {
  const v = keyValue(view, key, i);
  if (v === null) return view.peerLast[i]!;
  const bound = shift(v, key.desc ? -offset : offset);
  let lo = 0;
  let hi = view.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beyond(view, key, mid, bound, 1)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}
