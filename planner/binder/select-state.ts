/**
 * Per-SELECT bookkeeping of the two-phase binding used by bind-select.ts. Phase A binds every clause
 * over the FROM scope; aggregates, window functions and scalar subqueries are replaced by *marker*
 * ColRefs (negative indices, remembered here) while their arguments are collected. Phase B
 * (`finalize`) rewrites an expression over the plan built afterwards: markers become the columns of
 * the Aggregate / Window / subquery join that computes them, and — under GROUP BY — expressions equal
 * to a grouping expression become group-key columns, while any other column reference raises 42803
 * `column "t.x" must appear in the GROUP BY clause or be used in an aggregate function`.
 */
import type { SqlType } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { FuncCall, ScalarSubquery, WindowSpec } from '../../parser/ast.ts';
import type { BoundExpr, ColRef } from '../logical/expr.ts';
import { mapChildren } from '../logical/expr.ts';
import type { LogicalPlan, TableFunctionCall, WindowCall } from '../logical/plan.ts';
import type { QueryEnv } from './context.ts';
import { bindError } from './diag.ts';
import { columnOrigins } from './scope.ts';
import type { AggregateSig, ExprContext, ExprHooks } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { requireBool, resolveUnknown } from './coerce.ts';
import { exprEquals, someExpr } from './expr-util.ts';
import { bindSubquery } from './bind-subquery.ts';
import type { BoundSubquery } from './bind-subquery.ts';
import { frameOf, resolveWindowSpec } from './bind-window.ts';
import { bindTableFunctionCall } from './bind-table-function.ts';

/** What a marker stands for. */
export type Marker = { readonly kind: 'agg' | 'win' | 'sub' | 'srf'; readonly k: number };

/** A sort key expression (ORDER BY inside an aggregate or a window). */
export interface OrderExpr {
  readonly expr: BoundExpr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** An aggregate call collected in phase A; expressions over the FROM scope. */
export interface AggEntry {
  readonly fn: string;
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  readonly filter: BoundExpr | undefined;
  readonly orderBy: readonly OrderExpr[];
  readonly type: SqlType;
  readonly name: string;
  readonly marker: ColRef;
}

/** A window function call collected in phase A. */
export interface WinEntry {
  readonly fn: string;
  readonly args: readonly BoundExpr[];
  readonly partition: readonly BoundExpr[];
  readonly order: readonly OrderExpr[];
  readonly frame: WindowCall['frame'];
  readonly type: SqlType;
  readonly name: string;
  readonly marker: ColRef;
}

/** A scalar subquery collected in phase A; `column` is set once it is joined in. */
export interface SubEntry {
  readonly sub: BoundSubquery;
  readonly marker: ColRef;
  readonly pos: number;
  column?: BoundExpr;
}

/** How phase B maps expressions onto the plan built after phase A. */
export interface FinalizeMap {
  /** Grouping expressions (over the FROM scope) when the query aggregates; column i of the Aggregate is groups[i]. */
  readonly groups: readonly BoundExpr[] | undefined;
  /** The column computing marker `m`. */
  readonly markerColumn: (m: Marker) => BoundExpr;
}

/** Orders as written → sort flags (PostgreSQL default: NULLS LAST for ASC, NULLS FIRST for DESC). */
export function sortFlags(direction: 'asc' | 'desc' | undefined, nulls: 'first' | 'last' | undefined): { desc: boolean; nullsFirst: boolean } {
  const desc = direction === 'desc';
  return { desc, nullsFirst: nulls === undefined ? desc : nulls === 'first' };
}

/** Phase-A state of one SELECT. */
export class SelectState {
  readonly markers = new WeakMap<BoundExpr, Marker>();
  readonly aggs: AggEntry[] = [];
  readonly windows: WinEntry[] = [];
  readonly subs: SubEntry[] = [];
  /** Set-returning calls of the select list (args over the FROM scope), evaluated by a Correlate below the projection. */
  readonly srfs: TableFunctionCall[] = [];
  private next = -1;

  constructor(
    readonly env: QueryEnv,
    readonly namedWindows: readonly { readonly name: string; readonly spec: WindowSpec }[],
    /** The rows of this query level so far: what a subquery that needs its outer rows is bound over. */
    private readonly outerRows?: () => LogicalPlan,
  ) {}

  private newMarker(type: SqlType, kind: Marker['kind'], k: number): ColRef {
    const ref: ColRef = { kind: 'ColRef', index: this.next--, type };
    this.markers.set(ref, { kind, k });
    return ref;
  }

  /** Whether `e` contains a marker of `kind`. */
  contains(e: BoundExpr, kind: Marker['kind']): boolean {
    return someExpr(e, (x) => this.markers.get(x)?.kind === kind);
  }

  /** Hooks for a clause: which of aggregates, windows and scalar subqueries it admits. */
  hooks(allow: { aggregate?: boolean; window?: boolean; subquery?: boolean; setReturning?: boolean }): ExprHooks {
    return {
      ...(allow.setReturning && { setReturning: (call: FuncCall, name: string, cx: ExprContext) => this.onSetReturning(call, name, cx) }),
      ...(allow.aggregate && { aggregate: (call: FuncCall, sig: AggregateSig, args: readonly BoundExpr[], cx: ExprContext) => this.onAggregate(call, sig, args, cx) }),
      ...(allow.window && { window: (call: FuncCall, sig: AggregateSig, args: readonly BoundExpr[], cx: ExprContext) => this.onWindow(call, sig, args, cx) }),
      ...(allow.subquery && { subquery: (e: ScalarSubquery, cx: ExprContext) => this.onSubquery(e, cx) }),
    };
  }

