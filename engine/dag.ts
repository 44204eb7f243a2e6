/**
 * Builds a runnable dataflow from a physical plan: one operator per node (executor/operators),
 * wired child → parent through Outputs, sources for the leaves (connector readers, the snapshot and
 * changelog of DML tables and materialized views, literal rows), and a root that receives the
 * result (a materialized view, a sink, a DML table, or a collector for bounded queries).
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import type { RelationInfo, TableInfo } from '../catalog/catalog.ts';
import { getConnector } from '../connectors/registry.ts';
import type { Connector, SourceReader } from '../connectors/connector.ts';
import type { AsyncOperatorContext, Output, StreamMessage, StreamOperator } from '../executor/operators/operator.ts';
import { Calc } from '../executor/operators/calc.ts';
import { compileColumnProjector } from '../executor/expr/compile.ts';
import { Correlate } from '../executor/operators/correlate.ts';
import { GroupAggregate } from '../executor/operators/group-agg.ts';
import { Join } from '../executor/operators/join.ts';
import type { JoinInputInfo } from '../executor/operators/join.ts';
import { rootDisorder } from './parallel/support.ts';
import { Union } from '../executor/operators/union.ts';
import { SetOp } from '../executor/operators/set-op.ts';
import { SortLimit } from '../executor/operators/sort-limit.ts';
import { dedupOperator, rankOperator } from './dag-rank.ts';
import { Values } from '../executor/operators/values.ts';
import { Materialize } from '../executor/operators/materialize.ts';
import { Sink } from '../executor/operators/sink.ts';
import { LookupJoin } from '../executor/operators/lookup-join.ts';
import { OverAggregate } from '../executor/operators/over-agg.ts';
import { createLookupFunction } from './lookup-function.ts';
import type { LookupFunction } from '../connectors/lookup-cache.ts';
import { HeapStateBackend } from '../executor/state/heap-backend.ts';
import type { StateTtl } from '../executor/state/heap-backend.ts';
import { LocalGroupAggregate } from '../executor/operators/local-group-agg.ts';
import { PartialsChannel } from '../executor/aggregate/partials.ts';
import { readExecConfig } from '../planner/physical/exec-config.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';
import type { PhysicalNode } from '../planner/physical/plan.ts';
import { isInsertOnly } from '../planner/physical/plan.ts';
import type { Database } from './database.ts';
import type { Job, JobDag, JobSource } from './job.ts';
import type { TableStore } from './table-store.ts';
import { systemSource } from './system-source.ts';

/** Rows a connector source produces per pump (one batch). */
const SOURCE_BATCH_ROWS = 4096;

/** Where a dataflow's result goes. */
export type DagRoot =
  /** Bounded query: receives the final rows (+I) at the end. */
  | { readonly kind: 'collect'; readonly collect: (b: RowBatch) => void }
  /** A materialized view (or a subscription's private view): applies the changelog. */
  | { readonly kind: 'materialize'; readonly materialize: Materialize }
  /** INSERT INTO a DML table. */
  | { readonly kind: 'table'; readonly store: TableStore }
  /** INSERT INTO a connector table; `producer` is the plan root, for the changelog check. */
  | { readonly kind: 'connector'; readonly table: TableInfo; readonly producer: PhysicalNode }
  /** A plan fragment in a parallel worker (engine/parallel): the plan's output goes to `output` as it is. */
  | { readonly kind: 'output'; readonly output: Output };

