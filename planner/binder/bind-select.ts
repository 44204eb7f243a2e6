/**
 * One SELECT block (PostgreSQL docs §7.2–§7.6 and the SELECT reference page), in PostgreSQL's
 * evaluation order: FROM → WHERE (subqueries kept as SubqueryFilter / ScalarSubqueryJoin nodes) →
 * GROUP BY / aggregates → HAVING → window functions → select list → DISTINCT / DISTINCT ON →
 * ORDER BY → LIMIT/OFFSET.
 * Binding is two-phase (select-state.ts): every clause is bound over the FROM scope first, then
 * rewritten over the plan built for it.
 *
 * Plan shape: Scan/Join… → [Filter] → [Project → Aggregate → [Filter]] → [Project → Window…] →
 * Project (select list + hidden sort columns) → [Aggregate (DISTINCT) | Window row_number → Filter →
 * Project (DISTINCT ON)] → [Sort] → [Project dropping hidden columns].
 */
import { T, type SqlType } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { Expr, OrderItem, Select } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { children } from '../logical/expr.ts';
import type { LogicalPlan, SortKey } from '../logical/plan.ts';
import type { OuterScope, QueryEnv, QueryOptions } from './context.ts';
import { bindError } from './diag.ts';
import { Scope } from './scope.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { applyOperator } from './bind-operators.ts';
import { requireBool, resolveUnknown } from './coerce.ts';
import { conjunction, exprEquals, slotOf, someExpr } from './expr-util.ts';
import { aggregate, filter, project, projectColumns, sort, window } from './plan-util.ts';
import { bindFromList } from './bind-from.ts';
import { mentionsSystemColumn } from './system-columns.ts';
import { SelectState, sortFlags } from './select-state.ts';
import type { FinalizeMap, Marker } from './select-state.ts';
import { applyExists, applyIn, applyScalar, bindSubquery, domainPredicates } from './bind-subquery.ts';
import type { Correlation, Level } from './bind-subquery.ts';
import { bindGroupItem, buildAggregate } from './bind-aggregate.ts';
import { buildWindows, windowColumn } from './bind-window.ts';
import { bindLimits, expandItems, resolveOutputRef } from './select-clauses.ts';
import type { OutputRef } from './select-clauses.ts';

/** A bound query block: plan, visible column names, and how it correlates with an outer query. */
export interface SelectResult {
  readonly plan: LogicalPlan;
  readonly names: readonly string[];
  readonly correlation?: Correlation;
}

/** ORDER BY / LIMIT / OFFSET written after the block. */
export interface QueryTail {
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
}

function conjunctsOf(e: Expr): Expr[] {
  if (e.kind === 'BinaryOp' && e.op.toLowerCase() === 'and') return [...conjunctsOf(e.left), ...conjunctsOf(e.right)];
  return [e];
}

/** Adds the scalar subqueries collected so far to `level` (ScalarSubqueryJoin nodes). */
function flushSubs(level: Level, st: SelectState): void {
  for (const s of st.subs) if (!s.column) s.column = applyScalar(level, s.sub);
}

/**
 * WHERE: IN / EXISTS conjuncts become SubqueryFilter nodes and scalar subqueries ScalarSubqueryJoin
 * nodes, correlated conjuncts go to `corr`, the rest a Filter.
 */