  private onAggregate(call: FuncCall, sig: AggregateSig, args: readonly BoundExpr[], cx: ExprContext): BoundExpr {
    if (args.some((a) => this.contains(a, 'agg'))) throw bindError(SqlState.groupingError, 'aggregate function calls cannot be nested', call.pos);
    if (args.some((a) => this.contains(a, 'win'))) {
      throw bindError(SqlState.groupingError, 'aggregate function calls cannot contain window function calls', call.pos);
    }
    const ctx = this.env.state.ctx;
    const inner = (clause: string): ExprContext => ({ ...cx, clause, hooks: {} });
    const filter = call.filter ? requireBool(bindExpr(call.filter, inner('FILTER')), 'FILTER', call.filter.pos, ctx) : undefined;
    const orderBy = call.orderBy.map((o) => ({ expr: resolveUnknown(bindExpr(o.expr, inner('aggregate ORDER BY')), ctx), ...sortFlags(o.direction, o.nulls) }));
    const entry = { fn: sig.name, args, distinct: call.distinct, filter, orderBy, type: sig.returnType, name: call.name.parts[call.name.parts.length - 1]! };
    const same = this.aggs.find(
      (a) =>
        a.fn === entry.fn &&
        a.distinct === entry.distinct &&
        a.args.length === args.length &&
        a.args.every((x, i) => exprEquals(x, args[i]!)) &&
        (a.filter === undefined ? filter === undefined : filter !== undefined && exprEquals(a.filter, filter)) &&
        a.orderBy.length === orderBy.length &&
        a.orderBy.every((o, i) => exprEquals(o.expr, orderBy[i]!.expr) && o.desc === orderBy[i]!.desc && o.nullsFirst === orderBy[i]!.nullsFirst),
    );
    if (same) return same.marker;
    const marker = this.newMarker(sig.returnType, 'agg', this.aggs.length);
    this.aggs.push({ ...entry, marker });
    return marker;
  }

  private onWindow(call: FuncCall, sig: AggregateSig, args: readonly BoundExpr[], cx: ExprContext): BoundExpr {
    if (args.some((a) => this.contains(a, 'win'))) throw bindError(SqlState.windowingError, 'window function calls cannot be nested', call.pos);
    if (call.distinct) throw bindError(SqlState.featureNotSupported, 'DISTINCT is not implemented for window functions', call.pos);
    if (call.filter || call.orderBy.length > 0) throw bindError(SqlState.featureNotSupported, 'FILTER and ORDER BY are not supported for window functions', call.pos);
    const spec = resolveWindowSpec(call.over!, this.namedWindows);
    const wcx: ExprContext = { ...cx, clause: 'window definition', hooks: cx.hooks.aggregate ? { aggregate: cx.hooks.aggregate } : {} };
    const ctx = this.env.state.ctx;
    const partition = spec.partitionBy.map((p) => resolveUnknown(bindExpr(p, wcx), ctx));
    const order = spec.orderBy.map((o) => ({ expr: resolveUnknown(bindExpr(o.expr, wcx), ctx), ...sortFlags(o.direction, o.nulls) }));
    const isAgg = !['row_number', 'rank', 'dense_rank'].includes(sig.name);
    const frame = frameOf(spec.frame, order.length > 0, isAgg, spec.pos, wcx);
    const marker = this.newMarker(sig.returnType, 'win', this.windows.length);
    this.windows.push({ fn: sig.name, args, partition, order, frame, type: sig.returnType, name: call.name.parts[call.name.parts.length - 1]!, marker });
    return marker;
  }

  private onSetReturning(call: FuncCall, name: string, cx: ExprContext): BoundExpr {
    const c = bindTableFunctionCall(name, call, { ...cx, hooks: {} });
    const marker = this.newMarker(c.type, 'srf', this.srfs.length);
    this.srfs.push(c);
    return marker;
  }

  private onSubquery(e: ScalarSubquery, cx: ExprContext): BoundExpr {
    const sub = bindSubquery(e.query, this.env, cx.scope, this.outerRows);
    if (sub.width !== 1) throw bindError(SqlState.syntaxError, 'subquery must return only one column', e.pos);
    const marker = this.newMarker(sub.plan.schema[0]!.type, 'sub', this.subs.length);
    this.subs.push({ sub, marker, pos: e.pos });
    return marker;
  }

  /** Phase B: `e` rewritten over the plan described by `map` (see the file comment). */
  finalize(e: BoundExpr, map: FinalizeMap): BoundExpr {
    if (map.groups && e.kind !== 'Const') {
      const i = map.groups.findIndex((g) => exprEquals(g, e));
      if (i >= 0) return { kind: 'ColRef', index: i, type: e.type };
    }
    const m = this.markers.get(e);
    if (m) return map.markerColumn(m);
    if (e.kind === 'ColRef' && map.groups) {
      const origin = columnOrigins.get(e);
      throw bindError(
        SqlState.groupingError,
        `column "${origin?.name ?? `$${e.index}`}" must appear in the GROUP BY clause or be used in an aggregate function`,
        origin?.pos,
      );
    }
    return mapChildren(e, (c) => this.finalize(c, map));
  }
}
