/**
 * What one worker of a parallel job runs (engine/parallel/index.ts): a copy of the whole physical
 * plan, built by engine/dag.ts with hooks that make its sources this worker's split and put a hash
 * exchange in front of every input of a keyed operator. Worker k's instance of a keyed operator gets
 * the rows whose key hashes to k, from every worker (itself included: that channel is a direct call).
 * The plan's output goes to the main thread, which merges the workers' outputs into the job's root,
 * unless the root is a sink whose connector writes from every worker (ParallelSinkCapability: print,
 * blackhole): then this worker runs its own Sink and writer (subtask k of N), and only barriers (with
 * the worker's report: state figures, rows written) and the writer's log lines go to the main thread.
 * `finish` (the job's last barrier is through) closes the writer and is answered `closed`.
 *
 * Lookup joins run here as forward operators: a connector dimension (sqlite, jdbc/postgres) gets
 * this worker's own lookup function (createLookupFunction: its own cache, retries, connection), a
 * DML table a DimensionReplica loaded from the snapshot in WorkerInit.dims and kept current by the
 * `dim` changes the main thread sends on this job's port, ordered with the port's feeds and barriers.
 * An asynchronous lookup's callbacks run as part of this copy (their errors fail it); while one is
 * saturated (its buffer capacity in flight) the sources pause, as the job runner does in one thread.
 *
 * Loop: as the job runner (engine/job.ts), sources are pumped in slices (SLICE_MS) between which
 * the worker handles what other threads sent it; while a channel has too many unacknowledged
 * batches (channel.ts), sources pause. Barriers from the main thread are injected at every source;
 * an exchange forwards a barrier once it has it from all N channels (BarrierAligner with one input per
 * channel), so a barrier reaches the root after every row before it in every worker.
 * An error fails the worker: it reports the error (SQLSTATE, message) and stops; the main thread
 * fails the job, which terminates every worker.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TableInfo } from '../../catalog/catalog.ts';
import { SqlError, SqlState, toSqlError } from '../../common/errors.ts';
import { getConnector } from '../../connectors/registry.ts';
import type { Connector, SinkWriter } from '../../connectors/connector.ts';
import { Sink } from '../../executor/operators/sink.ts';
import { HeapStateBackend } from '../../executor/state/heap-backend.ts';
import type { SqlType } from '../../common/types.ts';
import { BarrierAligner } from '../../executor/operators/barrier-aligner.ts';
import type { Output, StreamMessage } from '../../executor/operators/operator.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import type { PhysicalNode } from '../../planner/physical/plan.ts';
import { physicalInputs } from '../../planner/physical/plan.ts';
import { buildDag } from '../dag.ts';
import { createLookupFunction } from '../lookup-function.ts';
import type { LookupFunction } from '../../connectors/lookup-cache.ts';
import { DimensionReplica } from './dimension-replica.ts';
import type { BuiltDag } from '../dag.ts';
import type { Database } from '../database.ts';
import type { JobSource } from '../job.ts';
import { AckCounter, SendChannel } from './channel.ts';
import type { PostTarget } from './channel.ts';
import { Partitioner, makeChannelOf } from './partition.ts';
import { PartialsExchange } from './partials-exchange.ts';
import { decodePlan, decodeValue } from './plan-codec.ts';
import { fromWire, toWire } from './protocol.ts';
import type { FromWorker, PeerMessage, ToWorker, WireControl, WorkerInit, WorkerReport } from './protocol.ts';
import { alreadyPartitioned, partitionKeys } from './support.ts';
import { emptySource, fedSource, splitConnectorSource } from './worker-sources.ts';
import type { FedSource } from './worker-sources.ts';

const SLICE_MS = 20;
const IDLE_MS = 5;
/**
 * The receiving end of one exchange in this worker: rows from every channel into the keyed operator,
 * each batch as it comes. (Ends used to coalesce the channels' batches up to 4096 × N rows; since a
 * worker reads a contiguous range of events, its parts are about the size of a one-thread batch
 * already, and passing them on measured 5–6 % faster for q16 and q19 at P2 than copying them together.)
 */
interface ExchangeEnd {
  readonly types: readonly SqlType[];
  /** Takes a batch from a channel into the keyed operator. */
  deliver(b: RowBatch): void;
  /** A barrier or watermark from `channel`, forwarded once it arrived on every channel. */
  control(msg: WireControl, channel: number): void;
}

/**
 * True for a keyed operator without key columns (a global aggregate): all its rows go to worker 0,
 * and its copies elsewhere must not emit (a global aggregate emits its row for empty input).
 */
