/**
 * The main-thread side of a parallel job: N worker threads, each running a copy of the plan
 * (fragment-runner.ts), seen by the job runner (engine/job.ts) as one source that stands for the
 * whole plan. It
 * - starts a plan copy on each of N pool workers (worker-pool.ts, shared with other jobs) with the encoded plan, the job's configuration and start time, and one
 *   MessageChannel per pair of workers (the exchanges' channels);
 * - feeds stored scans: a DML table's or a view's snapshot and changelog, read here where the
 *   stores live, routed to worker hash(primary key) mod N, or hash(row) without one (a row and its
 *   later retraction or update take the same path, so each worker's changelog stays consistent);
 * - broadcasts the DML tables that are lookup-join dimensions: each table's snapshot goes to every
 *   worker with its plan copy (WorkerInit.dims), then each statement's changes to every worker
 *   (`dim`) on the same port as feeds and barriers, posted when the statement commits. A worker thus
 *   applies a dimension change before any stored-scan row or barrier posted after it (a change made
 *   before a FLUSH is visible to the rows after the FLUSH); rows a worker reads from a connector
 *   source see it once the worker has read its port (processing time up to that delay);
 * - merges the workers' outputs into the root (materialized view, sink): batches as they arrive
 *   (rows of one key come from the one worker that owns the key, in order), barriers once every
 *   worker delivered them (BarrierAligner over N channels), which resolves FLUSH. When the root is a
 *   sink that writes from every worker (ParallelSinkCapability), each worker writes its own rows and
 *   only barriers come here (after that worker's writer flushed), with the rows it wrote (passed to
 *   the connector's `written`) and its log lines (to the server log);
 * - keeps each worker's last report of its state (bytes, keys), sent with every barrier and when
 *   the job finishes (`finish`: the workers close their writers and report, before FINISHED);
 * - injects barriers (FLUSH, minibatch markers) into every worker; reports 'end' when every worker's
 *   pulled sources ended and no stored scan feeds it (those never end while the job runs);
 * - fails the job with a worker's error (SQLSTATE and message kept), or when a worker exits; and
 *   stops its plan copies when the job ends (close); a crashed worker is terminated and replaced.
 */
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort, Worker } from 'node:worker_threads';
import { SqlError, SqlState } from '../../common/errors.ts';
import type { SqlStateCode } from '../../common/errors.ts';
import { BarrierAligner } from '../../executor/operators/barrier-aligner.ts';
import type { Output, StreamMessage } from '../../executor/operators/operator.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import type { TableInfo } from '../../catalog/catalog.ts';
import type { Connector } from '../../connectors/connector.ts';
import type { PhysicalNode, StoredScan } from '../../planner/physical/plan.ts';
import { projector, storedFeed } from '../dag.ts';
import type { DagEnv } from '../dag.ts';
import type { Job, JobSource } from '../job.ts';
import { AckCounter } from './channel.ts';
import { Partitioner, makeChannelOf } from './partition.ts';
import { encodePlan, encodeValue } from './plan-codec.ts';
import { fromWire, toWire } from './protocol.ts';
import type { FromWorker, PoolMessage, ToWorker, WorkerInit, WorkerReport } from './protocol.ts';
import { acquireWorkers, releaseWorker } from './worker-pool.ts';
import { dmlLookupJoins, preOrder } from './support.ts';

let nextId = 1;

/** The workers of one parallel job, as the job's single source (see the module comment). */
export class WorkerGroup implements JobSource {
  readonly passive: boolean;
  private workers: Worker[] = [];
  /** The job's port to each worker (barriers, feeds, acks in; outputs out). */
  private readonly mainPorts: MessagePort[] = [];
  private readonly acks: AckCounter[] = [];
  /** Workers that crashed or exited: not given back to the pool. */
  private readonly broken = new Set<number>();
  private readonly detach: (() => void)[] = [];
  private readonly aligner: BarrierAligner;
  private readonly storedScans: StoredScan[];
  private readonly unsubscribe: (() => void)[] = [];
  private endedWorkers = 0;
  private closed = false;
  private error: unknown;
  private job: Job | undefined;
  /** This job's plan copies' id in the shared workers. */
  private readonly id = nextId++;
  /** Each worker's last report (state figures). */
  private readonly reports: (WorkerReport | undefined)[];
  /** Workers that answered `finish`, and who waits for all of them. */
  private closedWorkers = 0;
  private onAllClosed: (() => void) | undefined;

