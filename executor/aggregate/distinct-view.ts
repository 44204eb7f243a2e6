/**
 * Shared distinct views, as Flink's DistinctInfo (AggregateUtil.extractDistinctInformation, used by
 * AggsHandlerCodeGenerator's distinct code): the DISTINCT calls of one aggregation that read the
 * same argument columns share one view per group — a map from distinct argument value to, per call,
 * how many of the group's rows with that value passed the call's FILTER (Flink with retraction keeps
 * a Long for one call, a long[] for several). A call's inner aggregate (count, sum, …; no DISTINCT)
 * sees a value when its count goes 0 → 1 and loses it at 1 → 0, so `count(DISTINCT x) FILTER (f)`
 * over several FILTERs (Nexmark q15/q16) keeps one map, not one per call.
 *
 * A view's state is plain data (v8.serialize snapshots and partials it), created on the group's
 * first row that reaches it: `null` (no value), then a flat array of up to SMALL entries of `stride`
 * items each — `[key, plain?, count_0 … count_{m-1}]` — then a Map key → `[plain?, count_0 …]`.
 * `key` is the value's content key (aggregate-function.ts `argsKey`: the value itself for a single
 * argument with a primitive JS value); `plain` (the argument list in `toPlain` form) is kept only
 * when the key is not the value and the inner aggregate needs values back when merging.
 */
import type { SqlType } from '../../common/types.ts';
import type { RowBatch } from '../row/binary-row.ts';
import type { AggregateFunction, ValueKey } from './aggregate-function.ts';
import { argsKey, fromPlain, toPlain } from './aggregate-function.ts';

/** Entries kept in the flat array before a view becomes a Map. */
export const SMALL = 8;

/** A view's state in GroupAccs: null, a flat array (≤ SMALL entries), or a Map. */
export type DistinctSet = null | unknown[] | Map<ValueKey, unknown[]>;

/** One shared view: the argument columns and the DISTINCT calls over them. */
export interface DistinctView {
  /** Input columns of the distinct argument list. */
  readonly args: readonly number[];
  /** Their types. */
  readonly types: readonly SqlType[];
  /** Indices (into the compiled calls and GroupAccs) of the member calls. */
  readonly members: readonly number[];
  /** Per member: its FILTER column (bool), or -1. */
  readonly filters: readonly number[];
  /** Per member: its inner aggregate (without DISTINCT). */
  readonly fns: readonly AggregateFunction[];
  /** Slot of the view's DistinctSet in GroupAccs. */
  readonly slot: number;
  /** Whether entries keep the argument list as plain data (see the file comment). */
  readonly storePlain: boolean;
  /** Items per entry of the flat array: key, plain?, one count per member. */
  readonly stride: number;
  /** Reused argument buffer, `args.length` long. */
  readonly buf: unknown[];
  /** Reused per-member flags of the current row (FILTER passed). */
  readonly pass: Uint8Array;
}

/** Types whose JS value is an object (common/types.ts), so their content key is not the value itself. */
const OBJECT_VALUED = new Set(['numeric', 'bytea', 'interval', 'array', 'map', 'row']);

/**
 * A view over argument columns `args` (types `types`) for the calls `members` (indices into the
 * compiled calls) with `filters` and inner aggregates `fns`, its state at GroupAccs `slot`.
 */
export function makeDistinctView(
  args: readonly number[],
  types: readonly SqlType[],
  members: readonly number[],
  filters: readonly number[],
  fns: readonly AggregateFunction[],
  slot: number,
): DistinctView {
  const keyIsValue = types.length === 1 && !OBJECT_VALUED.has(types[0]!.id);
  // count only tests its argument for NULL, which the key keeps (a NULL key is NULL).
  const storePlain = !keyIsValue && fns.some((f) => f.name !== 'count');
  const m = members.length;
  return {
    args,
    types,
    members,
    filters,
    fns,
    slot,
    storePlain,
    stride: 1 + (storePlain ? 1 : 0) + m,
    buf: new Array<unknown>(args.length),
    pass: new Uint8Array(m),
  };
}

