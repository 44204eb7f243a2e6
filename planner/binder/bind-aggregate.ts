/**
 * GROUP BY and aggregation (PostgreSQL docs §7.2.3, §4.2.7): the grouping expressions (by
 * expression, select-list ordinal or output alias, PostgreSQL's SQL92 rules) and the Aggregate node.
 * A Project below the Aggregate computes the group expressions first (so Aggregate.groupKeys are
 * 0..g-1) and then every aggregate argument, FILTER condition and ORDER BY key, so AggCall.args /
 * filter / orderBy are column indices of that Project.
 * Errors: 42P10 `GROUP BY position 3 is not in select list`, 42803 `aggregate functions are not allowed
 * in GROUP BY`, 42P20 for window functions there.
 */
import { SqlState } from '../../common/errors.ts';
import type { Expr } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { AggCall, LogicalPlan } from '../logical/plan.ts';
import { bindError } from './diag.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { slotOf } from './expr-util.ts';
import { aggregate, project } from './plan-util.ts';
import type { AggEntry, SelectState } from './select-state.ts';

/** A select-list entry after phase A. */
export interface SelectItemBinding {
  readonly expr: BoundExpr;
  readonly name: string;
  readonly pos: number;
}

/** Binds one GROUP BY item (ordinal, output alias or expression over the FROM scope). */
export function bindGroupItem(g: Expr, items: readonly SelectItemBinding[], cx: ExprContext, st: SelectState): BoundExpr {
  let e: BoundExpr | undefined;
  if (g.kind === 'Literal' && g.value.type === 'number' && /^\d+$/.test(g.value.text)) {
    const n = Number(g.value.text);
    if (n < 1 || n > items.length) throw bindError(SqlState.invalidColumnReference, `GROUP BY position ${n} is not in select list`, g.pos);
    e = items[n - 1]!.expr;
  } else if (g.kind === 'ColumnRef' && !g.star && g.parts.length === 1 && cx.scope.lookup(g.parts, g.pos).kind === 'missing') {
    e = items.find((it) => it.name === g.parts[0])?.expr;
  }
  if (e === undefined) return bindExpr(g, cx);
  if (st.contains(e, 'agg')) throw bindError(SqlState.groupingError, 'aggregate functions are not allowed in GROUP BY', g.pos);
  if (st.contains(e, 'win')) throw bindError(SqlState.windowingError, 'window functions are not allowed in GROUP BY', g.pos);
  if (st.contains(e, 'sub')) throw bindError(SqlState.featureNotSupported, 'subqueries are not supported in GROUP BY', g.pos);
  return e;
}

/** The Aggregate over `input` for `groups` and `aggs` (expressions over `input`), below it a Project computing them. */
export function buildAggregate(input: LogicalPlan, groups: readonly BoundExpr[], aggs: readonly AggEntry[]): LogicalPlan {
  const pre: BoundExpr[] = [...groups];
  const slot = (e: BoundExpr) => slotOf(pre, e);
  const calls: AggCall[] = aggs.map((a) => ({
    fn: a.fn,
    args: a.args.map(slot),
    distinct: a.distinct,
    filter: a.filter === undefined ? undefined : slot(a.filter),
    orderBy: a.orderBy.map((o) => ({ index: slot(o.expr), desc: o.desc, nullsFirst: o.nullsFirst })),
    type: a.type,
    name: a.name,
  }));
  const names = pre.map((e) => (e.kind === 'ColRef' && e.index >= 0 ? (input.schema[e.index]?.name ?? '?column?') : '?column?'));
  const identity = pre.length === 0 || (pre.length === input.schema.length && pre.every((e, i) => e.kind === 'ColRef' && e.index === i));
  return aggregate(identity ? input : project(input, pre, names), groups.map((_, i) => i), calls);
}