/**
 * How a parallel plan fragment (engine/parallel) changes the build; absent for ordinary jobs.
 * - `replace(n, out)`: a source that stands for node `n` and its whole subtree (a source split, a
 *   feed from the main thread, or the workers of a parallel job), or undefined to build `n` as usual;
 * - `edge(n, i, into)`: the Output that input `i` of `n` pushes into, given `into` (the operator's
 *   own input): an exchange before a keyed operator, or `into` itself;
 * - `partials(n)`: for a GlobalGroupAggregate over a LocalGroupAggregate, the PartialsChannel the
 *   local phase hands its partials to and the one the global phase reads (the two ends of an
 *   exchange of partials as objects), or undefined for partial rows (`$partials`) over `edge`.
 * - `lookup(n)`: the dimension of lookup join `n` in a worker (its own connector lookup, or a replica
 *   of a DML table fed by the main thread), instead of createLookupFunction over `db.tables`;
 * - `async(op)`: the AsyncOperatorContext of `op` (a lookup join) when no Job is bound to the build:
 *   where its callbacks' errors go and who pauses the sources while it is saturated.
 * The hooks are called in one deterministic order (pre-order, inputs left to right), so every copy of a
 * plan numbers its sources and exchanges alike.
 */
export interface DagHooks {
  replace?(n: PhysicalNode, out: Output): JobSource | undefined;
  edge?(n: PhysicalNode, input: number, into: Output): Output;
  partials?(n: Extract<PhysicalNode, { kind: 'GlobalGroupAggregate' }>): { readonly local: PartialsChannel; readonly global: PartialsChannel } | undefined;
  lookup?(n: Extract<PhysicalNode, { kind: 'LookupJoin' }>): LookupFunction;
  async?(op: StreamOperator): AsyncOperatorContext;
}

/** What building needs from the engine. */
export interface DagEnv {
  readonly db: Database;
  readonly config: ReadonlyMap<string, string>;
  readonly bounded: boolean;
  /** Parallel fragments only (engine/parallel). */
  readonly hooks?: DagHooks;
}

/** A built dataflow: a JobDag for the job runner, plus the bounded-run entry point. */
export interface BuiltDag extends JobDag {
  /** Routes listener errors through `job` (they fail the job, not the statement that changed a table). */
  bindJob(job: Job): void;
  /** Bounded: starts every source, pumps until all end, closes operators; throws what operators throw. */
  runToEnd(): void;
}

/** Builds the dataflow for `plan` into `root`. Throws SqlError when a sink cannot take the changelog. */
export function buildDag(plan: PhysicalNode, env: DagEnv, root: DagRoot): BuiltDag {
  const b = new Builder(env);
  const { op: rootOp, output, finalize } = b.root(root, plan);
  // The job learns when a barrier reached the root (FLUSH resolves then).
  const tracked: Output = {
    push: (m) => {
      output.push(m);
      if (m.kind === 'barrier') b.job?.barrierReached(m.id);
    },
  };
  b.node(plan, tracked);
  if (rootOp) b.operators.push(rootOp);
  return {
    sources: b.sources,
    operators: b.operators,
    reads: b.reads,
    miniBatchIntervalMs: b.miniBatchIntervalMs,
    reportsBarriers: true,
    approximateStateBytes: () => b.backends.reduce((n, st) => n + st.approximateBytes(), 0),
    stateKeyCount: () => b.backends.reduce((n, st) => n + st.keyCount(), 0),
    release() {
      for (const r of b.releasers.splice(0)) r();
    },
    bindJob(job: Job) {
      b.guard = (f) => job.guard(f);
      b.job = job;
    },
    runToEnd() {
      for (const s of b.sources) s.start();
      let open = new Set(b.sources);
      while (open.size > 0) {
        const next = new Set<JobSource>();
        for (const s of open) {
          const r = s.pump(Date.now());
          if (r !== 'end') next.add(s);
          if (r === 'idle' && s.passive) next.delete(s);
        }
        open = next;
      }
      for (const op of b.operators) op.close();
      finalize?.();
    },
  };
}

