/**
 * decorrelate-scalar-subqueries: a ScalarSubqueryJoin (a scalar subquery `(SELECT …)` of the select
 * list, WHERE or HAVING, kept as written by the binder) becomes a LEFT Join of its input with the
 * subquery on the correlation predicate, as Calcite's SubQueryRemoveRule and Flink's
 * FlinkSubQueryRemoveRule rewrite a SCALAR_QUERY RexSubQuery (a LEFT join with the subquery, whose
 * column stands for the value):
 *  - every input row is kept; an input row that no subquery row matches reads NULL, PostgreSQL's
 *    value of a scalar subquery yielding no row (docs §4.2.11);
 *  - a correlated subquery is grouped by the inner columns of its correlation (the binder did that),
 *    so it has at most one row per outer row, and the correlation becomes the join condition;
 *  - a bare correlated `count(…)` has no group for an outer row without matches, where count gives 0:
 *    a Project above the join reads the value as COALESCE(value, 0). Such a Project under another
 *    ScalarSubqueryJoin is moved above that one's join (its columns keep their positions), so the
 *    COALESCEs of stacked subqueries end in one Project.
 * The output columns (input, value, hidden inner columns) keep their positions, so nothing above
 * needs renumbering. Runs first, next to decorrelate-subqueries, so no other rule sees a
 * ScalarSubqueryJoin; the physical planner rejects one that survives.
 */
import type { BoundExpr } from '../../logical/expr.ts';
import { substitute } from '../../logical/expr-utils.ts';
import type { Field, Join, LogicalPlan, Project, ScalarSubqueryJoin } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';

/** `COALESCE(column i, 0)`: how a bare count's value is read. */
function countOrZero(i: number, f: Field): BoundExpr {
  return { kind: 'Coalesce', args: [{ kind: 'ColRef', index: i, type: f.type }, { kind: 'Const', value: 0, type: f.type }], type: f.type };
}

/**
 * Whether `p` is a Project this rule made for bare counts: every column passed through in place
 * except some read as COALESCE(column, 0).
 */
function isCountProject(p: LogicalPlan): p is Project {
  if (p.kind !== 'Project' || p.exprs.length !== p.input.schema.length) return false;
  return p.exprs.every((e, i) => {
    if (e.kind === 'ColRef') return e.index === i;
    if (e.kind !== 'Coalesce' || e.args.length !== 2) return false;
    const [a, z] = e.args;
    return a!.kind === 'ColRef' && a!.index === i && z!.kind === 'Const' && z!.value === 0;
  });
}

/** The LEFT join of `input` with `p`'s subquery on `condition`: the subquery's columns nullable. */
function leftJoin(p: ScalarSubqueryJoin, input: LogicalPlan, condition: BoundExpr | undefined): Join {
  const schema: Field[] = [...input.schema, ...p.subquery.schema.map((f) => ({ ...f, nullable: true }))];
  return { kind: 'Join', joinType: 'left', left: input, right: p.subquery, condition, schema };
}

function decorrelate(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'ScalarSubqueryJoin') return p;
  const w = p.input.schema.length;
  // Stacked scalar subqueries: the count Project made for one below (already rewritten, bottom-up)
  // moves above this join, so every COALESCE ends in one Project, as the binder placed them.
  const below = isCountProject(p.input) ? p.input : undefined;
  const input = below ? below.input : p.input;
  const passThrough = p.subquery.schema.map((f, j): BoundExpr => ({ kind: 'ColRef', index: w + j, type: f.type }));
  const condition = below && p.correlation ? substitute(p.correlation, [...below.exprs, ...passThrough]) : p.correlation;
  const join = leftJoin(p, input, condition);
  if (!p.bareCount && !below) return join;
  const exprs: BoundExpr[] = [
    ...(below ? below.exprs : join.schema.slice(0, w).map((f, i): BoundExpr => ({ kind: 'ColRef', index: i, type: f.type }))),
    ...passThrough.map((c, j) => (j === 0 && p.bareCount ? countOrZero(w, join.schema[w]!) : c)),
  ];
  return { kind: 'Project', input: join, exprs, schema: p.schema };
}

export const decorrelateScalarSubqueries: OptimizerRule = {
  name: 'decorrelate-scalar-subqueries',
  apply: (plan) => transformUp(plan, decorrelate),
};

// Tests: planner/binder/bind-subquery.test.ts (binder output and this rule's rewrite) and
// tests/plans/decorrelate-scalar-subqueries.{sql,plan} (EXPLAIN before and after).
