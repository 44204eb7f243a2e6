/**
 * Pulling rows from a RowCursor onto the wire, shared by simple queries, portals and COPY TO STDOUT.
 * Rows are encoded into the outbox and written in large batches; when the socket is full the pull
 * waits for 'drain', so a slow client slows the pull (and the engine's bounded subscription buffer
 * applies upstream).
 */
import type { RowCursor, Value } from '../engine/api.ts';
import type { Connection } from './connection.ts';

/** Rows asked from the cursor per pull. */
const BATCH_ROWS = 1000;
/** Flush when this many bytes are buffered… */
const FLUSH_BYTES = 64 * 1024;
/** …or when buffered rows are this old (ms), so a slow subscription's rows are not held back. */
const FLUSH_MS = 20;

/** How a pull ended: `done` when the cursor has no more rows, else the limit was reached or no row was ready. */
export interface PumpResult {
  readonly count: number;
  readonly done: boolean;
}

/**
 * Pulls rows from `cursor` and hands each batch to `emit` (which encodes them into conn.out.w).
 *
 * With `limit` Infinity it pulls until the cursor is done, flushing as it goes: it asks with
 * `timeoutMs: 0` while encoded rows wait unflushed, and flushes before a waiting pull, so
 * subscription rows reach the client as they arrive.
 *
 * With a finite `limit` (Execute's row count) it waits for the first row, then takes only what is
 * ready at once, up to `limit`: this is how a portal over a SUBSCRIBE returns what arrived
 * (PortalSuspended follows when `done` is false).
 *
 * Rejects when the cursor rejects or `signal` aborts (57014 via conn.guard).
 */
export async function pumpRows(
  conn: Connection,
  cursor: RowCursor,
  signal: AbortSignal,
  limit: number,
  emit: (rows: Value[][]) => void,
): Promise<PumpResult> {
  const out = conn.out;
  const bounded = Number.isFinite(limit);
  let count = 0;
  let unflushed = false;
  while (count < limit) {
    if (out.closed) throw signal.reason ?? new Error('connection closed');
    const want = Math.min(limit - count, BATCH_ROWS);
    const immediate = unflushed || (bounded && count > 0);
    const r = await conn.guard(cursor.next(want, immediate ? { timeoutMs: 0, signal } : { signal }), signal);
    if (r.rows.length > 0) {
      emit(r.rows);
      count += r.rows.length;
      unflushed = true;
      if (out.w.length >= FLUSH_BYTES || out.sinceFlush >= FLUSH_MS) {
        await out.flush();
        unflushed = false;
      }
    }
    if (r.done) return { count, done: true };
    if (r.rows.length === 0 && immediate) {
      if (bounded && count > 0) return { count, done: false };
      await out.flush();
      unflushed = false;
    }
  }
  return { count, done: false };
}
