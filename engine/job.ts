/**
 * A running dataflow: the operators of one physical plan, its sources, and the loop that drives
 * them. Continuous jobs are INSERT INTO … SELECT statements and the maintenance of materialized
 * views; bounded runs (SELECT) use the same code with sources that end.
 *
 * Scheduling: a job runs on the server's event loop in time slices (SLICE_MS), pumping each source
 * in turn; between slices it yields (setImmediate) so connections stay responsive; when every
 * source is idle (rate-limited) it sleeps IDLE_MS. Changelog-fed sources (DML tables, materialized
 * views) push synchronously from the statement that changed them, so a change is in every
 * downstream view when that statement returns.
 *
 * Failure: an error thrown by any operator fails this job only (status FAILED with the error); its
 * sources are released and the server and other jobs go on.
 *
 * Asynchronous operators (lookup joins into network stores) emit from promise callbacks, run
 * through `guard` so that their errors fail the job. Backpressure: while such an operator reports
 * itself saturated (`setSaturated`, executor/operators/operator.ts AsyncOperatorContext) the loop
 * pumps no source; it resumes when the last saturated operator drains. FLUSH (`flush()`) injects a
 * barrier at every source and resolves when the barrier reached the root, i.e. after every change
 * before it, including in-flight lookups, was applied. When all sources end, the job flushes the
 * same way, lets the dataflow finish its parts in other threads (`finishRemote`: parallel workers
 * close their sink writers), then closes its operators and becomes FINISHED.
 */
import { SqlError, toSqlError } from '../common/errors.ts';
import type { JobInfo, JobStatus } from '../catalog/catalog.ts';
import type { StreamMessage, StreamOperator } from '../executor/operators/operator.ts';

/** How long one scheduling slice may run before yielding to I/O (ms). */
const SLICE_MS = 20;
/** How long an all-idle job sleeps before polling its sources again (ms). */
const IDLE_MS = 5;

/** A source of a job, driven by the job's loop. */
export interface JobSource {
  /** Emits its initial content (e.g. a table's snapshot) and starts listening; called once. */
  start(): void;
  /** Pushes at most one batch downstream: 'more' (call again soon), 'idle' (nothing due), 'end'. */
  pump(nowMs: number): 'more' | 'idle' | 'end';
  /**
   * True for push-driven sources (changelogs of DML tables and views): they emit from listeners, so
   * the loop need not poll them.
   */
  readonly passive: boolean;
  /** Pushes a message (a barrier) downstream of this source. */
  inject(msg: StreamMessage): void;
  /** Stops listening; releases readers. Idempotent. */
  close(): void;
}

/** The operators of a job, children before parents (the order in which `close` flushes them). */
export interface JobDag {
  readonly sources: readonly JobSource[];
  readonly operators: readonly StreamOperator[];
  /** Names of the relations the job reads (for DROP's dependency checks). */
  readonly reads: ReadonlySet<string>;
  /**
   * Minibatch (a MiniBatchAssigner in the plan): every this many ms the job injects a barrier at
   * its sources as the minibatch marker, so minibatch operators emit at most this late.
   */
  readonly miniBatchIntervalMs?: number;
  /** True when the dataflow calls `Job.barrierReached` as barriers reach its root; else FLUSH resolves at injection. */
  readonly reportsBarriers?: boolean;
  /** The approximate bytes held by the operators' state backends (StateBackend.approximateBytes), summed. */
  approximateStateBytes?(): number;
  /** The keys held by the operators' state backends (StateBackend.keyCount: every state table's size), summed. */
  stateKeyCount?(): number;
  /** Releases what operators hold outside the process (dimension-store connections); called when the job ends. */
  release?(): void;
  /** Worker threads the dataflow runs in (engine/parallel); absent = 1, this thread. */
  readonly parallelism?: number;
  /**
   * Called when the job's last barrier reached the root, before the operators here close: finishes
   * the parts of the dataflow in other threads (parallel workers close their sink writers and report
   * their state figures) and resolves when they did. A rejection fails the job.
   */
  finishRemote?(): Promise<void>;
}