function bindWhere(where: Expr, level: Level, scope: Scope, env: QueryEnv, st: SelectState, outer: OuterScope | undefined, corr: BoundExpr[]): void {
  const ctx = env.state.ctx;
  const cx: ExprContext = { scope, env, clause: 'WHERE', hooks: st.hooks({ subquery: true }), outerAllowed: outer !== undefined };
  const operandCx: ExprContext = { ...cx, hooks: {}, outerAllowed: false };
  const preds: BoundExpr[] = [];
  const conjuncts = conjunctsOf(where);
  const what = conjuncts.length > 1 ? 'AND' : 'WHERE';
  for (const c of conjuncts) {
    let negated = false;
    let x = c;
    while (x.kind === 'UnaryOp' && x.op.toLowerCase() === 'not') {
      negated = !negated;
      x = x.operand;
    }
    if (x.kind === 'Exists') {
      applyExists(level, bindSubquery(x.query, env, scope, () => level.plan), negated, x.pos);
      continue;
    }
    if (x.kind === 'InSubquery') {
      applyIn(level, x.operand, bindSubquery(x.query, env, scope, () => level.plan), negated !== x.negated, x.pos, operandCx);
      continue;
    }
    if (x.kind === 'Quantified' && x.right.kind === 'query') {
      const isIn = x.op === '=' && x.quantifier === 'any';
      const isNotIn = x.op === '<>' && x.quantifier === 'all';
      if (isIn || isNotIn) {
        applyIn(level, x.left, bindSubquery(x.right.query, env, scope, () => level.plan), isNotIn !== negated, x.pos, operandCx);
        continue;
      }
    }
    const before = st.subs.length;
    const e = requireBool(bindExpr(c, cx), what, c.pos, ctx);
    if (outer && someExpr(e, (y) => outer.refs.has(y))) {
      if (st.subs.length > before) throw bindError(SqlState.featureNotSupported, 'a correlated WHERE condition cannot contain a subquery', c.pos);
      corr.push(e);
    } else {
      preds.push(e);
    }
  }
  flushSubs(level, st);
  const map: FinalizeMap = { groups: undefined, markerColumn: (m) => st.subs[m.k]!.column! };
  const pred = conjunction(preds.map((p) => st.finalize(p, map)));
  if (pred) level.plan = filter(level.plan, pred);
}

function innerColumns(preds: readonly BoundExpr[], refs: WeakSet<BoundExpr>): number[] {
  const out = new Set<number>();
  const walk = (e: BoundExpr): void => {
    if (e.kind === 'ColRef' && !refs.has(e)) out.add(e.index);
    children(e).forEach(walk);
  };
  preds.forEach(walk);
  return [...out];
}

