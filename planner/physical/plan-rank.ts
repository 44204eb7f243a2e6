/**
 * Physical planning of rankings: the logical Rank (and the streaming `ORDER BY … LIMIT`) becomes a
 * Rank with the strategy Flink's RankProcessStrategy.analyzeRankProcessStrategies picks, and the
 * logical Deduplicate becomes a Deduplicate (insert-only input) or a retracting ROW_NUMBER Rank
 * (updating input, event time). Changelog modes as Flink infers them: a Rank emits [I,UB,UA,D]
 * whatever its input; a Deduplicate keeping the first row by processing time is append-only, every
 * other one emits [I,UB,UA,D].
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { RankType, SortKey } from '../logical/plan.ts';
import { columnMonotonicity } from './monotonicity.ts';
import type { PhysicalNode, RankStrategy } from './plan.ts';
import { INSERT_ONLY, RETRACT, isInsertOnly } from './plan.ts';

/** What a Rank computes. */
export interface RankShape {
  readonly rankType: RankType;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
}

/** The strategy for a ranking over `input`: see RankStrategy. */
export function rankStrategy(input: PhysicalNode, shape: RankShape): RankStrategy {
  if (isInsertOnly(input.mode)) return 'AppendFastStrategy';
  const key = input.upsertKey;
  if (!key || !shape.partitionKeys.every((k) => key.includes(k))) return 'RetractStrategy';
  const monotonic = shape.orderKeys.every((k) => {
    const m = columnMonotonicity(input, k.index);
    return m === 'constant' || m === (k.desc ? 'increasing' : 'decreasing');
  });
  return monotonic ? 'UpdateFastStrategy' : 'RetractStrategy';
}

/** `n` without -U rows where it can stop emitting them (an UpdateFast Rank ignores them). */
function withoutUpdateBefore(n: PhysicalNode): PhysicalNode {
  const mode = { ...n.mode, updateBefore: false };
  switch (n.kind) {
    case 'GroupAggregate':
    case 'GlobalGroupAggregate':
      return { ...n, emitUpdateBefore: false, mode };
    case 'Calc':
      return { ...n, input: withoutUpdateBefore(n.input), mode };
    default:
      return n;
  }
}

/** The output's upsert key (Flink's FlinkRelMdUpsertKeys of a Rank). */
function rankUpsertKey(input: PhysicalNode, shape: RankShape): readonly number[] | undefined {
  const rc = input.types.length;
  if (shape.rankType === 'ROW_NUMBER' && shape.rankStart === shape.rankEnd && shape.partitionKeys.length > 0) return shape.partitionKeys;
  if (shape.rankType === 'ROW_NUMBER' && shape.outputRankNumber) return [...shape.partitionKeys, rc];
  return input.upsertKey;
}

/** A physical Rank over `input`. */
export function planRank(input: PhysicalNode, shape: RankShape, types: readonly SqlType[], names: readonly string[]): PhysicalNode {
  const strategy = rankStrategy(input, shape);
  const upsertKey = rankUpsertKey(input, shape);
  return {
    kind: 'Rank',
    input: strategy === 'UpdateFastStrategy' ? withoutUpdateBefore(input) : input,
    strategy,
    rankType: shape.rankType,
    partitionKeys: shape.partitionKeys,
    orderKeys: shape.orderKeys,
    rankStart: shape.rankStart,
    rankEnd: shape.rankEnd,
    outputRankNumber: shape.outputRankNumber,
    inputUpsertKey: strategy === 'UpdateFastStrategy' ? input.upsertKey : undefined,
    types,
    names,
    mode: RETRACT,
    upsertKey,
  };
}

/** What a Deduplicate keeps. */
export interface DedupShape {
  readonly keys: readonly number[];
  readonly keep: 'first' | 'last';
  readonly time: 'proctime' | 'rowtime';
  readonly orderKey: SortKey;
}

/**
 * A physical Deduplicate over insert-only `input`; over updating input, a retracting ROW_NUMBER
 * Rank of rank 1 when rows are ordered by an event-time column. Throws 0A000 for processing-time
 * deduplication of an updating input (as Flink, which cannot retract a row by its arrival).
 */
export function planDeduplicate(input: PhysicalNode, shape: DedupShape, types: readonly SqlType[], names: readonly string[]): PhysicalNode {
  if (isInsertOnly(input.mode)) {
    const appendOnly = shape.time === 'proctime' && shape.keep === 'first';
    return { kind: 'Deduplicate', input, keys: shape.keys, keep: shape.keep, time: shape.time, orderKey: shape.orderKey, types, names, mode: appendOnly ? INSERT_ONLY : RETRACT, upsertKey: shape.keys.length > 0 ? shape.keys : undefined };
  }
  if (shape.time === 'proctime') {
    throw new SqlError(
      SqlState.featureNotSupported,
      `Deduplicate on processing time doesn't support consuming update and delete changes which is produced by node ${input.kind}`,
      { hint: 'Order the ROW_NUMBER() by an event-time column instead of a PROCTIME() attribute.' },
    );
  }
  return planRank(input, { rankType: 'ROW_NUMBER', partitionKeys: shape.keys, orderKeys: [shape.orderKey], rankStart: 1, rankEnd: 1, outputRankNumber: false }, types, names);
}
