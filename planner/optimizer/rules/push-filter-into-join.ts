/**
 * push-filter-into-join: splits the conjuncts of a Filter over a Join, and of the join's own
 * condition, by the side they reference. Conjuncts over one side move into that side's input when
 * the join type allows it without changing results (an outer join's preserved side takes WHERE
 * conjuncts, its null-supplying side takes ON conjuncts); conjuncts over both sides of an inner join
 * become join conditions, which is where equi-keys are found. As Calcite's FilterJoinRule.
 */
import type { BoundExpr } from '../../logical/expr.ts';
import { columnsUsed, remapColumns } from '../../logical/expr.ts';
import type { Join, LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';
import { andAll, conjuncts } from '../../logical/expr-utils.ts';

type Side = 'left' | 'right' | 'both' | 'none';

function sideOf(e: BoundExpr, nLeft: number): Side {
  const used = [...columnsUsed(e)];
  if (used.length === 0) return 'none';
  const l = used.some((i) => i < nLeft);
  const r = used.some((i) => i >= nLeft);
  return l && r ? 'both' : l ? 'left' : 'right';
}

function filterOver(input: LogicalPlan, preds: BoundExpr[]): LogicalPlan {
  const p = andAll(preds);
  return p ? { kind: 'Filter', input, predicate: p, schema: input.schema } : input;
}

/** Which sides may take a WHERE conjunct over them, and an ON conjunct over them. */
function pushable(j: Join): { whereLeft: boolean; whereRight: boolean; onLeft: boolean; onRight: boolean } {
  switch (j.joinType) {
    case 'inner':
      return { whereLeft: true, whereRight: true, onLeft: true, onRight: true };
    case 'left':
      return { whereLeft: true, whereRight: false, onLeft: false, onRight: true };
    case 'right':
      return { whereLeft: false, whereRight: true, onLeft: true, onRight: false };
    case 'full':
      return { whereLeft: false, whereRight: false, onLeft: false, onRight: false };
    case 'semi':
    case 'anti':
      return { whereLeft: true, whereRight: false, onLeft: j.joinType === 'semi', onRight: true };
  }
}

function rewrite(p: LogicalPlan): LogicalPlan {
  let join: Join;
  let where: BoundExpr[] = [];
  if (p.kind === 'Filter' && p.input.kind === 'Join') {
    join = p.input;
    where = conjuncts(p.predicate);
  } else if (p.kind === 'Join') {
    join = p;
  } else {
    return p;
  }
  const nLeft = join.left.schema.length;
  const can = pushable(join);
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const keepOn: BoundExpr[] = [];
  const keepWhere: BoundExpr[] = [];
  const shiftRight = (e: BoundExpr) => remapColumns(e, (i) => i - nLeft);
  for (const c of conjuncts(join.condition)) {
    const s = sideOf(c, nLeft);
    if (s === 'left' && can.onLeft) toLeft.push(c);
    else if (s === 'right' && can.onRight) toRight.push(shiftRight(c));
    else keepOn.push(c);
  }
  for (const c of where) {
    const s = sideOf(c, nLeft);
    if (s === 'left' && can.whereLeft) toLeft.push(c);
    else if (s === 'right' && can.whereRight) toRight.push(shiftRight(c));
    else if (s === 'both' && join.joinType === 'inner') keepOn.push(c);
    else keepWhere.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0 && keepWhere.length === where.length) return p;
  const newJoin: Join = {
    ...join,
    left: filterOver(join.left, toLeft),
    right: filterOver(join.right, toRight),
    condition: andAll(keepOn),
  };
  return filterOver(newJoin, keepWhere);
}

export const pushFilterIntoJoin: OptimizerRule = {
  name: 'push-filter-into-join',
  apply: (plan) => transformUp(plan, rewrite),
};