/** The argument list of a key (and plain data when kept). */
function valueOf(view: DistinctView, key: ValueKey, plain: unknown): unknown[] {
  if (view.storePlain) return (plain as unknown[]).map((p, i) => fromPlain(view.types[i]!, p));
  if (view.types.length === 1) return [key];
  // Several arguments without plain data: only count's NULL test reads them; the key is null only when all are.
  return view.types.map(() => key);
}

function sameKey(a: unknown, b: ValueKey): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * Folds row `r` of `batch` into the view's set in `accs` (GroupAccs; the set and the members'
 * inner accumulators are replaced in place): accumulate when `add`, else retract. A retraction of a
 * value (or of a member's count) the group does not hold is ignored, as Flink's retracting
 * aggregates do.
 */
export function foldView(view: DistinctView, accs: unknown[], batch: RowBatch, r: number, add: boolean): void {
  if (!passFilters(view, batch, r)) return;
  const buf = view.buf;
  for (let a = 0; a < buf.length; a++) buf[a] = batch.getValue(r, view.args[a]!);
  const key = argsKey(view.types, buf);
  if (add) addValue(view, accs, key, buf);
  else retractValue(view, accs, key, buf);
}

/** Sets `view.pass` for row r (member i's FILTER is TRUE, or it has none); whether any member passes. */
function passFilters(view: DistinctView, batch: RowBatch, r: number): boolean {
  const { filters, pass } = view;
  let any = false;
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i]!;
    const ok = f < 0 || (!batch.isNull(r, f) && batch.getBool(r, f));
    pass[i] = ok ? 1 : 0;
    if (ok) any = true;
  }
  return any;
}

/**
 * The distinct values a two-phase aggregation's local phase has already handed over for one group
 * and view: value key → bit mask of the view's members (bit i: member i) that saw it. Only for
 * insert-only input, where a value handed over once per member is enough: the global phase counts
 * a value from 0 to 1 once, however many times it arrives (see `foldViewOnce`).
 */
export type ForwardedValues = Map<ValueKey, number>;

/** Members a ForwardedValues mask can hold (bits of a small integer). */
export const MAX_FORWARDED_MEMBERS = 30;

/**
 * As `foldView` accumulating (insert-only input), but in a two-phase aggregation's local phase that
 * remembers across minibatches what it has handed over (`forwarded`, for this group and view): a
 * row whose value every passing member has already forwarded is skipped, so the global phase merges
 * each value about once per worker instead of once per row (Nexmark q15's one hot key). The view's
 * members must number at most MAX_FORWARDED_MEMBERS.
 */
export function foldViewOnce(view: DistinctView, accs: unknown[], batch: RowBatch, r: number, forwarded: ForwardedValues): void {
  if (!passFilters(view, batch, r)) return;
  const { pass, buf } = view;
  let mask = 0;
  for (let i = 0; i < pass.length; i++) if (pass[i]) mask |= 1 << i;
  for (let a = 0; a < buf.length; a++) buf[a] = batch.getValue(r, view.args[a]!);
  const key = argsKey(view.types, buf);
  const had = forwarded.get(key);
  if (had === undefined) forwarded.set(key, mask);
  else if ((had | mask) === had) return;
  else forwarded.set(key, had | mask);
  addValue(view, accs, key, buf);
}

/** Offset of the first count within an entry of the flat array (within a Map entry: one less). */
function countsAt(view: DistinctView): number {
  return view.storePlain ? 2 : 1;
}

