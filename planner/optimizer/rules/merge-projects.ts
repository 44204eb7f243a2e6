/**
 * merge-projects: Project over Project becomes one Project whose expressions are the outer ones
 * with column references replaced by the inner expressions — unless that would duplicate a volatile
 * or non-trivial inner expression used more than once (evaluating it twice would cost, or differ).
 */
import type { BoundExpr } from '../../logical/expr.ts';
import { children } from '../../logical/expr.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';
import { substitute } from '../../logical/expr-utils.ts';

function isCheap(e: BoundExpr): boolean {
  return e.kind === 'ColRef' || e.kind === 'Const';
}

function merge(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'Project' || p.input.kind !== 'Project') return p;
  const inner = p.input;
  const uses = new Map<number, number>();
  const count = (x: BoundExpr): void => {
    if (x.kind === 'ColRef') uses.set(x.index, (uses.get(x.index) ?? 0) + 1);
    else for (const c of children(x)) count(c);
  };
  p.exprs.forEach(count);
  for (const [i, n] of uses) if (n > 1 && !isCheap(inner.exprs[i]!)) return p;
  return { ...p, input: inner.input, exprs: p.exprs.map((e) => substitute(e, inner.exprs)) };
}

export const mergeProjects: OptimizerRule = {
  name: 'merge-projects',
  apply: (plan) => transformUp(plan, merge),
};