function isSingleton(n: PhysicalNode): boolean {
  const inputs = physicalInputs(n);
  return inputs.length > 0 && inputs.every((_, i) => partitionKeys(n, i)?.length === 0);
}

/** `out` without batches: barriers and watermarks only. */
function controlOnly(out: Output): Output {
  return { push: (m) => m.kind !== 'batch' && out.push(m) };
}

/** Runs one worker's plan copy; `main` is the port to the main thread. */
export class FragmentRunner {
  private readonly n: number;
  private readonly self: number;
  private readonly toMain: SendChannel;
  private readonly peers: (SendChannel | undefined)[];
  private readonly peerAcks: (AckCounter | undefined)[];
  private readonly exchanges: ExchangeEnd[] = [];
  /** The partials exchanges (two-phase aggregation), numbered in build order as in every worker. */
  private readonly partialEnds: PartialsExchange[] = [];
  private readonly fed: { source: FedSource; types: readonly SqlType[] }[] = [];
  private readonly sources: readonly JobSource[];
  private readonly pulled: readonly JobSource[];
  private readonly ended = new Set<JobSource>();
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private failed = false;
  private endedSent = false;
  private readonly ports: readonly (MessagePort | undefined)[];
  private readonly dag: BuiltDag;
  /** This worker's sink (a ParallelSinkCapability connector's writer), when the root is one. */
  private sink: Sink | undefined;
  /** Rows the sink's writer took since the last report. */
  private sinkRows = 0;
  /** Lines the sink's writer logged, not yet posted to the main thread. */
  private logLines: string[] = [];
  /** Replicas of the DML dimension tables of lookup joins, in pre-order (WorkerInit.dims). */
  private readonly dims: DimensionReplica[] = [];
  /** Asynchronous operators at their capacity: while any is, the sources pause. */
  private readonly saturated = new Set<unknown>();

  /**
   * `connectorOf`: the connector of the sink table when the root is a worker-side sink (the
   * registry's; tests pass their own).
   */
  constructor(
    init: WorkerInit,
    private readonly main: MessagePort,
    private readonly connectorOf: (table: TableInfo) => Connector = (t) => getConnector(t.connector!),
  ) {
    this.ports = init.ports;
    this.n = init.parallelism;
    this.self = init.index;
    this.toMain = new SendChannel(main as PostTarget);
    this.peers = init.ports.map((p) => (p ? new SendChannel(p as PostTarget) : undefined));
    this.peerAcks = init.ports.map((p) => (p ? new AckCounter(p as PostTarget) : undefined));
    const plan = decodePlan(init.plan);
    let toMain: Output = { push: (m) => this.emit(m) };
    if (init.sink !== undefined) {
      const sink = this.openSink(decodeValue(init.sink) as TableInfo, toMain);
      toMain = { push: (m) => sink.process(m, 0) };
    }
    if (this.self !== 0 && isSingleton(plan)) toMain = controlOnly(toMain);
    const dag = buildDag(
      plan,
      {
        // Workers build no stored scans, lookups or connector roots: those are what use the database.
        db: undefined as unknown as Database,
        config: new Map(init.config),
        bounded: false,
        hooks: {
          replace: (node, out) => this.source(node, out, init.startMs),
          edge: (node, i, into) => this.exchange(node, i, into),
          partials: (node) => this.partialsExchange(node),
          lookup: (node) => this.lookupFunction(node, init),
          async: (op) => ({ guard: (f) => this.run(f), setSaturated: (s) => this.setSaturated(op, s) }),
        },
      },
      { kind: 'output', output: toMain },
    );
    this.dag = dag;
    this.sources = dag.sources;
    this.pulled = dag.sources.filter((s) => !s.passive);
    main.on('message', (m: ToWorker) => this.run(() => this.onMain(m)));
    init.ports.forEach((p, j) => p?.on('message', (m: PeerMessage) => this.run(() => this.onPeer(j, m))));
  }

  /** Ends this plan copy: no more pumping or handling; sources and ports closed. Idempotent. */
  stop(): void {
    this.failed = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    for (const s of this.sources) {
      try {
        s.close();
      } catch {
        // closing must not fail the worker
      }
    }
    this.main.close();
    for (const p of this.ports) p?.close();
    try {
      this.dag.release?.();
    } catch {
      // releasing lookup connections must not fail the worker
    }
  }