  /**
   * `sink`: the sink table and its connector when the root is a sink written from every worker
   * (the main thread's root then gets barriers only); absent: `out` gets the plan's output.
   */
  constructor(
    private readonly plan: PhysicalNode,
    private readonly env: DagEnv,
    private readonly n: number,
    private readonly out: Output,
    private readonly sink?: { readonly table: TableInfo; readonly connector: Connector },
  ) {
    this.reports = new Array<WorkerReport | undefined>(n).fill(undefined);
    const nodes = preOrder(plan);
    this.storedScans = nodes.filter((x): x is StoredScan => x.kind === 'StoredScan');
    this.passive = !nodes.some((x) => x.kind === 'TableSourceScan' || x.kind === 'Values');
    this.aligner = new BarrierAligner(n);
  }

  /** The job this group runs for: errors fail it, outputs run guarded by it. */
  bindJob(job: Job): void {
    this.job = job;
  }

  start(): void {
    const encoded = encodePlan(this.plan);
    const config = [...this.env.config];
    const startMs = Date.now();
    const sink = this.sink ? encodeValue(this.sink.table) : undefined;
    // Dimensions before stored scans: a table that is both sees its change in its lookups first, as in one thread.
    const dimSnapshots = this.dimensions();
    const ports: (MessagePort | undefined)[][] = Array.from({ length: this.n }, () => new Array<MessagePort | undefined>(this.n).fill(undefined));
    for (let i = 0; i < this.n; i++) {
      for (let j = i + 1; j < this.n; j++) {
        const ch = new MessageChannel();
        ports[i]![j] = ch.port1;
        ports[j]![i] = ch.port2;
      }
    }
    this.workers = acquireWorkers(this.n);
    this.workers.forEach((w, i) => {
      const ch = new MessageChannel();
      const dims = dimSnapshots.map((b) => toWire(b, true));
      const init: WorkerInit = {
        plan: encoded,
        config,
        index: i,
        parallelism: this.n,
        startMs,
        ports: ports[i]!,
        ...(sink !== undefined ? { sink } : {}),
        ...(dims.length > 0 ? { dims: dims.map((d) => d.batch) } : {}),
      };
      const peerPorts = ports[i]!.filter((p): p is MessagePort => p !== undefined);
      w.postMessage({ t: 'job', id: this.id, init, main: ch.port2 } satisfies PoolMessage, [ch.port2, ...peerPorts, ...dims.flatMap((d) => d.transfer)]);
      ch.port1.on('message', (m: FromWorker) => this.onMessage(i, m));
      const onError = (e: Error) => {
        this.broken.add(i);
        this.fail(e);
      };
      const onExit = (code: number) => {
        this.broken.add(i);
        this.fail(new SqlError(SqlState.internalError, `parallel worker ${i} exited with code ${code}`));
      };
      w.on('error', onError);
      w.on('exit', onExit);
      this.detach.push(() => {
        w.off('error', onError);
        w.off('exit', onExit);
      });
      this.mainPorts.push(ch.port1);
      this.acks.push(new AckCounter(ch.port1));
    });
    this.storedScans.forEach((scan, s) => this.feed(scan, s));
  }

  pump(): 'more' | 'idle' | 'end' {
    if (this.error !== undefined) throw this.error;
    return this.endedWorkers === this.n && this.storedScans.length === 0 ? 'end' : 'idle';
  }

  inject(msg: StreamMessage): void {
    if (msg.kind !== 'barrier') return;
    for (const p of this.mainPorts) p.postMessage({ t: 'barrier', id: msg.id } satisfies ToWorker);
  }

  /** The approximate bytes of the workers' operator state, as last reported (WorkerReport). */
  stateBytes(): number {
    return this.reports.reduce((n, r) => n + (r?.stateBytes ?? 0), 0);
  }

  /** The keys in the workers' operator state, as last reported. */
  stateKeys(): number {
    return this.reports.reduce((n, r) => n + (r?.stateKeys ?? 0), 0);
  }