class Builder {
  readonly sources: JobSource[] = [];
  readonly operators: StreamOperator[] = [];
  readonly reads = new Set<string>();
  guard: (f: () => void) => void = (f) => f();
  /** The job running this dataflow, once bound (barrier and backpressure reports go to it). */
  job: Job | undefined;
  /** Releases resources (dimension-store connections) when the job ends. */
  readonly releasers: (() => void)[] = [];
  private opCount = 0;
  /** The channel the GlobalGroupAggregate being built shares with its LocalGroupAggregate input. */
  private partialsChannel: PartialsChannel | undefined;
  /** The smallest MiniBatchAssigner interval in the plan (ms), if any. */
  miniBatchIntervalMs: number | undefined;

  constructor(private readonly env: DagEnv) {}

  /** The state backend of every operator opened (for `JobDag.approximateStateBytes`). */
  readonly backends: HeapStateBackend[] = [];

  private open(op: StreamOperator, output: Output, ttl?: StateTtl): StreamOperator {
    const state = new HeapStateBackend(ttl);
    this.backends.push(state);
    op.open({ output, state, config: this.env.config, ...(this.env.bounded ? {} : { async: this.asyncContext(op) }) });
    return op;
  }

  /** `table.exec.state.ttl` for the unbounded state of aggregations and joins (undefined: never expires, or a bounded run). */
  private stateTtl(): StateTtl | undefined {
    if (this.env.bounded) return undefined;
    const ms = readExecConfig(this.env.config).stateTtlMs;
    return ms > 0 ? { ttlMs: ms } : undefined;
  }

  /** The async context of `op`: callbacks run guarded by the job, saturation is reported to it. */
  private asyncContext(op: StreamOperator): AsyncOperatorContext {
    const hooked = this.env.hooks?.async?.(op);
    if (hooked) return hooked;
    return {
      guard: (f) => this.guard(f),
      setSaturated: (s) => this.job?.setSaturated(op, s),
    };
  }

  root(root: DagRoot, plan: PhysicalNode): { op: StreamOperator | undefined; output: Output; finalize?: () => void } {
    switch (root.kind) {
      case 'collect': {
        if (isInsertOnly(plan.mode)) {
          return { op: undefined, output: { push: (m) => m.kind === 'batch' && m.batch.count > 0 && root.collect(m.batch) } };
        }
        const mat = new Materialize({ types: plan.types, upsertKey: undefined });
        this.open(mat, { push: () => {} });
        return { op: undefined, output: { push: (m) => mat.process(m, 0) }, finalize: () => root.collect(mat.snapshot()) };
      }
      case 'materialize': {
        const mat = root.materialize;
        this.open(mat, { push: () => {} });
        return { op: mat, output: { push: (m) => mat.process(m, 0) } };
      }
      case 'table': {
        const store = root.store;
        return { op: undefined, output: { push: (m) => m.kind === 'batch' && m.batch.count > 0 && store.applyChangelog(m.batch) } };
      }
      case 'connector': {
        const conn = sinkConnector(root.table, plan, root.producer);
        const sink = new Sink({ writer: conn.createWriter!(root.table, { log: this.env.db.log }) });
        this.open(sink, { push: () => {} });
        return { op: sink, output: { push: (m) => sink.process(m, 0) } };
      }
      case 'output':
        return { op: undefined, output: root.output };
    }
  }

