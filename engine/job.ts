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
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.info.status !== 'RUNNING') return;
    this.timer = delayMs === 0 ? setImmediate(() => this.runSlice()) : setTimeout(() => this.runSlice(), delayMs);
  }

  /** Runs sources until the slice is used up; returns whether every source has ended. */
  private runSlice(): void {
    this.timer = undefined;
    if (this.info.status !== 'RUNNING') return;
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

  /** Sends a barrier from every source through the dataflow (FLUSH): buffering operators emit. */
  flush(): void {
    const msg: StreamMessage = { kind: 'barrier', id: barrierIds++ };
    this.guard(() => {
      for (const s of this.dag.sources) s.inject(msg);
    });
  }

  /** All sources ended: close operators (children first) so buffered results are emitted; FINISHED. */
  private finish(): void {
    for (const op of this.dag.operators) op.close();
    this.end('FINISHED', undefined);
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
    this.failure = err;
    this.info = { ...this.info, status, error, endedAt: Date.now() };
    for (const l of [...this.listeners]) l(this);
  }
}
