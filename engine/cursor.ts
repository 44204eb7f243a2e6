/**
 * RowCursor implementations (engine/api.ts): a bounded cursor over rows already computed, and the
 * subscription cursor that SUBSCRIBE, `COPY (SUBSCRIBE …) TO STDOUT`, `DECLARE … CURSOR FOR
 * SUBSCRIBE` and extended-protocol portals read a changelog through.
 *
 * Slow-client policy (README "SUBSCRIBE"): a subscription buffers at most `maxBufferedRows` rows
 * that the client has not read. Jobs never wait for a client (one slow subscriber must not stall a
 * materialized view other clients read); when the buffer is full the subscription fails with
 * SQLSTATE 54000 and its resources are released.
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { ResultColumn, RowCursor, Value } from './api.ts';

/** A cursor over a finite array of rows. */
export class ArrayCursor implements RowCursor {
  private pos = 0;
  constructor(
    readonly columns: readonly ResultColumn[],
    private readonly rows: readonly Value[][],
    private readonly tagFor: (n: number) => string = (n) => `SELECT ${n}`,
  ) {}

  async next(max: number): Promise<{ rows: Value[][]; done: boolean }> {
    const end = Math.min(this.rows.length, this.pos + max);
    const rows = this.rows.slice(this.pos, end);
    this.pos = end;
    return { rows, done: this.pos >= this.rows.length };
  }

  close(): void {
    this.pos = this.rows.length;
  }

  tag(rowCount: number): string {
    return this.tagFor(rowCount);
  }
}

/** Default bound of rows a subscription buffers for its client. */
export const DEFAULT_SUBSCRIBE_BUFFER_ROWS = 100_000;

/**
 * A cursor fed by a producer (a changelog listener). `push` appends rows; `fail` ends it with an
 * error; `finish` ends it normally. `onClose` runs once when the cursor is closed by the reader or
 * fails, to unsubscribe from the source.
 */
export class SubscriptionCursor implements RowCursor {
  private buffer: Value[][] = [];
  private head = 0;
  private error: SqlError | undefined;
  private finished = false;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly columns: readonly ResultColumn[],
    private readonly onClose: () => void,
    private readonly maxBufferedRows = DEFAULT_SUBSCRIBE_BUFFER_ROWS,
  ) {}

  /** Rows waiting to be read. */
  get buffered(): number {
    return this.buffer.length - this.head;
  }

  /** Appends rows; fails the subscription (54000) if the client has fallen too far behind. */
  push(rows: readonly Value[][]): void {
    if (this.closed || this.error || this.finished) return;
    if (this.buffered + rows.length > this.maxBufferedRows) {
      this.fail(
        new SqlError(SqlState.programLimitExceeded, `subscription buffer overflow: more than ${this.maxBufferedRows} rows are waiting for this client`, {
          hint: 'Read the subscription faster, or subscribe with a narrower query.',
        }),
      );
      return;
    }
    for (const r of rows) this.buffer.push(r);
    this.signal();
  }

  /** Ends the subscription with an error (a failed job, an overflow); releases the source. */
  fail(e: SqlError): void {
    if (this.closed || this.error) return;
    this.error = e;
    this.release();
    this.signal();
  }

  /** Ends the subscription normally (its source finished). */
  finish(): void {
    this.finished = true;
    this.signal();
  }

  private signal(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  async next(max: number, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<{ rows: Value[][]; done: boolean }> {
    const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : undefined;
    for (;;) {
      if (opts.signal?.aborted) throw new SqlError(SqlState.queryCanceled, 'canceling statement due to user request');
      if (this.buffered > 0) {
        const end = Math.min(this.buffer.length, this.head + max);
        const rows = this.buffer.slice(this.head, end);
        this.head = end;
        if (this.head > 4096 && this.head * 2 > this.buffer.length) {
          this.buffer = this.buffer.slice(this.head);
          this.head = 0;
        }
        return { rows, done: false };
      }
      if (this.error) throw this.error;
      if (this.finished || this.closed) return { rows: [], done: true };
      const remaining = deadline === undefined ? undefined : deadline - Date.now();
      if (remaining !== undefined && remaining <= 0) return { rows: [], done: false };
      await new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          if (timer) clearTimeout(timer);
          opts.signal?.removeEventListener('abort', done);
          if (this.wake === done) this.wake = undefined;
          resolve();
        };
        this.wake = done;
        if (remaining !== undefined) timer = setTimeout(done, remaining);
        opts.signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  close(): void {
    this.buffer = [];
    this.head = 0;
    this.release();
    this.signal();
  }

  tag(rowCount: number): string {
    return `SUBSCRIBE ${rowCount}`;
  }
}
