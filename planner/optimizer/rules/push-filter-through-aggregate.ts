/**
 * push-filter-through-aggregate: conjuncts of a Filter over an Aggregate that reference only group
 * key columns move below the aggregation (HAVING k > 5 filters input rows instead of groups).
 * A global aggregate (no group keys) is left alone: filtering its input would change the empty-group row.
 */
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';
import { andAll, conjuncts } from '../../logical/expr-utils.ts';
import { columnsUsed, remapColumns } from '../../logical/expr.ts';

function push(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'Filter' || p.input.kind !== 'Aggregate') return p;
  const agg = p.input;
  if (agg.groupKeys.length === 0) return p;
  const nKeys = agg.groupKeys.length;
  const below = [];
  const above = [];
  for (const c of conjuncts(p.predicate)) {
    if ([...columnsUsed(c)].every((i) => i < nKeys)) below.push(remapColumns(c, (i) => agg.groupKeys[i]!));
    else above.push(c);
  }
  if (below.length === 0) return p;
  const newAgg: LogicalPlan = {
    ...agg,
    input: { kind: 'Filter', input: agg.input, predicate: andAll(below)!, schema: agg.input.schema },
  };
  const rest = andAll(above);
  return rest ? { ...p, input: newAgg, predicate: rest } : newAgg;
}

export const pushFilterThroughAggregate: OptimizerRule = {
  name: 'push-filter-through-aggregate',
  apply: (plan) => transformUp(plan, push),
};