  /** Builds `n` so that its output goes to `out`. */
  node(n: PhysicalNode, out: Output): void {
    const hooks = this.env.hooks;
    const wire = (op: StreamOperator, inputs: readonly PhysicalNode[], ttl?: StateTtl) => {
      this.open(op, out, ttl);
      inputs.forEach((child, i) => {
        const into: Output = { push: (m) => op.process(m, i) };
        this.node(child, hooks?.edge ? hooks.edge(n, i, into) : into);
      });
      this.operators.push(op);
    };
    const replaced = hooks?.replace?.(n, out);
    if (replaced) {
      this.sources.push(replaced);
      return;
    }
    this.opCount++;
    switch (n.kind) {
      case 'TableSourceScan':
        this.reads.add(n.table.name);
        this.sources.push(connectorSource(n.table, n.columns, n.types, out, this.env.bounded));
        return;
      case 'StoredScan':
        this.reads.add(n.relation.name);
        this.sources.push(this.storedSource(n, out));
        return;
      case 'SystemScan':
        this.sources.push(systemSource(n, out));
        return;
      case 'Values': {
        const op = new Values({ types: n.types, rows: n.rows });
        this.open(op, out);
        this.sources.push({
          passive: false,
          start: () => op.emitAll(),
          pump: () => 'end',
          inject: (m) => out.push(m),
          close: () => {},
        });
        return;
      }
      case 'Calc':
        return wire(new Calc({ inputTypes: n.input.types, projection: n.projection, filter: n.condition }), [n.input]);
      case 'Correlate':
        return wire(new Correlate({ inputTypes: n.input.types, calls: n.calls, ordinality: n.ordinality }), [n.input]);
      case 'GroupAggregate':
        return wire(
          new GroupAggregate({
            inputTypes: n.input.types,
            groupKeys: n.groupKeys,
            aggs: n.aggs,
            changelog: { emitUpdateBefore: n.emitUpdateBefore },
            ...(n.miniBatchSize !== undefined ? { miniBatch: { size: n.miniBatchSize } } : {}),
            needRetraction: !isInsertOnly(n.input.mode),
          }),
          [n.input],
          this.stateTtl(),
        );
      case 'MiniBatchAssigner':
        // Markers are barriers the job injects at its sources every interval (engine/job.ts).
        this.miniBatchIntervalMs = Math.min(this.miniBatchIntervalMs ?? Infinity, n.intervalMs);
        return this.node(n.input, out);
      case 'LocalGroupAggregate': {
        const channel = this.partialsChannel;
        this.partialsChannel = undefined;
        const needRetraction = !isInsertOnly(n.input.mode);
        // Distinct values go to the global phase once per worker, unless its state expires (TTL).
        const forwardDistinctOnce = !needRetraction && this.stateTtl() === undefined;
        return wire(new LocalGroupAggregate({ inputTypes: n.input.types, groupKeys: n.groupKeys, aggs: n.aggs, miniBatchSize: n.miniBatchSize, channel, needRetraction, forwardDistinctOnce }), [n.input]);
      }
      case 'GlobalGroupAggregate': {
        // Local and global phase in one thread (no hooks: no exchange between them) hand partials
        // over as objects through one channel; a parallel build gives each phase its end of an
        // exchange of partials (hooks.partials), or none: partial rows cross the exchange.
        let channel: PartialsChannel | undefined;
        if (n.input.kind === 'LocalGroupAggregate') {
          const ends = hooks ? hooks.partials?.(n) : { local: new PartialsChannel(), global: undefined };
          this.partialsChannel = ends?.local;
          channel = hooks ? ends?.global : ends?.local;
        } else {
          this.partialsChannel = undefined;
        }
        return wire(
          new GroupAggregate({
            inputTypes: n.input.types,
            groupKeys: n.groupKeys,
            aggs: n.aggs,
            changelog: { emitUpdateBefore: n.emitUpdateBefore },
            miniBatch: { size: n.miniBatchSize },
            partialInput: { localInputTypes: n.localInputTypes, channel },
            // Accumulators as the local phase's: they depend on whether its input retracts.
            needRetraction: n.input.kind !== 'LocalGroupAggregate' || !isInsertOnly(n.input.input.mode),
          }),
          [n.input],
          this.stateTtl(),
        );
      }
      case 'Join':
        // Without equality keys every row shares one bucket: a nested-loop join on the residual.
        // Each side's state layout follows its input's changelog mode and upsert key (joinInputInfo).
        return wire(
          new Join({
            joinType: n.joinType,
            leftTypes: n.left.types,
            rightTypes: n.right.types,
            leftKeys: n.leftKeys,
            rightKeys: n.rightKeys,
            condition: n.residual,
            leftInput: joinInputInfo(n.left),
            rightInput: joinInputInfo(n.right),
          }),
          [n.left, n.right],
          this.stateTtl(),
        );
      case 'Union':
        return wire(new Union({ inputs: n.inputs.length }), n.inputs);
      case 'SetOp':
        return wire(new SetOp({ op: n.op, all: n.all, types: n.types }), [n.left, n.right]);
      case 'LookupJoin': {
        const fn = hooks?.lookup ? hooks.lookup(n) : createLookupFunction(n.table, n.lookupKeys, this.env.db.tables);
        this.releasers.push(() => fn.close());
        this.reads.add(n.table.name);
        const capacity = Number(this.env.config.get('table.exec.async-lookup.buffer-capacity') ?? 100);
        if (!Number.isInteger(capacity) || capacity < 1) {
          throw new SqlError(SqlState.invalidParameterValue, `invalid value for "table.exec.async-lookup.buffer-capacity": "${this.env.config.get('table.exec.async-lookup.buffer-capacity')}"`, {
            detail: 'expected a positive integer',
          });
        }
        return wire(
          new LookupJoin({
            joinType: n.joinType,
            inputTypes: n.input.types,
            dimTypes: n.table.columns.map((c) => c.type),
            inputKeys: n.inputKeys,
            condition: n.residual,
            lookup: fn,
            capacity,
          }),
          [n.input],
        );
      }
      case 'SortLimit':
        return wire(new SortLimit({ types: n.types, keys: n.keys, limit: n.limit, offset: n.offset }), [n.input]);
      case 'Rank':
        return wire(rankOperator(n), [n.input]);
      case 'Deduplicate':
        return wire(dedupOperator(n), [n.input]);
      case 'OverAggregate':
        return wire(
          new OverAggregate({ types: n.input.types, partitionKeys: n.partitionKeys, orderKeys: n.orderKeys, calls: n.calls, emit: n.emit }),
          [n.input],
        );
    }
  }

