/**
 * Subqueries in expressions (PostgreSQL docs §9.23):
 *  - `EXISTS (q)` / `NOT EXISTS (q)` and `x [NOT] IN (q)` (`= ANY`, `<> ALL`) in a WHERE conjunct are
 *    kept as written, a `SubqueryFilter` node over the outer rows with the subquery, its operands
 *    and the correlation predicate; the optimizer rule decorrelate-subqueries turns it into a semi or
 *    anti join (with NOT IN's NULL semantics), as Calcite's SubQueryRemoveRule does after
 *    SqlToRelConverter keeps RexSubQuery;
 *  - scalar `(q)` is kept as a `ScalarSubqueryJoin` node over the rows of its query level, whose
 *    column after theirs stands for the value; the optimizer rule decorrelate-scalar-subqueries
 *    makes it a LEFT join with the (at most) one-row subquery.
 * Correlated subqueries: the subquery's WHERE conjuncts that reference the outer query become (part of)
 * the correlation (join) condition, the inner columns they use are added as hidden output
 * columns, and an aggregating subquery is grouped by them (a correlated bare `count(*)` is marked
 * `bareCount`, for the rule to read no match as 0, not NULL). The domain path of `bindSubquery`
 * (outer references a join condition cannot take) stays here: it rebinds the subquery itself.
 * A scalar subquery yielding several rows is not detected (PostgreSQL raises 21000).
 */
import { SqlState } from '../../common/errors.ts';
import type { Expr, Query } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { mapChildren } from '../logical/expr.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { OuterDomain, OuterScope, QueryEnv } from './context.ts';
import { correlationLimits } from './context.ts';
import { bindError } from './diag.ts';
import type { Scope } from './scope.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { applyOperator } from './bind-operators.ts';
import { conjunction } from './expr-util.ts';
import { aggregate, projectColumns } from './plan-util.ts';
import { bindQueryInner } from './bind-query.ts';

/** How a correlated subquery hangs off its outer row. */
export interface Correlation {
  /** Conjuncts mixing outer references (ColRefs in `refs`, outer column indices) and inner FROM columns. */
  readonly preds: readonly BoundExpr[];
  readonly refs: WeakSet<BoundExpr>;
  /** The inner FROM columns the predicates use, emitted as the subquery's output columns hiddenStart + j. */
  readonly innerCols: readonly number[];
  readonly hiddenStart: number;
  /** The subquery aggregates without GROUP BY (it was grouped by the correlation columns instead). */
  readonly ungroupedAgg: boolean;
  /** Its single output is a bare count(…) (NULL from the outer join must read 0). */
  readonly bareCount: boolean;
}

/** A bound subquery: the plan's first `width` columns are its visible output. */
export interface BoundSubquery {
  readonly plan: LogicalPlan;
  readonly names: readonly string[];
  readonly width: number;
  readonly correlation: Correlation | undefined;
}

/**
 * Binds `q` as a subquery of a query whose FROM scope is `outerScope`. When an outer reference sits
 * where a join condition cannot take it (a function in FROM, the select list, a subquery's own
 * subquery…) and `outerPlan` gives the outer rows, the subquery is bound again over a *domain*: the
 * distinct values of the outer columns it reads, joined first into its FROM (the magic-set /
 * dependent-join decorrelation of Neumann & Kemper, "Unnesting Arbitrary Queries", and Flink's
 * SubQueryDecorrelator). Its outer references then read the domain's columns, and its correlation is
 * `outer column = domain column` for each: a NULL outer value matches no domain row (the subquery
 * then yields no row: NULL for a scalar subquery), where PostgreSQL would evaluate it with NULL.
 */
export function bindSubquery(q: Query, env: QueryEnv, outerScope: Scope, outerPlan?: () => LogicalPlan): BoundSubquery {
  const fresh = (domain?: OuterDomain): OuterScope => ({ scope: outerScope, refs: new WeakSet(), parent: env.outer, blocked: false, ...(domain && { domain }) });
  const bind = (outer: OuterScope): BoundSubquery => {
    const r = bindQueryInner(q, { ...env, outer }, {});
    return { plan: r.plan, names: r.names, width: r.names.length, correlation: r.correlation };
  };
  try {
    return bind(fresh());
  } catch (err) {
    if (!outerPlan || !correlationLimits.has(err as object)) throw err;
    const source = outerPlan();
    // First pass: which outer columns the subquery reads (the domain is the whole outer row).
    const probe: OuterDomain = { plan: source, positions: undefined, used: new Set() };
    bind(fresh(probe));
    const cols = [...probe.used].sort((a, b) => a - b);
    if (cols.length === 0) throw err;
    const plan = aggregate(projectColumns(source, cols), cols.map((_, i) => i), []);
    return bind(fresh({ plan, positions: new Map(cols.map((c, i) => [c, i])), used: new Set() }));
  }
}

