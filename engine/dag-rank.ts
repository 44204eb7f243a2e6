/**
 * The operators of the ranking nodes (planner/physical/plan-rank.ts): a Rank's strategy picks the
 * TopN variant — AppendFastStrategy: the append-only TopN, or for ROW_NUMBER of rank 1 only its
 * N = 1 fast path (a Deduplicate ordered by the sort key, ties kept); UpdateFastStrategy: the
 * update-fast TopN; RetractStrategy: the retracting TopN. A Deduplicate maps to its operator.
 */
import { assertNever } from '../common/errors.ts';
import type { StreamOperator } from '../executor/operators/operator.ts';
import { Deduplicate } from '../executor/operators/dedup.ts';
import { TopN } from '../executor/operators/top-n.ts';
import { UpdateFastTopN } from '../executor/operators/update-fast-top-n.ts';
import type { PhysicalNode } from '../planner/physical/plan.ts';

/** The operator of a physical Rank. */
export function rankOperator(n: Extract<PhysicalNode, { kind: 'Rank' }>): StreamOperator {
  const types = n.input.types;
  const shape = { partitionKeys: n.partitionKeys, orderKeys: n.orderKeys, rankType: n.rankType, rankStart: n.rankStart, rankEnd: n.rankEnd, outputRankNumber: n.outputRankNumber };
  switch (n.strategy) {
    case 'AppendFastStrategy':
      if (n.rankType === 'ROW_NUMBER' && n.rankStart === 1 && n.rankEnd === 1 && n.orderKeys.length > 0) {
        return new Deduplicate({
          types,
          keys: n.partitionKeys,
          policy: { kind: 'ordered', orderKeys: n.orderKeys, ties: 'keep' },
          outputRankNumber: n.outputRankNumber,
        });
      }
      return new TopN({ types, inputMode: n.input.mode, ...shape });
    case 'UpdateFastStrategy':
      return new UpdateFastTopN({ types, upsertKey: n.inputUpsertKey ?? [], ...shape });
    case 'RetractStrategy':
      return new TopN({ types, inputMode: n.input.mode, ...shape });
    default:
      return assertNever(n.strategy, 'rank strategy');
  }
}

/** The operator of a physical Deduplicate. */
export function dedupOperator(n: Extract<PhysicalNode, { kind: 'Deduplicate' }>): StreamOperator {
  return new Deduplicate({
    types: n.input.types,
    keys: n.keys,
    policy: n.time === 'proctime' ? { kind: 'proctime', keep: n.keep } : { kind: 'ordered', orderKeys: [n.orderKey], ties: n.keep === 'last' ? 'replace' : 'keep' },
  });
}
