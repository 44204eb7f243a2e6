/**
 * Parallel execution of continuous jobs on one machine (DESIGN.md, "Engine: parallel jobs"; issue 5
 * §2). With `SET 'parallelism.default' = 'N'` (server flag `--parallelism N`), an INSERT job or a
 * materialized view runs in N worker threads, as Flink runs a job graph with parallelism N:
 * - every worker runs a copy of the physical plan (fragment-runner.ts): its split of each source
 *   (nexmark by event number), stateless operators on forward edges, and its share of every keyed
 *   operator (group aggregate, global aggregate, join, rank, deduplicate, set operation) behind a
 *   hash exchange on the binary key of the operator's key columns (partition.ts). With minibatch
 *   two-phase aggregation the LocalGroupAggregate runs before the exchange, as in Flink;
 * - rows cross threads as binary batches whose buffers are transferred (protocol.ts), with
 *   credit-based backpressure (channel.ts);
 * - the root (Materialize, sink) stays in the main thread (worker-group.ts), fed by the workers,
 *   except a sink whose connector writes from several threads (ParallelSinkCapability: print,
 *   blackhole), which runs in every worker; barriers (FLUSH, minibatch markers) align across every
 *   exchange and at the root;
 * - lookup joins are forward operators: each worker opens its own connector lookup (sqlite,
 *   jdbc/postgres: cache, retries, async capacity per worker), and a DML dimension table is
 *   broadcast to every worker as its snapshot and changelog, kept in a replica (dimension-replica.ts);
 * - workers report their state figures (with barriers and at the end), which the job's add up;
 * - workers end with the job (finish, STOP JOB, failure, shutdown); a worker's error fails the job.
 * Plans the workers cannot run yet fall back to one thread, with a NOTICE that says why.
 */
import type { Notice } from '../api.ts';
import { buildDag, sinkConnector } from '../dag.ts';
import type { BuiltDag, DagEnv, DagRoot } from '../dag.ts';
import type { Job } from '../job.ts';
import type { PhysicalNode } from '../../planner/physical/plan.ts';
import type { Output } from '../../executor/operators/operator.ts';
import { configuredParallelism, parallelBlocker, preOrder, rootDisorder } from './support.ts';
import { WorkerGroup } from './worker-group.ts';

export { configuredParallelism } from './support.ts';

/** Why jobs that asked for parallelism run on one thread (for the statement's NOTICE). */
const fallbacks = new WeakMap<Job, string>();

/**
 * Builds the dataflow of a continuous job: in `parallelism.default` workers when it is above 1 and
 * the plan allows (the root stays in this thread), else on this thread as engine/dag.ts builds it.
 */
export function buildJobDag(plan: PhysicalNode, env: DagEnv, root: DagRoot): BuiltDag {
  const n = configuredParallelism(env.config);
  if (n <= 1 || env.bounded) return buildDag(plan, env, root);
  const blocker = parallelBlocker(plan) ?? rootDisorder(plan);
  if (blocker) {
    const dag = buildDag(plan, env, root);
    return {
      ...dag,
      bindJob(job: Job) {
        fallbacks.set(job, `parallelism ${n} is not supported for this plan (${blocker}); the job runs with parallelism 1`);
        dag.bindJob(job);
      },
    };
  }
  let group: WorkerGroup | undefined;
  // A sink that writes from every worker runs there; the main thread's root then only sees barriers.
  const conn = root.kind === 'connector' ? sinkConnector(root.table, plan, root.producer) : undefined;
  const sink = root.kind === 'connector' && conn?.parallelSink ? { table: root.table, connector: conn } : undefined;
  const mainRoot: DagRoot = sink ? { kind: 'output', output: { push: () => {} } } : root;
  const hooks = { replace: (node: PhysicalNode, out: Output) => (node === plan ? (group = new WorkerGroup(plan, env, n, out, sink)) : undefined) };
  const dag = buildDag(plan, { ...env, hooks }, mainRoot);
  const nodes = preOrder(plan);
  const reads = new Set<string>();
  let miniBatchIntervalMs: number | undefined;
  for (const x of nodes) {
    if (x.kind === 'TableSourceScan') reads.add(x.table.name);
    if (x.kind === 'StoredScan') reads.add(x.relation.name);
    if (x.kind === 'LookupJoin') reads.add(x.table.name);
    if (x.kind === 'MiniBatchAssigner') miniBatchIntervalMs = Math.min(miniBatchIntervalMs ?? Infinity, x.intervalMs);
  }
  return {
    ...dag,
    reads,
    miniBatchIntervalMs,
    parallelism: n,
    approximateStateBytes: () => (dag.approximateStateBytes?.() ?? 0) + group!.stateBytes(),
    stateKeyCount: () => (dag.stateKeyCount?.() ?? 0) + group!.stateKeys(),
    finishRemote: () => group!.finish(),
    bindJob(job: Job) {
      dag.bindJob(job);
      group!.bindJob(job);
    },
    release() {
      group!.close();
      dag.release?.();
    },
  };
}

/** The NOTICE for a job that asked for parallelism but runs on one thread, if it does. */
export function parallelismNotice(job: Job | undefined): Notice | undefined {
  const why = job && fallbacks.get(job);
  return why ? { severity: 'NOTICE', code: '00000', message: why } : undefined;
}
