/**
 * remove-trivial-project: a Project that outputs exactly its input's columns in order (an identity)
 * is removed. Output column names are carried by the statement, not by plan fields, so nothing is lost.
 */
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';

function remove(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'Project') return p;
  if (p.exprs.length !== p.input.schema.length) return p;
  if (!p.exprs.every((e, i) => e.kind === 'ColRef' && e.index === i)) return p;
  return p.input;
}

export const removeTrivialProject: OptimizerRule = {
  name: 'remove-trivial-project',
  apply: (plan) => transformUp(plan, remove),
};
