/**
 * decorrelate-subqueries: a SubqueryFilter (a WHERE conjunct `[NOT] EXISTS (q)` or `x [NOT] IN (q)`
 * kept as written by the binder) becomes a semi or anti Join of its input with the subquery, in the
 * manner of Calcite's SubQueryRemoveRule and Flink's FlinkSubQueryRemoveRule (which turn a filter's
 * RexSubQuery into a SEMI / ANTI join, the correlation variables becoming join conditions):
 *  - `EXISTS` → semi join on the correlation; `NOT EXISTS` → anti join on it;
 *  - `x IN (q)` → semi join on `x = y` and the correlation;
 *  - `x NOT IN (q)` → anti join on the correlation and `x = y OR x IS NULL OR y IS NULL`
 *    (`(x1, x2) NOT IN`: `(x1 = y1 AND x2 = y2) IS NOT FALSE`): PostgreSQL's NULL semantics for a
 *    WHERE filter (docs §9.23.2), where a NULL on either side makes NOT IN never true, so such rows
 *    are rejected like matches.
 * Runs first, so no other rule sees a SubqueryFilter; the physical planner rejects one that survives.
 */
import { T } from '../../../common/types.ts';
import { assertNever } from '../../../common/errors.ts';
import type { BoundExpr } from '../../logical/expr.ts';
import { andAll, conjuncts } from '../../logical/expr-utils.ts';
import type { LogicalPlan, SubqueryFilter } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';

/** AND of `parts`, nested ANDs flattened (as the binder builds conditions). */
function and(parts: readonly BoundExpr[]): BoundExpr | undefined {
  return andAll(parts.flatMap((e) => conjuncts(e)));
}

function isNull(e: BoundExpr): BoundExpr {
  return { kind: 'IsTest', operand: e, test: 'null', negated: false, type: T.bool };
}

/** The join condition replacing `p`, over input columns then subquery columns. */
function joinCondition(p: SubqueryFilter): BoundExpr | undefined {
  const corr = p.correlation ? [p.correlation] : [];
  switch (p.predicate) {
    case 'exists':
      return and(corr);
    case 'in': {
      if (!p.negated) return and([...p.comparisons, ...corr]);
      const w = p.input.schema.length;
      const nullAware: BoundExpr =
        p.comparisons.length === 1
          ? { kind: 'Or', args: [p.comparisons[0]!, isNull(p.operands[0]!), isNull({ kind: 'ColRef', index: w, type: p.subquery.schema[0]!.type })], type: T.bool }
          : { kind: 'IsTest', operand: and(p.comparisons)!, test: 'false', negated: true, type: T.bool };
      return and([...corr, nullAware]);
    }
    default:
      return assertNever(p.predicate, 'subquery predicate');
  }
}

function decorrelate(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'SubqueryFilter') return p;
  return { kind: 'Join', joinType: p.negated ? 'anti' : 'semi', left: p.input, right: p.subquery, condition: joinCondition(p), schema: p.input.schema };
}

export const decorrelateSubqueries: OptimizerRule = {
  name: 'decorrelate-subqueries',
  apply: (plan) => transformUp(plan, decorrelate),
};
