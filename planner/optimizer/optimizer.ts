/**
 * The rule-based optimizer: runs the rule list to a fixpoint (bounded rounds), as a HepPlanner-style
 * program. Which rules and in what order is decided here, so EXPLAIN can name them.
 */
import type { LogicalPlan } from '../logical/plan.ts';
import type { OptimizerRule, RuleContext } from './rule.ts';
import { foldConstants } from './rules/fold-constants.ts';
import { mergeFilters } from './rules/merge-filters.ts';
import { pushFilterIntoJoin } from './rules/push-filter-into-join.ts';
import { pushFilterThroughProject } from './rules/push-filter-through-project.ts';
import { pushFilterThroughAggregate } from './rules/push-filter-through-aggregate.ts';
import { mergeProjects } from './rules/merge-projects.ts';
import { pruneColumns } from './rules/prune-columns.ts';
import { removeTrivialProject } from './rules/remove-trivial-project.ts';
import { splitDistinctAggregate } from './rules/split-distinct-aggregate.ts';
import { windowToRank } from './rules/window-to-rank.ts';
import { rankToDeduplicate } from './rules/rank-to-deduplicate.ts';
import { flattenUnions } from './rules/flatten-unions.ts';
import { deriveJoinPredicates } from './rules/derive-join-predicates.ts';
import { decorrelateSubqueries } from './rules/decorrelate-subqueries.ts';
import { decorrelateScalarSubqueries } from './rules/decorrelate-scalar-subqueries.ts';

/** The default rule program, in the order they run each round. */
export const DEFAULT_RULES: readonly OptimizerRule[] = [
  decorrelateSubqueries,
  decorrelateScalarSubqueries,
  foldConstants,
  mergeFilters,
  pushFilterThroughProject,
  pushFilterThroughAggregate,
  pushFilterIntoJoin,
  deriveJoinPredicates,
  flattenUnions,
  windowToRank,
  mergeProjects,
  pruneColumns,
  rankToDeduplicate,
  removeTrivialProject,
  splitDistinctAggregate,
];

/** At most this many rounds over the rule list; every rule must converge well before it. */
const MAX_ROUNDS = 20;

/** Optimizes a logical plan with `rules` (default: DEFAULT_RULES) until no rule changes it. */
export function optimize(plan: LogicalPlan, ctx: RuleContext, rules: readonly OptimizerRule[] = DEFAULT_RULES): LogicalPlan {
  let current = plan;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const rule of rules) {
      const r = rule.apply(current, ctx);
      if (r.changed) {
        changed = true;
        current = r.plan;
      }
    }
    if (!changed) break;
  }
  return current;
}