  private storedSource(n: Extract<PhysicalNode, { kind: 'StoredScan' }>, out: Output): JobSource {
    const r = n.relation;
    const project = projector(r.columns.map((c) => c.type), n.columns, n.types);
    const feed = storedFeed(this.env.db, r);
    let unsubscribe: (() => void) | undefined;
    const bounded = this.env.bounded;
    return {
      passive: true,
      start: () => {
        const snap = feed.snapshot();
        if (snap.count > 0) out.push({ kind: 'batch', batch: project(snap) });
        if (!bounded) unsubscribe = feed.subscribe((b) => this.guard(() => out.push({ kind: 'batch', batch: project(b) })));
      },
      pump: () => (bounded ? 'end' : 'idle'),
      inject: (m) => out.push(m),
      close: () => {
        unsubscribe?.();
        unsubscribe = undefined;
      },
    };
  }
}

/**
 * A join input's changelog mode and upsert key for the Join's state layout. The upsert key is passed
 * only when the changes of one key reach the join in order (`rootDisorder` finds no keyed operator
 * below that could reorder them across parallel workers); else the side keeps a multiset.
 */
function joinInputInfo(input: PhysicalNode): JoinInputInfo {
  return { mode: input.mode, upsertKey: rootDisorder(input) === undefined ? input.upsertKey : undefined };
}

/**
 * The connector of sink table `table` for the rows of `plan` (`producer`: the node named in the
 * error), checked: it can write (else 0A000 `connector "x" cannot be used as a sink`), and it accepts
 * updates and deletes when `plan` produces them (else 0A000, Flink's message). Throws 42704 for an
 * unknown connector.
 */