function addValue(view: DistinctView, accs: unknown[], key: ValueKey, buf: unknown[]): void {
  const { pass, members, fns, stride } = view;
  const m = members.length;
  const set = accs[view.slot] as DistinctSet;
  let arr: unknown[];
  let at: number;
  if (set instanceof Map) {
    let e = set.get(key);
    if (!e) {
      e = newEntry(view, 0, buf);
      set.set(key, e);
    }
    arr = e;
    at = countsAt(view) - 1;
  } else {
    let flat = set;
    let e = -1;
    if (flat) {
      for (let o = 0; o < flat.length; o += stride) {
        if (sameKey(flat[o], key)) {
          e = o;
          break;
        }
      }
    } else {
      flat = [];
      accs[view.slot] = flat;
    }
    if (e < 0) {
      if (flat.length >= SMALL * stride) {
        const map = toMap(view, flat);
        accs[view.slot] = map;
        const entry = newEntry(view, 0, buf);
        map.set(key, entry);
        arr = entry;
        at = countsAt(view) - 1;
      } else {
        e = flat.length;
        flat.push(key);
        if (view.storePlain) flat.push(plainOf(view, buf));
        for (let i = 0; i < m; i++) flat.push(0);
        arr = flat;
        at = e + countsAt(view);
      }
    } else {
      arr = flat;
      at = e + countsAt(view);
    }
  }
  for (let i = 0; i < m; i++) {
    if (!pass[i]) continue;
    const c = (arr[at + i] as number) + 1;
    arr[at + i] = c;
    if (c === 1) accs[members[i]!] = fns[i]!.accumulate(accs[members[i]!], buf);
  }
}

function retractValue(view: DistinctView, accs: unknown[], key: ValueKey, buf: unknown[]): void {
  const { pass, members, fns, stride } = view;
  const m = members.length;
  const set = accs[view.slot] as DistinctSet;
  if (!set) return;
  let arr: unknown[];
  let at: number;
  let e = -1;
  if (set instanceof Map) {
    const entry = set.get(key);
    if (!entry) return;
    arr = entry;
    at = countsAt(view) - 1;
  } else {
    for (let o = 0; o < set.length; o += stride) {
      if (sameKey(set[o], key)) {
        e = o;
        break;
      }
    }
    if (e < 0) return;
    arr = set;
    at = e + countsAt(view);
  }
  let live = false;
  for (let i = 0; i < m; i++) {
    const c = arr[at + i] as number;
    if (pass[i] && c > 0) {
      arr[at + i] = c - 1;
      if (c === 1) accs[members[i]!] = fns[i]!.retract(accs[members[i]!], buf);
    }
    if ((arr[at + i] as number) > 0) live = true;
  }
  if (live) return;
  if (set instanceof Map) {
    set.delete(key);
    if (set.size === 0) accs[view.slot] = null;
  } else {
    set.splice(e, stride);
    if (set.length === 0) accs[view.slot] = null;
  }
}

function plainOf(view: DistinctView, buf: readonly unknown[]): unknown[] {
  return view.types.map((t, i) => toPlain(t, buf[i]));
}

/** A Map entry: plain data when kept, then `m` counts of `count`. */
function newEntry(view: DistinctView, count: number, buf: readonly unknown[] | undefined, plain?: unknown): unknown[] {
  const e: unknown[] = [];
  if (view.storePlain) e.push(plain ?? plainOf(view, buf!));
  for (let i = 0; i < view.members.length; i++) e.push(count);
  return e;
}

function toMap(view: DistinctView, flat: readonly unknown[]): Map<ValueKey, unknown[]> {
  const map = new Map<ValueKey, unknown[]>();
  const { stride } = view;
  for (let o = 0; o < flat.length; o += stride) map.set(flat[o] as ValueKey, flat.slice(o + 1, o + stride));
  return map;
}

/**
 * Merges the view's set of `from` into that of `into` (GroupAccs; `into`'s set and its members'
 * inner accumulators are replaced in place): counts add up per value and member, and a member's
 * inner aggregate accumulates a value whose count becomes positive (and retracts one whose count
 * drops to 0 or below); an entry left with no positive count is dropped. Two-phase aggregation
 * carries DISTINCT calls only over insert-only input (planner/physical/to-physical.ts), so `from`
 * holds positive counts in practice.
 */
