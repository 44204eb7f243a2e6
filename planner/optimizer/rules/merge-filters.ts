/** merge-filters: Filter(a) over Filter(b) becomes one Filter(b AND a). */
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';
import { andAll, conjuncts } from '../../logical/expr-utils.ts';

function merge(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'Filter' || p.input.kind !== 'Filter') return p;
  const inner = p.input;
  return { ...inner, predicate: andAll([...conjuncts(inner.predicate), ...conjuncts(p.predicate)])! };
}

export const mergeFilters: OptimizerRule = {
  name: 'merge-filters',
  apply: (plan) => transformUp(plan, merge),
};
