/**
 * push-filter-through-project: Filter over Project becomes Project over Filter, with the predicate
 * rewritten in terms of the projection's input (column references replaced by the expressions that
 * produce them). Conjuncts that would reference a volatile expression (PROCTIME(), now()) stay above.
 */
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';
import { andAll, conjuncts, isVolatile, substitute } from '../../logical/expr-utils.ts';
import { columnsUsed } from '../../logical/expr.ts';
import { getFunction } from '../../../executor/expr/functions/registry.ts';

const volatileFn = (id: string) => getFunction(id).volatile;

function push(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'Filter' || p.input.kind !== 'Project') return p;
  const proj = p.input;
  const below = [];
  const above = [];
  for (const c of conjuncts(p.predicate)) {
    const used = [...columnsUsed(c)];
    if (used.some((i) => isVolatile(proj.exprs[i]!, volatileFn))) above.push(c);
    else below.push(substitute(c, proj.exprs));
  }
  if (below.length === 0) return p;
  const filtered: LogicalPlan = { kind: 'Filter', input: proj.input, predicate: andAll(below)!, schema: proj.input.schema };
  const newProj: LogicalPlan = { ...proj, input: filtered };
  const rest = andAll(above);
  return rest ? { kind: 'Filter', input: newProj, predicate: rest, schema: p.schema } : newProj;
}

export const pushFilterThroughProject: OptimizerRule = {
  name: 'push-filter-through-project',
  apply: (plan) => transformUp(plan, push),
};