/** Binds a SELECT block with the ORDER BY / LIMIT that follow it. */
export function bindSelect(sel: Select, tail: QueryTail, env: QueryEnv, opts: QueryOptions): SelectResult {
  const ctx = env.state.ctx;
  const outer = env.outer && !env.outer.blocked ? env.outer : undefined;
  // Bound over the outer rows (bind-subquery.ts): the domain leads FROM, its columns out of scope by name.
  const domain = outer?.domain?.positions ? outer.domain : undefined;
  const fromEnv = mentionsSystemColumn(sel) ? { ...env, systemColumns: true } : env;
  const from = bindFromList(sel.from, fromEnv, outer?.domain ? { plan: outer.domain.plan, scope: Scope.empty } : undefined);
  const scope = from.scope;
  const level: Level = { plan: from.plan };
  const st = new SelectState(env, sel.windows, () => level.plan);
  const corr: BoundExpr[] = [];
  if (sel.where) bindWhere(sel.where, level, scope, env, st, outer, corr);
  if (domain) corr.push(...domainPredicates(domain, outer!, sel.pos, { scope, env, clause: 'WHERE', hooks: {}, outerAllowed: true }));
  const correlated = corr.length > 0;

  // Phase A: bind the other clauses over the FROM scope.
  const cx = (clause: string, allow: Parameters<SelectState['hooks']>[0]): ExprContext => ({ scope, env, clause, hooks: st.hooks(allow), outerAllowed: false });
  const items = expandItems(sel.items, cx('SELECT', { aggregate: true, window: true, subquery: true, setReturning: true }));
  const groups: BoundExpr[] = [];
  const groupCx = cx('GROUP BY', {});
  for (const g of sel.groupBy) slotOf(groups, bindGroupItem(g, items, groupCx, st));
  const having = sel.having ? requireBool(bindExpr(sel.having, cx('HAVING', { aggregate: true, subquery: true })), 'HAVING', sel.having.pos, ctx) : undefined;
  if (correlated && (tail.limit || tail.offset)) {
    throw bindError(SqlState.featureNotSupported, 'LIMIT and OFFSET are not supported in correlated subqueries', sel.pos);
  }
  const orderCx = cx('ORDER BY', { aggregate: true, window: true });
  const orders = correlated
    ? []
    : tail.orderBy.map((o) => ({ ref: resolveOutputRef(o.expr, items, orderCx, 'ORDER BY'), ...sortFlags(o.direction, o.nulls) }));
  const distinctOn = sel.distinctOn.map((e) => resolveOutputRef(e, items, { ...orderCx, clause: 'DISTINCT ON' }, 'DISTINCT ON'));
  const aggMode = groups.length > 0 || st.aggs.length > 0 || having !== undefined;

  let innerCols: number[] = [];
  // Types of the correlated inner columns, read before an Aggregate changes the plan's schema.
  let innerTypes: SqlType[] = [];
  let innerNames: string[] = [];
  if (correlated) {
    if (st.windows.length > 0 || distinctOn.length > 0) {
      throw bindError(SqlState.featureNotSupported, 'window functions and DISTINCT ON are not supported in correlated subqueries', sel.pos);
    }
    if (aggMode && sel.groupBy.length === 0 && having) {
      throw bindError(SqlState.featureNotSupported, 'HAVING without GROUP BY is not supported in correlated subqueries', sel.having!.pos);
    }
    innerCols = innerColumns(corr, outer!.refs);
    innerTypes = innerCols.map((k) => level.plan.schema[k]!.type);
    innerNames = innerCols.map((k) => level.plan.schema[k]!.name);
    if (aggMode) for (const k of innerCols) slotOf(groups, { kind: 'ColRef', index: k, type: level.plan.schema[k]!.type });
  }

  // Phase B: build the plan and map every clause onto it.
  const winCols = new Map<number, number>();
  let srfStart = -1;
  const preAggSubs = new Set<number>();
  const markerColumn = (m: Marker): BoundExpr => {
    switch (m.kind) {
      case 'agg':
        return { kind: 'ColRef', index: groups.length + m.k, type: st.aggs[m.k]!.type };
      case 'win':
        return windowColumn(m, winCols, st.windows);
      case 'sub': {
        const c = st.subs[m.k]!.column!;
        // A correlated subquery joined below the Aggregate is one of its group keys.
        const g = preAggSubs.has(m.k) ? groups.findIndex((x) => exprEquals(x, c)) : -1;
        return g >= 0 ? { kind: 'ColRef', index: g, type: c.type } : c;
      }
      case 'srf':
        return { kind: 'ColRef', index: srfStart + m.k, type: st.srfs[m.k]!.type };
    }
  };
  const map: FinalizeMap = { groups: aggMode ? groups : undefined, markerColumn };
  if (aggMode) {
    // Scalar subqueries of WHERE are already joined below the Aggregate; the rest join above it.
    // A correlated one whose outer columns are all grouping columns has one value per group: it is
    // joined below the Aggregate and grouped by (which does not split groups).
    st.subs.forEach((sub, k) => {
      if (sub.column || !sub.sub.correlation) return;
      const c = sub.sub.correlation;
      const outerCols: BoundExpr[] = [];
      c.preds.forEach((p) => someExpr(p, (x) => (c.refs.has(x) ? (outerCols.push(x), false) : false)));
      if (!outerCols.every((o) => groups.some((g) => exprEquals(g, o)))) {
        throw bindError(SqlState.featureNotSupported, 'correlated subqueries are not supported in the select list of an aggregating query', sub.pos);
      }
      sub.column = applyScalar(level, sub.sub);
      preAggSubs.add(k);
      slotOf(groups, sub.column);
    });
    level.plan = buildAggregate(level.plan, groups, st.aggs);
  }
  flushSubs(level, st);
  if (having) level.plan = filter(level.plan, st.finalize(having, map));
  const win = buildWindows(level.plan, st.windows, (e) => st.finalize(e, map));
  win.columns.forEach((v, k) => winCols.set(k, v));
  level.plan = win.plan;
  if (st.srfs.length > 0) {
    // Set-returning functions of the select list (PostgreSQL's ProjectSet): zipped, per row, below the projection.
    if (st.srfs.some((c) => c.args.some((a) => st.contains(a, 'srf')))) {
      throw bindError(SqlState.featureNotSupported, 'nested set-returning functions are not supported', sel.pos);
    }
    const calls = st.srfs.map((c) => ({ ...c, args: c.args.map((a) => st.finalize(a, map)) }));
    srfStart = level.plan.schema.length;
    const fields = calls.map((c) => ({ name: c.fn, type: c.type, nullable: true }));
    level.plan = { kind: 'Correlate', input: level.plan, calls, ordinality: false, schema: [...level.plan.schema, ...fields] };
  }

  const outExprs = items.map((it) => st.finalize(it.expr, map));
  const names = items.map((it) => it.name);
  const hidden: BoundExpr[] = [];
  const columnOf = (ref: OutputRef, allowHidden: boolean): number => {
    if (ref.kind === 'out') return ref.index;
    const e = st.finalize(ref.expr, map);
    const i = outExprs.findIndex((x) => exprEquals(x, e));
    if (i >= 0) return i;
    if (!allowHidden) throw bindError(SqlState.invalidColumnReference, 'for SELECT DISTINCT, ORDER BY expressions must appear in select list', ref.pos);
    return items.length + slotOf(hidden, e);
  };
  const sortKeys: SortKey[] = orders.map((o) => ({ index: columnOf(o.ref, !sel.distinct || distinctOn.length > 0), desc: o.desc, nullsFirst: o.nullsFirst }));
  const onCols = distinctOn.map((r) => columnOf(r, true));
  const corrExprs = innerCols.map((k, i) => st.finalize({ kind: 'ColRef', index: k, type: innerTypes[i]! }, map));
  const visible = opts.keepUnknown ? outExprs : outExprs.map((e) => resolveUnknown(e, ctx));
  let plan: LogicalPlan = project(
    level.plan,
    [...visible, ...hidden.map((e) => resolveUnknown(e, ctx)), ...corrExprs],
    [...names, ...hidden.map(() => '?column?'), ...innerNames],
  );

  if (sel.distinct && distinctOn.length === 0) plan = aggregate(plan, plan.schema.map((_, i) => i), []);
  if (distinctOn.length > 0) plan = applyDistinctOn(plan, onCols, sortKeys, sel, cx('DISTINCT ON', {}));
  const { limit, offset } = correlated ? { limit: undefined, offset: 0 } : bindLimits(tail, env);
  if (sortKeys.length > 0 || limit !== undefined || offset > 0) plan = sort(plan, sortKeys, limit, offset);
  if (hidden.length > 0) plan = projectColumns(plan, [...items.keys(), ...innerCols.map((_, j) => items.length + hidden.length + j)]);

  if (!correlated) return { plan, names };
  const only = items.length === 1 ? st.markers.get(items[0]!.expr) : undefined;
  return {
    plan,
    names,
    correlation: {
      preds: corr,
      refs: outer!.refs,
      innerCols,
      hiddenStart: items.length,
      ungroupedAgg: aggMode && sel.groupBy.length === 0,
      bareCount: only?.kind === 'agg' && (st.aggs[only.k]!.fn === 'count' || st.aggs[only.k]!.fn === 'count_star'),
    },
  };
}

/** DISTINCT ON: the first row per ON-key in ORDER BY order — row_number() over (PARTITION BY on ORDER BY keys) = 1. */
function applyDistinctOn(plan: LogicalPlan, onCols: readonly number[], sortKeys: readonly SortKey[], sel: Select, cx: ExprContext): LogicalPlan {
  const lead = sortKeys.slice(0, onCols.length).map((k) => k.index);
  if (!lead.every((i) => onCols.includes(i))) {
    throw bindError(SqlState.invalidColumnReference, 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions', sel.distinctOn[0]!.pos);
  }
  const width = plan.schema.length;
  const w = window(plan, onCols, sortKeys, [{ fn: 'row_number', args: [], frame: undefined, type: T.int8, name: 'row_number' }]);
  const first = applyOperator('=', [{ kind: 'ColRef', index: width, type: T.int8 }, { kind: 'Const', value: 1, type: T.int8 }], sel.pos, cx);
  return projectColumns(filter(w, first), [...Array(width).keys()]);
}