/** `outer column = domain column` for each domain column: the correlation of a subquery bound over a domain (its columns lead its FROM). */
export function domainPredicates(domain: OuterDomain, outer: OuterScope, pos: number, cx: ExprContext): BoundExpr[] {
  return [...domain.positions!].map(([o, d]) => {
    const type = domain.plan.schema[d]!.type;
    const ref: BoundExpr = { kind: 'ColRef', index: o, type };
    outer.refs.add(ref);
    return applyOperator('=', [ref, { kind: 'ColRef', index: d, type }], pos, { ...cx, outerAllowed: true });
  });
}

/** The correlation condition over [outer row (outerWidth columns)..., subquery output...]. */
export function correlationPredicate(c: Correlation | undefined, outerWidth: number): BoundExpr | undefined {
  if (!c) return undefined;
  const remap = (e: BoundExpr): BoundExpr => {
    if (e.kind === 'ColRef') return c.refs.has(e) ? e : { ...e, index: outerWidth + c.hiddenStart + c.innerCols.indexOf(e.index) };
    return mapChildren(e, remap);
  };
  return conjunction(c.preds.map(remap));
}

/** A mutable plan holder: subquery joins append columns to the right, so earlier column positions stay valid. */
export interface Level {
  plan: LogicalPlan;
}

/** `[NOT] EXISTS (q)` as a WHERE conjunct. */
export function applyExists(level: Level, sub: BoundSubquery, negated: boolean, pos: number): void {
  if (sub.correlation?.ungroupedAgg) {
    throw bindError(SqlState.featureNotSupported, 'EXISTS over a correlated aggregate subquery is not supported', pos);
  }
  const correlation = correlationPredicate(sub.correlation, level.plan.schema.length);
  level.plan = subqueryFilter(level.plan, sub.plan, 'exists', negated, [], [], correlation);
}

/** The un-decorrelated WHERE conjunct (optimizer/rules/decorrelate-subqueries.ts makes it a join). */
function subqueryFilter(
  input: LogicalPlan,
  subquery: LogicalPlan,
  predicate: 'exists' | 'in',
  negated: boolean,
  operands: readonly BoundExpr[],
  comparisons: readonly BoundExpr[],
  correlation: BoundExpr | undefined,
): LogicalPlan {
  return { kind: 'SubqueryFilter', input, subquery, predicate, negated, operands, comparisons, correlation, schema: input.schema };
}

/** `x [NOT] IN (q)` (or `(a, b) IN (q)`) as a WHERE conjunct; `cx` binds the operand over the outer scope. */
export function applyIn(level: Level, operand: Expr, sub: BoundSubquery, negated: boolean, pos: number, cx: ExprContext): void {
  const operands = (operand.kind === 'RowCtor' ? operand.fields : [operand]).map((o) => bindExpr(o, cx));
  if (operands.length < sub.width) throw bindError(SqlState.syntaxError, 'subquery has too many columns', pos);
  if (operands.length > sub.width) throw bindError(SqlState.syntaxError, 'subquery has too few columns', pos);
  if (negated && sub.correlation?.ungroupedAgg) {
    throw bindError(SqlState.featureNotSupported, 'NOT IN over a correlated aggregate subquery is not supported', pos);
  }
  const w = level.plan.schema.length;
  const eqs = operands.map((o, i) => applyOperator('=', [o, { kind: 'ColRef', index: w + i, type: sub.plan.schema[i]!.type }], pos, cx));
  const corr = correlationPredicate(sub.correlation, w);
  level.plan = subqueryFilter(level.plan, sub.plan, 'in', negated, operands, eqs, corr);
}

/**
 * A scalar subquery `(q)`, kept as a ScalarSubqueryJoin over `level` (the optimizer rule
 * decorrelate-scalar-subqueries makes it a LEFT join, reading a bare correlated count as
 * COALESCE(count, 0)); returns the expression reading its value (the node's column after the
 * input's columns). `sub` must have one visible column.
 */
export function applyScalar(level: Level, sub: BoundSubquery): BoundExpr {
  const input = level.plan;
  const w = input.schema.length;
  const bareCount = sub.correlation?.bareCount ?? false;
  const fields = sub.plan.schema.map((f, i) => ({ ...f, nullable: i > 0 || !bareCount }));
  const correlation = correlationPredicate(sub.correlation, w);
  level.plan = { kind: 'ScalarSubqueryJoin', input, subquery: sub.plan, correlation, bareCount, schema: [...input.schema, ...fields] };
  return { kind: 'ColRef', index: w, type: sub.plan.schema[0]!.type };
}