  /**
   * The dimension of lookup join `node` in this worker: the next DML replica (its snapshot from
   * `init.dims`) for a DML table, else the connector's lookup function opened here.
   */
  private lookupFunction(node: Extract<PhysicalNode, { kind: 'LookupJoin' }>, init: WorkerInit): LookupFunction {
    if (node.table.connector !== undefined) return createLookupFunction(node.table, node.lookupKeys, new Map());
    const d = this.dims.length;
    const snapshot = init.dims?.[d];
    if (!snapshot) throw new SqlError(SqlState.internalError, `parallel worker ${this.self}: no snapshot for lookup dimension ${d} ("${node.table.name}")`);
    const replica = new DimensionReplica(node.table.columns.map((c) => c.type), node.lookupKeys);
    replica.apply(fromWire(replica.types, snapshot));
    this.dims.push(replica);
    return replica.lookupFunction();
  }

  /** An asynchronous operator's saturation (AsyncOperatorContext): sources pause while any is saturated. */
  private setSaturated(op: unknown, saturated: boolean): void {
    if (saturated) {
      this.saturated.add(op);
      return;
    }
    if (this.saturated.delete(op) && this.saturated.size === 0) this.resumeIfPaused();
  }

  /**
   * The Sink of this worker over sink table `table` (the main thread checked that the connector can
   * take the plan's changelog): a writer for subtask `self` of `n` whose rows are counted and whose
   * log lines are collected for the main thread; barriers it passed on go to `out`.
   */
  private openSink(table: TableInfo, out: Output): Sink {
    const conn = this.connectorOf(table);
    if (!conn.createWriter) throw new SqlError(SqlState.featureNotSupported, `connector "${conn.name}" cannot be used as a sink`);
    const writer = conn.createWriter(table, { log: (line) => this.logLines.push(line), subtask: { index: this.self, count: this.n } });
    const counted: SinkWriter = {
      write: (b) => {
        writer.write(b);
        this.sinkRows += b.count;
        if (this.logLines.length > 0) this.postLog();
      },
      flush: () => writer.flush(),
      close: () => writer.close(),
    };
    const sink = new Sink({ writer: counted });
    sink.open({ output: out, state: new HeapStateBackend(), config: new Map() });
    this.sink = sink;
    return sink;
  }

  /** Posts the collected log lines to the main thread (before anything posted after them). */
  private postLog(): void {
    if (this.logLines.length === 0) return;
    this.main.postMessage({ t: 'log', lines: this.logLines } satisfies FromWorker);
    this.logLines = [];
  }

  /** This copy's report (protocol.ts WorkerReport); resets the rows-written count. */
  private report(): WorkerReport {
    const sinkRows = this.sinkRows;
    this.sinkRows = 0;
    return { stateBytes: this.dag.approximateStateBytes?.() ?? 0, stateKeys: this.dag.stateKeyCount?.() ?? 0, sinkRows };
  }

  /** Starts the sources and the loop. */
  start(): void {
    this.run(() => {
      for (const s of this.sources) s.start();
    });
    this.schedule(0);
  }

  private source(node: PhysicalNode, out: Output, startMs: number): JobSource | undefined {
    switch (node.kind) {
      case 'TableSourceScan':
        return splitConnectorSource(node.table, node.columns, node.types, out, this.self, this.n, startMs);
      case 'StoredScan': {
        const source = fedSource(out);
        this.fed.push({ source, types: node.types });
        return source;
      }
      case 'Values':
        return this.self === 0 ? undefined : emptySource(out);
      default:
        return undefined;
    }
  }

  /**
   * The Output in front of input `i` of `node`: a hash exchange when `node` is keyed, else `into`;
   * outside worker 0, a singleton input's copy sends no rows.
   */
  private exchange(node: PhysicalNode, i: number, into: Output): Output {
    const out = this.partitioned(node, i, into);
    return this.self !== 0 && isSingleton(physicalInputs(node)[i]!) ? controlOnly(out) : out;
  }

  private partitioned(node: PhysicalNode, i: number, into: Output): Output {
    const keys = partitionKeys(node, i);
    // A forward edge where the input is already partitioned by these keys (planner/physical/distribution.ts forwardPartitioning).
    if (!keys || alreadyPartitioned(node, i)) return into;
    const edge = this.exchanges.length;
    const types = physicalInputs(node)[i]!.types;
    const aligner = new BarrierAligner(this.n);
    const end: ExchangeEnd = {
      types,
      deliver: (batch) => into.push({ kind: 'batch', batch }),
      control: (msg, channel) => aligner.forward(msg, channel, into),
    };
    this.exchanges.push(end);
    const partitioner = new Partitioner(types, makeChannelOf(types, keys, this.n), this.n);
    return {
      push: (m: StreamMessage) => {
        if (m.kind === 'batch') {
          const parts = partitioner.split(m.batch);
          for (let j = 0; j < parts.length; j++) {
            const part = parts[j];
            if (!part) continue;
            if (j === this.self) {
              end.deliver(part);
            } else {
              // The whole input batch (every row to one channel) may share its buffers: copied, not moved.
              const { batch, transfer } = toWire(part, part === m.batch);
              this.peers[j]!.sendBatch({ t: 'b', edge, batch } satisfies PeerMessage, transfer);
            }
          }
          return;
        }
        for (let j = 0; j < this.n; j++) {
          if (j === this.self) end.control(m, j);
          else this.peers[j]!.send({ t: 'ctl', edge, msg: m } satisfies PeerMessage);
        }
      },
    };
  }