/** Called when a job leaves RUNNING. */
export type JobListener = (job: Job) => void;

let barrierIds = 1;

/** A running job. Create with `new Job(info, dag)`, then `start()`. */
export class Job {
  private info: JobInfo;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private ended = new Set<JobSource>();
  private readonly listeners = new Set<JobListener>();
  /** The minibatch marker timer (JobDag.miniBatchIntervalMs). */
  private markerTimer: NodeJS.Timeout | undefined;
  /** Asynchronous operators at capacity: while any, sources are not pumped. */
  private readonly saturated = new Set<unknown>();
  /** FLUSH barriers on their way to the root: id → resolve. */
  private readonly barriers = new Map<number, () => void>();
  /** All sources ended; waiting for the final barrier before FINISHED. */
  private finishing = false;

  constructor(
    info: JobInfo,
    private readonly dag: JobDag,
  ) {
    this.info = info;
  }

  get id(): string {
    return this.info.id;
  }
  /** Names of the relations this job reads. */
  get reads(): ReadonlySet<string> {
    return this.dag.reads;
  }
  get status(): JobStatus {
    return this.info.status;
  }
  /** The catalog record of this job (status, error, times). */
  get record(): JobInfo {
    return this.info;
  }

  /** Worker threads the job runs in (1 = the server's event loop). */
  get parallelism(): number {
    return this.dag.parallelism ?? 1;
  }

  /** Approximate bytes of the job's operator state (0 when the dataflow does not report it). */
  approximateStateBytes(): number {
    return this.dag.approximateStateBytes?.() ?? 0;
  }

  /** Keys held in the job's operator state, summed over every state table (0 when the dataflow does not report it). */
  stateKeyCount(): number {
    return this.dag.stateKeyCount?.() ?? 0;
  }

