/**
 * Window functions (PostgreSQL docs §4.2.8, §3.5, §9.22): named windows (`WINDOW w AS (…)`,
 * `OVER w`, `OVER (w ORDER BY …)`), frames mapped to WindowCall.frame, and the Window nodes — one per
 * distinct (PARTITION BY, ORDER BY) — over a Project that computes the window inputs.
 *
 * WindowCall.frame bounds are signed row (or range) offsets from the current row: negative =
 * PRECEDING, 0 = CURRENT ROW, positive = FOLLOWING; 'unbounded' is UNBOUNDED PRECEDING as a start
 * and UNBOUNDED FOLLOWING as an end. Aggregates get an explicit frame (the SQL default when none is
 * written: RANGE UNBOUNDED PRECEDING .. CURRENT ROW with ORDER BY, the whole partition without);
 * ranking functions get none. Errors: 42704 `window "w" does not exist`, 42P20 for invalid frames,
 * 0A000 for GROUPS frames and non-integer offsets.
 */
import { SqlState } from '../../common/errors.ts';
import type { FrameBound, WindowFrame, WindowSpec } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { LogicalPlan, SortKey, WindowCall } from '../logical/plan.ts';
import { bindError } from './diag.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { columnRefs, project, window } from './plan-util.ts';
import { slotOf } from './expr-util.ts';
import type { Marker, WinEntry } from './select-state.ts';

/** The effective spec of `OVER (…)` / `OVER w`, with a named base window merged in. */
export function resolveWindowSpec(
  over: WindowSpec | { readonly kind: 'WindowRef'; readonly name: string; readonly pos: number },
  named: readonly { readonly name: string; readonly spec: WindowSpec }[],
): WindowSpec {
  const find = (name: string, pos: number): WindowSpec => {
    const w = named.find((n) => n.name === name);
    if (!w) throw bindError(SqlState.undefinedObject, `window "${name}" does not exist`, pos);
    return resolveWindowSpec(w.spec, named);
  };
  if (over.kind === 'WindowRef') return find(over.name, over.pos);
  if (!over.baseName) return over;
  const base = find(over.baseName, over.pos);
  if (over.partitionBy.length > 0) throw bindError(SqlState.windowingError, `cannot override PARTITION BY clause of window "${over.baseName}"`, over.pos);
  if (base.orderBy.length > 0 && over.orderBy.length > 0) throw bindError(SqlState.windowingError, `cannot override ORDER BY clause of window "${over.baseName}"`, over.pos);
  return { ...over, partitionBy: base.partitionBy, orderBy: over.orderBy.length > 0 ? over.orderBy : base.orderBy, frame: over.frame ?? base.frame };
}

function offset(b: FrameBound, pos: number, cx: ExprContext): number {
  const e = b.offset ? bindExpr(b.offset, { ...cx, hooks: {} }) : undefined;
  if (!e || e.kind !== 'Const' || typeof e.value !== 'number' || !Number.isInteger(e.value)) {
    throw bindError(SqlState.featureNotSupported, 'frame offsets must be integer constants', pos);
  }
  if (e.value < 0) throw bindError('22013', 'frame starting offset must not be negative', pos);
  return e.value;
}

function bound(b: FrameBound, isStart: boolean, pos: number, cx: ExprContext): number | 'unbounded' {
  switch (b.type) {
    case 'unbounded_preceding':
      if (!isStart) throw bindError(SqlState.windowingError, 'frame end cannot be UNBOUNDED PRECEDING', pos);
      return 'unbounded';
    case 'unbounded_following':
      if (isStart) throw bindError(SqlState.windowingError, 'frame start cannot be UNBOUNDED FOLLOWING', pos);
      return 'unbounded';
    case 'current_row':
      return 0;
    case 'preceding':
      return -offset(b, pos, cx);
    case 'following':
      return offset(b, pos, cx);
  }
}

/** WindowCall.frame for a call; see the file comment. */
export function frameOf(frame: WindowFrame | undefined, ordered: boolean, isAggregate: boolean, pos: number, cx: ExprContext): WindowCall['frame'] {
  if (!isAggregate) return undefined;
  if (!frame) return ordered ? { units: 'range', start: 'unbounded', end: 0 } : { units: 'rows', start: 'unbounded', end: 'unbounded' };
  if (frame.units === 'groups') throw bindError(SqlState.featureNotSupported, 'GROUPS frames are not supported', pos);
  const start = bound(frame.start, true, pos, cx);
  const end = bound(frame.end, false, pos, cx);
  if (frame.start.type === 'following' && (frame.end.type === 'preceding' || frame.end.type === 'current_row')) {
    throw bindError(SqlState.windowingError, 'frame starting from following row cannot end with current row or preceding rows', pos);
  }
  if (frame.start.type === 'current_row' && frame.end.type === 'preceding') {
    throw bindError(SqlState.windowingError, 'frame starting from current row cannot have preceding rows', pos);
  }
  return { units: frame.units, start, end };
}

/**
 * Window nodes computing `entries` over `plan` (whose columns the entries' expressions reference,
 * after `fin`). Returns the new plan and the column of each window marker.
 */
export function buildWindows(
  plan: LogicalPlan,
  entries: readonly WinEntry[],
  fin: (e: BoundExpr) => BoundExpr,
): { plan: LogicalPlan; columns: Map<number, number> } {
  const columns = new Map<number, number>();
  if (entries.length === 0) return { plan, columns };
  const width = plan.schema.length;
  const pre: BoundExpr[] = columnRefs(plan);
  const slot = (e: BoundExpr) => slotOf(pre, fin(e));
  const groups = new Map<string, { partition: number[]; order: SortKey[]; calls: { k: number; call: WindowCall }[] }>();
  entries.forEach((w, k) => {
    const partition = w.partition.map(slot);
    const order = w.order.map((o) => ({ index: slot(o.expr), desc: o.desc, nullsFirst: o.nullsFirst }));
    const call: WindowCall = { fn: w.fn, args: w.args.map(slot), frame: w.frame, type: w.type, name: w.name };
    const key = JSON.stringify([partition, order]);
    const g = groups.get(key) ?? { partition, order, calls: [] };
    g.calls.push({ k, call });
    groups.set(key, g);
  });
  let cur: LogicalPlan = pre.length > width ? project(plan, pre, [...plan.schema.map((f) => f.name), ...pre.slice(width).map(() => '?column?')]) : plan;
  for (const g of groups.values()) {
    const base = cur.schema.length;
    g.calls.forEach((c, i) => columns.set(c.k, base + i));
    cur = window(cur, g.partition, g.order, g.calls.map((c) => c.call));
  }
  return { plan: cur, columns };
}

/** Marker lookup helper for window markers. */
export function windowColumn(m: Marker, columns: Map<number, number>, entries: readonly WinEntry[]): BoundExpr {
  return { kind: 'ColRef', index: columns.get(m.k)!, type: entries[m.k]!.type };
}
