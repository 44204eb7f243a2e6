/**
 * flatten-unions: a UNION whose input is itself a UNION becomes one n-ary UNION, so the physical plan
 * has one Union operator instead of a chain (Calcite's UnionMergeRule). UNION ALL absorbs UNION ALL
 * inputs; a distinct UNION absorbs any UNION input, since duplicates are removed at the top anyway.
 */
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';

function flatten(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'SetOp' || p.op !== 'union') return p;
  const absorbs = (c: LogicalPlan) => c.kind === 'SetOp' && c.op === 'union' && (c.all === p.all || !p.all);
  if (!p.inputs.some(absorbs)) return p;
  const inputs = p.inputs.flatMap((c) => (absorbs(c) ? (c as Extract<LogicalPlan, { kind: 'SetOp' }>).inputs : [c]));
  return { ...p, inputs };
}

export const flattenUnions: OptimizerRule = {
  name: 'flatten-unions',
  apply: (plan) => transformUp(plan, flatten),
};