  /** The partials exchange below `node` (partials-exchange.ts), or undefined without a local phase. */
  private partialsExchange(node: Extract<PhysicalNode, { kind: 'GlobalGroupAggregate' }>): PartialsExchange | undefined {
    const input = node.input;
    if (input.kind !== 'LocalGroupAggregate') return undefined;
    const x = new PartialsExchange({ ...node, input }, this.partialEnds.length, this.self, this.n, this.peers);
    this.partialEnds.push(x);
    return x;
  }

  /**
   * The root's output to the main thread: batches (copied: operators may still hold their buffers)
   * when the root is there; barriers with this copy's report, after the sink's log lines.
   */
  private emit(m: StreamMessage): void {
    if (m.kind === 'batch') {
      if (m.batch.count === 0) return;
      const { batch, transfer } = toWire(m.batch, true);
      this.toMain.sendBatch({ t: 'out', batch } satisfies FromWorker, transfer);
    } else {
      this.postLog();
      this.toMain.send({ t: 'ctl', msg: m, ...(m.kind === 'barrier' ? { report: this.report() } : {}) } satisfies FromWorker);
    }
  }

  private onMain(m: ToWorker): void {
    switch (m.t) {
      case 'barrier': {
        const msg: StreamMessage = { kind: 'barrier', id: m.id };
        for (const s of this.sources) s.inject(msg);
        return;
      }
      case 'feed': {
        const f = this.fed[m.source]!;
        f.source.deliver(fromWire(f.types, m.batch));
        return;
      }
      case 'dim': {
        const d = this.dims[m.dim]!;
        d.apply(fromWire(d.types, m.batch));
        return;
      }
      case 'ack':
        this.toMain.acked(m.n);
        this.resumeIfPaused();
        return;
      case 'finish':
        this.sink?.close();
        this.postLog();
        this.main.postMessage({ t: 'closed', report: this.report() } satisfies FromWorker);
        return;
    }
  }

  private onPeer(j: number, m: PeerMessage): void {
    switch (m.t) {
      case 'b': {
        const end = this.exchanges[m.edge]!;
        end.deliver(fromWire(end.types, m.batch));
        this.peerAcks[j]!.received();
        return;
      }
      case 'p':
        this.partialEnds[m.edge]!.receive(m);
        this.peerAcks[j]!.received();
        return;
      case 'ctl':
        this.exchanges[m.edge]!.control(m.msg, j);
        return;
      case 'ack':
        this.peers[j]!.acked(m.n);
        this.resumeIfPaused();
        return;
    }
  }

  /** Runs `f`; an error fails this worker. */
  private run(f: () => void): void {
    if (this.failed) return;
    try {
      f();
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const err = toSqlError(e);
    this.main.postMessage({ t: 'error', code: err.code, message: err.message, detail: err.detail, hint: err.hint } satisfies FromWorker);
  }

  private get blocked(): boolean {
    return this.saturated.size > 0 || this.toMain.full || this.peers.some((p) => p?.full);
  }

  private resumeIfPaused(): void {
    if (this.timer === undefined && !this.endedSent && !this.failed && !this.blocked) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.failed) return;
    this.timer = delayMs === 0 ? setImmediate(() => this.slice()) : setTimeout(() => this.slice(), delayMs);
  }

  private slice(): void {
    this.timer = undefined;
    if (this.failed || this.endedSent) return;
    const start = Date.now();
    let anyMore = false;
    try {
      do {
        if (this.blocked) return; // an ack resumes the loop
        anyMore = false;
        const now = Date.now();
        for (const s of this.pulled) {
          if (this.ended.has(s)) continue;
          const r = s.pump(now);
          if (r === 'more') anyMore = true;
          else if (r === 'end') this.ended.add(s);
        }
        if (this.ended.size === this.pulled.length) {
          this.endedSent = true;
          this.main.postMessage({ t: 'ended' } satisfies FromWorker);
          return;
        }
      } while (anyMore && Date.now() - start < SLICE_MS);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.schedule(anyMore ? 0 : IDLE_MS);
  }
}