export function sinkConnector(table: TableInfo, plan: PhysicalNode, producer: PhysicalNode): Connector {
  const conn = getConnector(table.connector!);
  if (!conn.canSink || !conn.createWriter) {
    throw new SqlError(SqlState.featureNotSupported, `connector "${conn.name}" cannot be used as a sink`);
  }
  if (!conn.sinkAcceptsUpdates && !isInsertOnly(plan.mode)) {
    throw new SqlError(
      SqlState.featureNotSupported,
      `Table sink "${table.name}" doesn't support consuming update and delete changes which is produced by node ${describeNode(producer)}`,
      { hint: `Connector "${conn.name}" accepts only inserts; use a sink that accepts updates (print, blackhole) or an append-only query.` },
    );
  }
  return conn;
}

/** A source over a connector reader; projects the reader's physical columns to `columns`. */
function connectorSource(table: TableInfo, columns: readonly number[], types: readonly SqlType[], out: Output, bounded: boolean): JobSource {
  const conn = getConnector(table.connector!);
  if (!conn.canSource || !conn.createReader) throw new SqlError(SqlState.featureNotSupported, `connector "${conn.name}" cannot be used as a source`);
  const physical = table.columns.map((c, i) => (c.computed ? -1 : i)).filter((i) => i >= 0);
  const fields = columns.map((c) => physical.indexOf(c));
  if (fields.some((f) => f < 0)) throw new SqlError(SqlState.internalError, `scan of "${table.name}" reads a computed column`);
  const identity = fields.length === physical.length && fields.every((f, i) => f === i);
  let reader: SourceReader | undefined;
  let project: ((b: RowBatch) => RowBatch) | undefined;
  void bounded;
  return {
    passive: false,
    start: () => {
      reader = conn.createReader!(table, { split: 0, splits: 1, startMs: Date.now(), columns: fields });
      project = identity || reader.projected ? (b) => b : projector(reader.types, fields, types);
    },
    pump: (now) => {
      const r = reader!.read(SOURCE_BATCH_ROWS, now);
      if (r === 'idle' || r === 'end') return r;
      if (r.count > 0) out.push({ kind: 'batch', batch: project!(r) });
      return 'more';
    },
    inject: (m: StreamMessage) => out.push(m),
    close: () => {
      reader?.close();
      reader = undefined;
    },
  };
}

/** The snapshot and changelog of a stored relation: a DML table's store or a view's Materialize. */
export interface StoredFeed {
  snapshot(): RowBatch;
  subscribe(l: (b: RowBatch) => void): () => void;
}

/**
 * The feed of stored relation `r` (a DML table or a materialized view). Throws 42P01 when the table
 * has no store, 55000 when the view is not running or its job failed.
 */
export function storedFeed(db: Database, r: RelationInfo): StoredFeed {
  if (r.kind === 'table') {
    const store = db.tables.get(r.name);
    if (!store) throw new SqlError(SqlState.undefinedTable, `relation "${r.name}" has no stored rows`);
    return store;
  }
  const mv = db.views.get(r.name);
  if (!mv) throw new SqlError(SqlState.objectNotInPrerequisiteState, `materialized view "${r.name}" is not running`);
  if (mv.job && mv.job.status === 'FAILED') {
    throw new SqlError(SqlState.objectNotInPrerequisiteState, `materialized view "${r.name}" is not maintained: its job failed (${mv.job.record.error})`);
  }
  return mv.materialize;
}

/** A function picking `fields` of batches of `inTypes` into batches of `outTypes` (bytes copied, not decoded). */
export function projector(inTypes: readonly SqlType[], fields: readonly number[], outTypes: readonly SqlType[]): (b: RowBatch) => RowBatch {
  if (fields.length === inTypes.length && fields.every((f, i) => f === i)) return (b) => b;
  return compileColumnProjector(inTypes, fields, outTypes);
}

function describeNode(n: PhysicalNode): string {
  switch (n.kind) {
    case 'GroupAggregate':
      return `GroupAggregate(groupBy=[${n.groupKeys.map((k) => n.input.names[k]).join(', ')}])`;
    default:
      return n.kind;
  }
}
