/**
 * Which plans run in parallel, and how each keyed operator is partitioned. A continuous plan runs in
 * N workers when every node is one the workers can run: connector scans (split by event number when
 * the connector can split, else read by worker 0), stored scans (a DML table's or a view's changelog,
 * fed from the main thread), VALUES (worker 0), stateless operators (forward edges) and keyed
 * operators (a hash exchange on the key in front of each input). A lookup join is a forward
 * operator: each worker opens its own connector lookup (cache, retries, async capacity), or keeps a
 * replica of a DML dimension table that the main thread broadcasts (dimension-replica.ts).
 * Bounded-only nodes never reach here.
 */
import { assertNever } from '../../common/errors.ts';
import { slotKind } from '../../executor/row/binary-row.ts';
import type { PhysicalNode } from '../../planner/physical/plan.ts';
import { physicalInputs } from '../../planner/physical/plan.ts';
import { forwardPartitioning, partitionKeys } from '../../planner/physical/distribution.ts';

/** Connectors whose reader can read split k of s (SourceReader options `split`/`splits`): nexmark by event number, filesystem by line. */
export const SPLITTABLE_CONNECTORS: ReadonlySet<string> = new Set(['nexmark', 'filesystem']);

/** `parallelism.default` from a job's configuration: a positive integer (1 when absent or malformed). */
export function configuredParallelism(config: ReadonlyMap<string, string>): number {
  const n = Number((config.get('parallelism.default') ?? '1').trim());
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export { partitionKeys } from '../../planner/physical/distribution.ts';

/** True when input `input` of keyed `n` needs no hash exchange: its rows are already partitioned as `n` needs (planner/physical/distribution.ts). */
export function alreadyPartitioned(n: PhysicalNode, input: number): boolean {
  return forwardPartitioning(n, input) !== undefined;
}

/** Why `plan` cannot run in parallel workers yet, or undefined when it can. Every node kind is classified here. */
export function parallelBlocker(plan: PhysicalNode): string | undefined {
  switch (plan.kind) {
    case 'SystemScan':
    case 'SortLimit':
      return `${plan.kind} runs only in bounded queries`;
    case 'OverAggregate':
      if (plan.emit === 'at-end') return 'OverAggregate emitting at end of input runs only in bounded queries';
      break;
    case 'Join': {
      const l = plan.leftKeys.map((k) => slotKind(plan.left.types[k]!));
      const r = plan.rightKeys.map((k) => slotKind(plan.right.types[k]!));
      if (l.length > 1 && l.some((s, i) => s !== r[i])) return 'a join on keys of different storage types cannot be hash-partitioned alike';
      break;
    }
    // Sources, forward (stateless) operators, and keyed operators (partitionKeys).
    case 'TableSourceScan':
    case 'StoredScan':
    case 'Values':
    case 'Calc':
    case 'Correlate':
    case 'LookupJoin':
    case 'MiniBatchAssigner':
    case 'LocalGroupAggregate':
    case 'Union':
    case 'GroupAggregate':
    case 'GlobalGroupAggregate':
    case 'Rank':
    case 'Deduplicate':
    case 'SetOp':
      break;
    default:
      return assertNever(plan, 'physical node');
  }
  for (const c of physicalInputs(plan)) {
    const why = parallelBlocker(c);
    if (why) return why;
  }
  return undefined;
}

/**
 * Why the root could see the changes of one upsert key out of order, or undefined when it cannot.
 * Rows of one key reach the root in order when they all pass through one worker: when the changelog
 * is insert-only or the root keeps a multiset (no upsert key: a retraction always follows its row on
 * the same channel), when the nearest keyed operator below the root is a group aggregate (partitioned
 * by its group key, which is the upsert key), or when there is none (stored scans are routed by their
 * primary key, worker-group.ts). Otherwise, e.g. an OVER aggregate or a join keyed by another column
 * than the upsert key, an UPDATE that moves a row to another partition could deliver its +U before its
 * -U — Flink's changelog disorder, which its SinkUpsertMaterializer absorbs; Strom has none yet.
 */
export function rootDisorder(plan: PhysicalNode): string | undefined {
  if (!plan.mode.updateBefore && !plan.mode.updateAfter && !plan.mode.delete) return undefined;
  if (!plan.upsertKey || plan.upsertKey.length === 0) return undefined;
  let n: PhysicalNode = plan;
  for (;;) {
    switch (n.kind) {
      case 'GroupAggregate':
      case 'GlobalGroupAggregate':
      case 'TableSourceScan':
      case 'StoredScan':
      case 'Values':
        return undefined;
      case 'Calc':
      case 'Correlate':
      case 'LookupJoin':
      case 'MiniBatchAssigner':
      case 'LocalGroupAggregate':
        n = n.input;
        continue;
      default: {
        // Safe when the node's upsert key contains its partition key (rows of one key share a worker),
        // or when it has no partition key (every row is in worker 0).
        const key = new Set(n.upsertKey ?? []);
        const leftWidth = n.kind === 'Join' ? n.left.types.length : 0;
        const parts = n.kind === 'Join' ? [n.leftKeys, n.rightKeys.map((k) => k + leftWidth)] : [partitionKeys(n, 0) ?? []];
        if (parts.some((p) => p.every((k) => key.has(k)))) return undefined;
        return `its result is keyed by an upsert key that the ${n.kind} below it is not partitioned by, so updates could arrive out of order`;
      }
    }
  }
}

/** The plan's nodes in the order the DAG builder visits them (pre-order, inputs left to right). */
export function preOrder(plan: PhysicalNode): PhysicalNode[] {
  const out: PhysicalNode[] = [];
  const walk = (n: PhysicalNode) => {
    out.push(n);
    for (const c of physicalInputs(n)) walk(c);
  };
  walk(plan);
  return out;
}

/**
 * The lookup joins whose dimension is a DML table (no connector), in pre-order: the order in which
 * the main thread broadcasts their tables (WorkerInit.dims, ToWorker `dim`) and each worker builds them.
 */
export function dmlLookupJoins(plan: PhysicalNode): Extract<PhysicalNode, { kind: 'LookupJoin' }>[] {
  return preOrder(plan).filter((x): x is Extract<PhysicalNode, { kind: 'LookupJoin' }> => x.kind === 'LookupJoin' && x.table.connector === undefined);
}
