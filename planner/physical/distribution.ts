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
import { physicalInputs } from './plan.ts';

/**
 * The partition columns of input `input` of `n` when `n` is a keyed operator (its state is per
 * key, so each instance must see every row of its keys), or undefined for a forward edge.
 */
export function partitionKeys(n: PhysicalNode, input: number): readonly number[] | undefined {
  switch (n.kind) {
    case 'GroupAggregate':
      return n.partitionBy ?? n.groupKeys;
    case 'GlobalGroupAggregate':
      return n.groupKeys;
    case 'Join':
      return input === 0 ? n.leftKeys : n.rightKeys;
    case 'Rank':
      return n.partitionKeys;
    case 'Deduplicate':
      return n.keys;
    case 'OverAggregate':
      return n.partitionKeys;
    case 'SetOp':
      return (input === 0 ? n.left : n.right).types.map((_, i) => i);
    default:
      return undefined;
  }
}

/**
 * The column lists by which the rows of `n`'s output are already hash-partitioned across a parallel
 * job's workers (every row whose values in one list hash to channel k is in worker k), as Flink's
 * planner tracks a hash distribution trait to drop a shuffle whose input already satisfies it:
 * - a keyed operator with one input (GroupAggregate, Rank, Deduplicate) by the list its input edge
 *   kept (`forwardPartitioning`: a subset of its keys), else by its keys; an aggregation partitioned
 *   by other columns than its keys (split distinct's buckets: partitionBy) by none;
 * - GlobalGroupAggregate by its group keys (the first output columns);
 * - an inner Join by either side's keys, a left join (and semi/anti) by the left keys, a right join
 *   by the right keys: a matched row's key values are equal on both sides (hashed alike, partition.ts),
 *   and padded rows keep the preserved side's key; a full join by none;
 * - Calc and MiniBatchAssigner pass a list on when every column of it is projected as a plain column.
 * Keyless keyed operators (all rows in worker 0) and every other node: none.
 */
export function outputPartitioning(n: PhysicalNode): (readonly number[])[] {
  switch (n.kind) {
    case 'GroupAggregate': {
      if (n.partitionBy || n.groupKeys.length === 0) return [];
      const kept = forwardPartitioning(n, 0);
      return [kept ? kept.map((c) => n.groupKeys.indexOf(c)) : n.groupKeys.map((_, i) => i)];
    }
    case 'GlobalGroupAggregate':
      return n.groupKeys.length > 0 ? [n.groupKeys.map((_, i) => i)] : [];
    case 'Rank':
    case 'Deduplicate': {
      const keys = n.kind === 'Rank' ? n.partitionKeys : n.keys;
      if (keys.length === 0) return [];
      return [forwardPartitioning(n, 0) ?? keys];
    }
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

/**
 * When input `input` of keyed `n` needs no hash exchange, the list (input columns) its rows are
 * already partitioned by; else undefined. A keyed operator with one input (GroupAggregate, Rank,
 * Deduplicate, OverAggregate) takes any non-empty subset of its keys — rows equal on the keys are
 * equal on the subset, so they share a worker (Flink's non-strict distribution satisfaction): an
 * aggregation by (id, category) over a join on id needs no exchange. A Join or SetOp takes only its
 * keys exactly, in order, since its two inputs must be partitioned alike.
 */
export function forwardPartitioning(n: PhysicalNode, input: number): readonly number[] | undefined {
  const keys = partitionKeys(n, input);
  if (!keys || keys.length === 0) return undefined;
  if (n.kind === 'GroupAggregate' && n.partitionBy) return undefined;
  const child = physicalInputs(n)[input]!;
  const strict = n.kind === 'Join' || n.kind === 'SetOp';
  return outputPartitioning(child).find((p) => (strict ? p.length === keys.length && p.every((c, i) => c === keys[i]) : p.length > 0 && p.every((c) => keys.includes(c))));
}

/**
 * True when rows of `n`'s output that are equal on `keys` always share a worker: `n` is partitioned
 * by a non-empty subset of `keys` (what a one-input keyed operator over `n` needs; never for no keys).
 */
export function partitionedBy(n: PhysicalNode, keys: readonly number[]): boolean {
  if (keys.length === 0) return false;
  return outputPartitioning(n).some((p) => p.length > 0 && p.every((c) => keys.includes(c)));
}
