/**
 * The hash distribution of a physical plan's output in a parallel job (engine/parallel/): which
 * column lists the rows are already partitioned by, so that a keyed operator on the same columns
 * needs no exchange (a forward edge) and an aggregation on them no local-global split, as Flink's
 * planner tracks FlinkRelDistribution and its TwoStageOptimizedAggregateRule skips two phases when
 * the input already satisfies the required hash distribution. The partition function is the one of
 * engine/parallel/partition.ts: hash(binary key of the columns) mod N, a single int/long column
 * hashed from its 64-bit value, so equal values of the listed columns always share a worker.
 */
import type { PhysicalNode } from './plan.ts';

/**
 * The column lists by which the rows of `n`'s output are already hash-partitioned across a parallel
 * job's workers (every row whose values in one list hash to channel k is in worker k), as Flink's
 * planner tracks a hash distribution trait to drop a shuffle whose input already satisfies it.
 * A keyed operator partitions its output by its key columns where they pass through unchanged:
 * - GroupAggregate and GlobalGroupAggregate by their group keys (the first output columns), unless the
 *   aggregation is partitioned by other columns (split distinct's buckets: partitionBy);
 * - Rank and Deduplicate by their partition keys (output = input columns, then a rank number);
 * - an inner Join by either side's keys, a left join (and semi/anti) by the left keys, a right join
 *   by the right keys: a matched row's key values are equal on both sides (hashed alike, partition.ts),
 *   and padded rows keep the preserved side's key; a full join by none;
 * - Calc and MiniBatchAssigner pass a list on when every column of it is projected as a plain column.
 * Keyless keyed operators (all rows in worker 0) and every other node: none.
 */
export function outputPartitioning(n: PhysicalNode): (readonly number[])[] {
  switch (n.kind) {
    case 'GroupAggregate':
      if (n.partitionBy) return [];
      return n.groupKeys.length > 0 ? [n.groupKeys.map((_, i) => i)] : [];
    case 'GlobalGroupAggregate':
      return n.groupKeys.length > 0 ? [n.groupKeys.map((_, i) => i)] : [];
    case 'Rank':
      return n.partitionKeys.length > 0 ? [n.partitionKeys] : [];
    case 'Deduplicate':
      return n.keys.length > 0 ? [n.keys] : [];
    case 'Join': {
      if (n.leftKeys.length === 0) return [];
      const width = n.left.types.length;
      const right = n.rightKeys.map((k) => k + width);
      switch (n.joinType) {
        case 'inner':
          return [n.leftKeys, right];
        case 'left':
        case 'semi':
        case 'anti':
          return [n.leftKeys];
        case 'right':
          return [right];
        default:
          return [];
      }
    }
    case 'MiniBatchAssigner':
      return outputPartitioning(n.input);
    case 'Calc': {
      const below = outputPartitioning(n.input);
      const proj = n.projection;
      if (proj === undefined) return below;
      const out: (readonly number[])[] = [];
      for (const cols of below) {
        const mapped = cols.map((c) => proj.findIndex((e) => e.kind === 'ColRef' && e.index === c));
        if (mapped.every((m) => m >= 0)) out.push(mapped);
      }
      return out;
    }
    default:
      return [];
  }
}

/** True when `n`'s output is hash-partitioned by exactly `keys` (in order); never for no keys. */
export function partitionedBy(n: PhysicalNode, keys: readonly number[]): boolean {
  if (keys.length === 0) return false;
  return outputPartitioning(n).some((p) => p.length === keys.length && p.every((c, i) => c === keys[i]));
}
