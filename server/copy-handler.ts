/**
 * COPY over the wire (PostgreSQL docs §55.2.6 "COPY Operations"): `COPY … TO STDOUT` streams
 * CopyData per row (forever for `COPY (SUBSCRIBE …) TO STDOUT`, until cancel or disconnect);
 * `COPY … FROM STDIN` feeds the client's CopyData into the engine's sink.
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { StatementResult } from '../engine/api.ts';
import type { Connection } from './connection.ts';
import * as be from './protocol/backend.ts';
import { CopyRowEncoder } from './protocol/copy.ts';
import { pumpRows } from './result-stream.ts';

type CopyOut = Extract<StatementResult, { kind: 'copyOut' }>;
type CopyIn = Extract<StatementResult, { kind: 'copyIn' }>;

/**
 * CopyOutResponse, the header, one CopyData per row, the binary trailer, CopyDone, notices and
 * CommandComplete `COPY n`. Closes the cursor whatever happens; rejects on cancel (57014).
 */
export async function runCopyOut(conn: Connection, result: CopyOut, signal: AbortSignal): Promise<void> {
  const { cursor, format } = result;
  try {
    const enc = new CopyRowEncoder(cursor.columns, format, conn.textOpts);
    const w = conn.out.w;
    be.copyOutResponse(w, enc.overallFormat, cursor.columns.map(() => enc.overallFormat));
    enc.header(w);
    await conn.out.flush();
    const { count } = await pumpRows(conn, cursor, signal, Infinity, (rows) => {
      for (const row of rows) enc.row(w, row);
    });
    enc.trailer(w);
    be.copyDone(w);
    conn.sendNotices();
    be.commandComplete(w, `COPY ${count}`);
  } finally {
    cursor.close();
  }
}

/**
 * CopyInResponse, then CopyData into `sink.write` until CopyDone (`sink.end()`, CommandComplete
 * `COPY n`) or CopyFail (`sink.abort`, 57014 `COPY from stdin failed: …`). Flush and Sync are
 * ignored during copy-in; any other message aborts the COPY with 08P01 (docs §55.2.6).
 */
export async function runCopyIn(conn: Connection, result: CopyIn, signal: AbortSignal): Promise<void> {
  const { sink, format, columns } = result;
  const overall = format.format === 'binary' ? 1 : 0;
  be.copyInResponse(conn.out.w, overall, columns.map(() => overall));
  await conn.out.flush();
  let open = true;
  try {
    for (;;) {
      const msg = await conn.nextMessage();
      if (!msg) throw new SqlError(SqlState.connectionFailure, 'unexpected EOF on client connection with an open transaction');
      if (signal.aborted) throw signal.reason;
      switch (msg.kind) {
        case 'copyData':
          sink.write(msg.data);
          continue;
        case 'copyDone': {
          open = false;
          const n = await conn.guard(sink.end(), signal);
          conn.sendNotices();
          be.commandComplete(conn.out.w, `COPY ${n}`);
          return;
        }
        case 'copyFail':
          throw new SqlError(SqlState.queryCanceled, `COPY from stdin failed: ${msg.message}`);
        case 'flush':
        case 'sync':
          continue;
        default:
          throw new SqlError(SqlState.protocolViolation, `unexpected message type "${msg.kind}" during COPY from stdin`);
      }
    }
  } catch (e) {
    if (open) {
      open = false;
      try {
        sink.abort(e instanceof Error ? e.message : String(e));
      } catch (inner) {
        conn.log(`copy sink abort failed: ${String(inner)}`);
      }
    }
    throw e;
  }
}
