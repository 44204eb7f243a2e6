/**
 * The simple query protocol (PostgreSQL docs §55.2.2): one Query message may hold several
 * statements; each runs in turn and sends its results; the first error skips the rest; then
 * ReadyForQuery. Rows go as text (RowDescription, DataRows, CommandComplete).
 */
import type { StatementResult } from '../engine/api.ts';
import { assertNever } from '../common/errors.ts';
import type { Connection } from './connection.ts';
import { runCopyIn, runCopyOut } from './copy-handler.ts';
import * as be from './protocol/backend.ts';
import { pumpRows } from './result-stream.ts';

/** Handles a Query message: parse, run each statement, report the first error, ReadyForQuery. */
export async function runSimpleQuery(conn: Connection, sql: string): Promise<void> {
  const session = conn.session;
  // A Query message ends any pending extended-protocol error state and destroys the unnamed
  // statement and portal, as in PostgreSQL (docs §55.2.3).
  conn.skipUntilSync = false;
  conn.statements.delete('');
  conn.closePortal('');
  let statements;
  try {
    statements = session.parse(sql);
  } catch (e) {
    conn.reportError(e);
    await conn.readyForQuery();
    return;
  }
  if (statements.length === 0) be.emptyQueryResponse(conn.out.w);
  for (const stmt of statements) {
    const ok = await conn.runStatement(async (signal) => {
      const result = await conn.guard(session.execute(stmt, [], { signal }), signal);
      await sendSimpleResult(conn, result, signal);
    });
    if (!ok) break;
  }
  await conn.readyForQuery();
}

/** Sends one statement's result in simple-query form. Closes any cursor it was given. */
async function sendSimpleResult(conn: Connection, result: StatementResult, signal: AbortSignal): Promise<void> {
  const w = conn.out.w;
  switch (result.kind) {
    case 'command':
      conn.sendNotices();
      be.commandComplete(w, result.tag);
      return;
    case 'empty':
      be.emptyQueryResponse(w);
      return;
    case 'rows': {
      const { cursor } = result;
      try {
        be.rowDescription(w, cursor.columns);
        const enc = new be.RowEncoder(cursor.columns, undefined, conn.textOpts);
        const { count } = await pumpRows(conn, cursor, signal, Infinity, (rows) => {
          for (const row of rows) enc.encode(w, row);
        });
        conn.sendNotices();
        be.commandComplete(w, cursor.tag(count));
      } finally {
        cursor.close();
      }
      return;
    }
    case 'copyOut':
      await runCopyOut(conn, result, signal);
      return;
    case 'copyIn':
      await runCopyIn(conn, result, signal);
      return;
    default:
      assertNever(result, 'statement result');
  }
}