  /**
   * After the job's last barrier: every worker closes its sink writer (if it has one) and reports;
   * resolves when all did (or at once when the group is closed; a worker's failure fails the job).
   */
  finish(): Promise<void> {
    if (this.closed || this.closedWorkers === this.n) return Promise.resolve();
    const done = new Promise<void>((resolve) => (this.onAllClosed = resolve));
    for (const p of this.mainPorts) p.postMessage({ t: 'finish' } satisfies ToWorker);
    return done;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onAllClosed?.();
    this.onAllClosed = undefined;
    for (const u of this.unsubscribe.splice(0)) u();
    for (const d of this.detach.splice(0)) d();
    for (const p of this.mainPorts.splice(0)) p.close();
    this.workers.forEach((w, i) => {
      if (!this.broken.has(i)) w.postMessage({ t: 'stop', id: this.id } satisfies PoolMessage);
      releaseWorker(w, this.broken.has(i));
    });
    this.workers = [];
  }

  private onMessage(i: number, m: FromWorker): void {
    if (this.closed) return;
    switch (m.t) {
      case 'out': {
        const batch = fromWire(this.plan.types, m.batch);
        this.guard(() => this.out.push({ kind: 'batch', batch }));
        this.acks[i]!.received();
        return;
      }
      case 'ctl':
        this.guard(() => {
          if (m.report) this.absorb(i, m.report);
          this.aligner.forward(m.msg, i, this.out);
        });
        return;
      case 'log':
        for (const line of m.lines) this.env.db.log(line);
        return;
      case 'ended':
        this.endedWorkers++;
        return;
      case 'closed':
        this.guard(() => this.absorb(i, m.report));
        if (++this.closedWorkers === this.n) {
          this.onAllClosed?.();
          this.onAllClosed = undefined;
        }
        return;
      case 'error':
        this.fail(new SqlError(m.code as SqlStateCode, m.message, { detail: m.detail, hint: m.hint }));
        return;
    }
  }

  /** Worker `i`'s report: its state figures, and the rows its sink writer took (to the connector). */
  private absorb(i: number, r: WorkerReport): void {
    this.reports[i] = r;
    if (r.sinkRows > 0 && this.sink) this.sink.connector.parallelSink?.written?.(this.sink.table, r.sinkRows);
  }

  private guard(f: () => void): void {
    if (this.job) this.job.guard(f);
    else f();
  }

  private fail(e: unknown): void {
    if (this.closed) return;
    if (this.job) this.job.fail(e);
    else this.error ??= e;
  }

  /**
   * The DML dimension tables of the plan's lookup joins (support.ts dmlLookupJoins): their snapshots
   * now, for WorkerInit.dims, and from now on each change to every worker (`dim`), copied per worker.
   * Throws 42P01 when a table has no store.
   */
  private dimensions(): RowBatch[] {
    return dmlLookupJoins(this.plan).map((lj, d) => {
      const feed = storedFeed(this.env.db, lj.table);
      this.unsubscribe.push(
        feed.subscribe((b) =>
          this.guard(() => {
            if (b.count === 0) return;
            for (const p of this.mainPorts) {
              const { batch, transfer } = toWire(b, true);
              p.postMessage({ t: 'dim', dim: d, batch } satisfies ToWorker, transfer);
            }
          }),
        ),
      );
      return feed.snapshot();
    });
  }

  /** Stored scan `s`: its snapshot now, then its changelog, partitioned by whole row over the workers. */
  private feed(scan: StoredScan, s: number): void {
    const r = scan.relation;
    const feed = storedFeed(this.env.db, r);
    const project = projector(r.columns.map((c) => c.type), scan.columns, scan.types);
    // By the relation's upsert key (primary key, view key) when the scan reads it, so an UPDATE's -U and
    // +U take one path; else by the whole row.
    const upsert = r.kind === 'table' ? (r.primaryKey ?? []).map((name) => r.columns.findIndex((c) => c.name === name)) : (this.env.db.views.get(r.name)?.upsertKey ?? []);
    const pk = upsert.map((k) => scan.columns.indexOf(k));
    const keys = pk.length > 0 && pk.every((k) => k >= 0) ? pk : scan.types.map((_, i) => i);
    const partitioner = new Partitioner(scan.types, makeChannelOf(scan.types, keys, this.n), this.n);
    const route = (b: RowBatch) => {
      if (b.count === 0) return;
      const projected = project(b);
      const parts = partitioner.split(projected);
      parts.forEach((p, j) => {
        if (!p) return;
        // A part that is the projected batch itself may share the store's buffers: copied, not moved.
        const { batch, transfer } = toWire(p, p === projected);
        this.mainPorts[j]!.postMessage({ t: 'feed', source: s, batch } satisfies ToWorker, transfer);
      });
    };
    route(feed.snapshot());
    this.unsubscribe.push(feed.subscribe((b) => this.guard(() => route(b))));
  }
}