export function mergeView(view: DistinctView, into: unknown[], from: readonly unknown[]): void {
  const src = from[view.slot] as DistinctSet;
  if (!src) return;
  // Whether some entry was left without a positive count: only then is the set scanned for entries
  // to drop (a global phase's large set must not pay that scan on every merge).
  let dead = false;
  if (src instanceof Map) {
    const at = countsAt(view) - 1;
    for (const [key, entry] of src) if (!mergeEntry(view, into, key, entry, at)) dead = true;
  } else {
    const at = countsAt(view);
    for (let o = 0; o < src.length; o += view.stride) if (!mergeEntry(view, into, src[o] as ValueKey, src, o + at)) dead = true;
  }
  if (dead) compact(view, into);
}

/**
 * Adds one entry of a partial (`key`, counts from `src[srcAt]`, plain data at `srcAt - 1` when
 * kept) into the view's set in `into`, (re)accumulating members whose count crosses 0; returns
 * whether the entry is left with a positive count.
 */
function mergeEntry(view: DistinctView, into: unknown[], key: ValueKey, src: readonly unknown[], srcAt: number): boolean {
  const { members, fns, slot } = view;
  const m = members.length;
  const plain = view.storePlain ? src[srcAt - 1] : undefined;
  // Find or create the entry in `into`, as a Map entry or flat-array position.
  let set = into[slot] as DistinctSet;
  let arr: unknown[];
  let at: number;
  if (set instanceof Map) {
    let e = set.get(key);
    if (!e) {
      e = newEntry(view, 0, undefined, plain);
      set.set(key, e);
    }
    arr = e;
    at = countsAt(view) - 1;
  } else {
    let found = -1;
    if (set) {
      for (let o = 0; o < set.length; o += view.stride) {
        if (sameKey(set[o], key)) {
          found = o;
          break;
        }
      }
    } else {
      set = [];
      into[slot] = set;
    }
    if (found < 0 && set.length >= SMALL * view.stride) {
      const map = toMap(view, set);
      into[slot] = map;
      arr = newEntry(view, 0, undefined, plain);
      map.set(key, arr);
      at = countsAt(view) - 1;
    } else {
      if (found < 0) {
        found = set.length;
        set.push(key);
        if (view.storePlain) set.push(plain);
        for (let i = 0; i < m; i++) set.push(0);
      }
      arr = set;
      at = found + countsAt(view);
    }
  }
  let args: unknown[] | undefined;
  let live = false;
  for (let i = 0; i < m; i++) {
    const before = arr[at + i] as number;
    const after = before + (src[srcAt + i] as number);
    arr[at + i] = after;
    if (after > 0) live = true;
    const add = before <= 0 && after > 0;
    if (!add && !(before > 0 && after <= 0)) continue;
    args ??= valueOf(view, key, plain);
    const j = members[i]!;
    into[j] = add ? fns[i]!.accumulate(into[j], args) : fns[i]!.retract(into[j], args);
  }
  return live;
}

/** Drops entries whose counts are all ≤ 0 after a merge; an empty set becomes null. */
function compact(view: DistinctView, accs: unknown[]): void {
  const set = accs[view.slot] as DistinctSet;
  if (!set) return;
  const m = view.members.length;
  const live = (e: readonly unknown[], at: number) => {
    for (let i = 0; i < m; i++) if ((e[at + i] as number) > 0) return true;
    return false;
  };
  if (set instanceof Map) {
    const at = countsAt(view) - 1;
    for (const [k, e] of set) if (!live(e, at)) set.delete(k);
    if (set.size === 0) accs[view.slot] = null;
    return;
  }
  const out: unknown[] = [];
  for (let o = 0; o < set.length; o += view.stride) if (live(set, o + countsAt(view))) for (let i = 0; i < view.stride; i++) out.push(set[o + i]);
  accs[view.slot] = out.length === 0 ? null : out;
}
