/**
 * derive-join-predicates: join-condition derivation by transitivity (Calcite's
 * JoinPushTransitivePredicatesRule). For each equality `l = r` between the two inputs' columns in a
 * join condition, a filter conjunct over `l` alone directly below the join (e.g. `l > 5`) implies the
 * same conjunct over `r`, which is added below the other input, so fewer rows reach the join's state.
 * Directions that preserve results: inner joins both ways; left/semi/anti joins from the left input to
 * the right; right joins from the right to the left; full joins none. A derived conjunct already
 * present is not added again, so the rule converges.
 */
import type { BoundExpr } from '../../logical/expr.ts';
import { columnsUsed, explainExpr, remapColumns } from '../../logical/expr.ts';
import type { Join, LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';
import { andAll, conjuncts } from '../../logical/expr-utils.ts';
import { getFunction } from '../../../executor/expr/functions/registry.ts';

/** Equality pairs (left column, right column) of a join condition, over input-local indices. */
function equiPairs(j: Join): [number, number][] {
  const nLeft = j.left.schema.length;
  const out: [number, number][] = [];
  for (const c of conjuncts(j.condition)) {
    if (c.kind !== 'Call' || c.args.length !== 2 || getFunction(c.fn).name !== '=') continue;
    const [a, b] = c.args as [BoundExpr, BoundExpr];
    if (a.kind !== 'ColRef' || b.kind !== 'ColRef' || a.type.id !== b.type.id) continue;
    if (a.index < nLeft && b.index >= nLeft) out.push([a.index, b.index - nLeft]);
    else if (b.index < nLeft && a.index >= nLeft) out.push([b.index, a.index - nLeft]);
  }
  return out;
}

/** Conjuncts of a Filter directly on `input` that read exactly one column. */
function singleColumnConjuncts(input: LogicalPlan): BoundExpr[] {
  if (input.kind !== 'Filter') return [];
  return conjuncts(input.predicate).filter((c) => columnsUsed(c).size === 1);
}

/** `input` with `extra` conjuncts added (skipping ones it already has). */
function addConjuncts(input: LogicalPlan, extra: BoundExpr[]): LogicalPlan {
  const have = new Set((input.kind === 'Filter' ? conjuncts(input.predicate) : []).map((c) => explainExpr(c)));
  const fresh = extra.filter((c) => !have.has(explainExpr(c)));
  if (fresh.length === 0) return input;
  if (input.kind === 'Filter') return { ...input, predicate: andAll([...conjuncts(input.predicate), ...fresh])! };
  return { kind: 'Filter', input, predicate: andAll(fresh)!, schema: input.schema };
}

/** Conjuncts of `from` over a key column, rewritten onto the paired key column of the other side. */
function derive(from: LogicalPlan, pairs: [number, number][]): BoundExpr[] {
  const out: BoundExpr[] = [];
  for (const c of singleColumnConjuncts(from)) {
    const col = [...columnsUsed(c)][0]!;
    for (const [f, t] of pairs) if (f === col) out.push(remapColumns(c, () => t));
  }
  return out;
}

function rewrite(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'Join') return p;
  const pairs = equiPairs(p);
  if (pairs.length === 0) return p;
  const leftToRight = p.joinType === 'inner' || p.joinType === 'left' || p.joinType === 'semi' || p.joinType === 'anti';
  const rightToLeft = p.joinType === 'inner' || p.joinType === 'right';
  const right = leftToRight ? addConjuncts(p.right, derive(p.left, pairs)) : p.right;
  const left = rightToLeft ? addConjuncts(p.left, derive(p.right, pairs.map(([l, r]) => [r, l]))) : p.left;
  return left === p.left && right === p.right ? p : { ...p, left, right };
}

export const deriveJoinPredicates: OptimizerRule = {
  name: 'derive-join-predicates',
  apply: (plan) => transformUp(plan, rewrite),
};