  /** Registers a listener for the job's end (FINISHED, FAILED or CANCELED). */
  onEnd(l: JobListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /**
   * Runs `f` as part of this job: an error fails the job instead of propagating (used by changelog
   * listeners, which run inside the statement that changed a table).
   */
  guard(f: () => void): void {
    if (this.info.status !== 'RUNNING') return;
    try {
      f();
    } catch (e) {
      this.fail(e);
    }
  }

  /** Opens sources and schedules the loop. Errors while starting fail the job. */
  start(): void {
    this.guard(() => {
      for (const s of this.dag.sources) s.start();
    });
    const interval = this.dag.miniBatchIntervalMs;
    if (interval !== undefined && interval > 0 && this.info.status === 'RUNNING') {
      this.markerTimer = setInterval(() => this.injectMarker(), interval);
      this.markerTimer.unref();
    }
    this.schedule(0);
  }

  /** A minibatch marker: a barrier from every source that nobody waits for. */
  private injectMarker(): void {
    if (this.info.status !== 'RUNNING') return;
    const msg: StreamMessage = { kind: 'barrier', id: barrierIds++ };
    this.guard(() => {
      for (const s of this.dag.sources) s.inject(msg);
    });
  }

  private schedule(delayMs: number): void {
    if (this.info.status !== 'RUNNING') return;
    this.timer = delayMs === 0 ? setImmediate(() => this.runSlice()) : setTimeout(() => this.runSlice(), delayMs);
  }

  /** Runs sources until the slice is used up; returns whether every source has ended. */
  private runSlice(): void {
    this.timer = undefined;
    if (this.info.status !== 'RUNNING' || this.finishing || this.saturated.size > 0) return;
    const start = Date.now();
    let anyMore = false;
    try {
      do {
        anyMore = false;
        const now = Date.now();
        for (const s of this.dag.sources) {
          if (this.ended.has(s)) continue;
          const r = s.pump(now);
          if (r === 'more') anyMore = true;
          else if (r === 'end') this.ended.add(s);
          if (this.saturated.size > 0 || this.info.status !== 'RUNNING') return; // setSaturated(false) resumes
        }
        if (this.ended.size === this.dag.sources.length) {
          this.finish();
          return;
        }
      } while (anyMore && Date.now() - start < SLICE_MS);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (anyMore) this.schedule(0);
    else if (this.dag.sources.some((s) => !s.passive && !this.ended.has(s))) this.schedule(IDLE_MS);
  }

  /**
   * Sends a barrier from every source through the dataflow (FLUSH): buffering operators emit, and
   * asynchronous ones emit what is in flight first. Resolves when the barrier reached the root, or
   * when the job ended; already resolved when the dataflow is synchronous.
   */
  flush(): Promise<void> {
    if (this.info.status !== 'RUNNING') return Promise.resolve();
    const id = barrierIds++;
    const msg: StreamMessage = { kind: 'barrier', id };
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    if (this.dag.reportsBarriers) this.barriers.set(id, resolve);
    this.guard(() => {
      for (const s of this.dag.sources) s.inject(msg);
    });
    if (!this.dag.reportsBarriers || this.info.status !== 'RUNNING') resolve();
    return done;
  }

  /** Called by the dataflow when barrier `id` reached its root. */
  barrierReached(id: number): void {
    const resolve = this.barriers.get(id);
    if (!resolve) return;
    this.barriers.delete(id);
    resolve();
  }

  /** Backpressure from an asynchronous operator `op` (see the header); resuming schedules a slice at once. */
  setSaturated(op: unknown, saturated: boolean): void {
    if (saturated) {
      this.saturated.add(op);
      return;
    }
    if (!this.saturated.delete(op) || this.saturated.size > 0) return;
    if (this.info.status === 'RUNNING' && !this.finishing && this.timer === undefined) this.schedule(0);
  }

  /**
   * All sources ended: a last barrier drains asynchronous operators; then operators close (children
   * first) so buffered results are emitted; FINISHED.
   */
  private finish(): void {
    this.finishing = true;
    const close = () =>
      this.guard(() => {
        for (const op of this.dag.operators) op.close();
        this.end('FINISHED', undefined);
      });
    const remote = this.dag.finishRemote;
    const closeAll = remote ? () => void remote.call(this.dag).then(close, (e: unknown) => this.fail(e)) : close;
    const pending = this.barriers.size;
    const drained = this.flush();
    // A synchronous dataflow delivered the barrier already: close now, without a microtask.
    if (this.barriers.size === pending) closeAll();
    else void drained.then(closeAll);
  }

  /** Fails the job with `e` (status FAILED, error kept for SHOW JOBS). */
  fail(e: unknown): void {
    if (this.info.status !== 'RUNNING') return;
    const err = toSqlError(e);
    this.end('FAILED', `${err.code}: ${err.message}`, err);
  }

  /** Stops the job (STOP JOB, DROP, shutdown). */
  cancel(): void {
    if (this.info.status !== 'RUNNING') return;
    this.end('CANCELED', undefined);
  }

  /** Stops the job at server shutdown without recording an end: it resumes after a restart. */
  cancelForShutdown(): void {
    if (this.info.status !== 'RUNNING') return;
    this.listeners.clear();
    this.end('CANCELED', undefined);
  }

  /** The error that failed the job, as an SqlError, if it failed. */
  failure: SqlError | undefined;

  private end(status: JobStatus, error: string | undefined, err?: SqlError): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    for (const s of this.dag.sources) {
      try {
        s.close();
      } catch {
        // closing must not mask the job's own outcome
      }
    }
    try {
      this.dag.release?.();
    } catch {
      // as above
    }
    if (this.markerTimer) clearInterval(this.markerTimer);
    this.markerTimer = undefined;
    this.saturated.clear();
    for (const resolve of this.barriers.values()) resolve();
    this.barriers.clear();
    this.failure = err;
    this.info = { ...this.info, status, error, endedAt: Date.now() };
    for (const l of [...this.listeners]) l(this);
  }
}
