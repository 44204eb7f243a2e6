/**
 * The extended query protocol (PostgreSQL docs §55.2.3): Parse, Bind, Describe, Execute, Close and
 * Sync. Errors are reported by the caller (connection.ts), which then discards messages until Sync.
 */
import { SqlError, SqlState, assertNever } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import { typeFromOid } from '../common/types.ts';
import type { Connection } from './connection.ts';
import { runCopyIn, runCopyOut } from './copy-handler.ts';
import { Portal, decodeParams } from './portal.ts';
import type { PreparedStatement } from './portal.ts';
import * as be from './protocol/backend.ts';
import type { FrontendMessage } from './protocol/frontend.ts';
import { pumpRows } from './result-stream.ts';

type Msg<K extends FrontendMessage['kind']> = Extract<FrontendMessage, { kind: K }>;

function statementLabel(name: string): string {
  return name === '' ? 'unnamed prepared statement' : `prepared statement "${name}"`;
}

/**
 * Parse: splits the text (at most one statement), binds it enough to describe parameters and
 * columns, and stores it. Declared parameter OIDs become types; 0 or unknown OIDs are inferred.
 * Errors: 42601 for several statements, 42P05 for a duplicate name, the engine's bind errors.
 */
export function handleParse(conn: Connection, msg: Msg<'parse'>): void {
  const session = conn.session;
  if (msg.name !== '' && conn.statements.has(msg.name)) {
    throw new SqlError(SqlState.duplicatePreparedStatement, `prepared statement "${msg.name}" already exists`);
  }
  const stmts = session.parse(msg.sql);
  if (stmts.length > 1) throw new SqlError(SqlState.syntaxError, 'cannot insert multiple commands into a prepared statement');
  const declared: (SqlType | undefined)[] = msg.paramTypes.map((oid) => {
    const t = oid === 0 ? undefined : typeFromOid(oid);
    return t?.id === 'unknown' ? undefined : t;
  });
  const stmt = stmts[0];
  const description = stmt ? session.describe(stmt, declared) : { params: [], columns: undefined };
  const prepared: PreparedStatement = { name: msg.name, stmt, description };
  conn.statements.set(msg.name, prepared);
  be.parseComplete(conn.out.w);
}

/**
 * Bind: creates a portal from a prepared statement and parameter values (decoded now, to the
 * described parameter types). Errors: 26000 unknown statement, 42P03 duplicate portal, 08P01 count
 * mismatches, 22P02/22P03 bad values.
 */
export function handleBind(conn: Connection, msg: Msg<'bind'>): void {
  const prepared = conn.statements.get(msg.statement);
  if (!prepared) throw new SqlError(SqlState.invalidSqlStatementName, `${statementLabel(msg.statement)} does not exist`);
  if (msg.portal !== '' && conn.portals.has(msg.portal)) {
    throw new SqlError(SqlState.duplicateCursor, `cursor "${msg.portal}" already exists`);
  }
  const params = decodeParams(prepared.name, prepared.description.params, msg.paramFormats, msg.params, {
    timeZone: conn.session.setting('TimeZone'),
  });
  const portal = new Portal(msg.portal, prepared, params, msg.resultFormats);
  portal.formats(); // validates the number of result format codes
  conn.closePortal(msg.portal);
  conn.portals.set(msg.portal, portal);
  be.bindComplete(conn.out.w);
}

function getPortal(conn: Connection, name: string): Portal {
  const p = conn.portals.get(name);
  if (!p) throw new SqlError(SqlState.invalidCursorName, `portal "${name}" does not exist`);
  return p;
}

/**
 * Describe: for a statement, ParameterDescription then RowDescription (text formats) or NoData;
 * for a portal, RowDescription with its result formats, or NoData.
 */
export function handleDescribe(conn: Connection, msg: Msg<'describe'>): void {
  const w = conn.out.w;
  if (msg.target === 'S') {
    const prepared = conn.statements.get(msg.name);
    if (!prepared) throw new SqlError(SqlState.invalidSqlStatementName, `${statementLabel(msg.name)} does not exist`);
    be.parameterDescription(w, prepared.description.params);
    const cols = prepared.description.columns;
    if (cols) be.rowDescription(w, cols);
    else be.noData(w);
    return;
  }
  // A SQL cursor (DECLARE) is a portal too, as in PostgreSQL; its rows are read with FETCH, in text.
  const cursorCols = conn.portals.has(msg.name) ? undefined : conn.session.cursorColumns?.(msg.name);
  if (cursorCols) {
    be.rowDescription(w, cursorCols);
    return;
  }
  const portal = getPortal(conn, msg.name);
  const cols = portal.columns;
  if (cols) be.rowDescription(w, cols, portal.formats());
  else be.noData(w);
}

/**
 * Execute: runs the portal's statement at its first Execute, then sends up to `maxRows` rows
 * (0: all). PortalSuspended when the limit was hit and more may follow; CommandComplete when done.
 * For a subscription, it waits for at least one row, then sends what is ready.
 */
export async function handleExecute(conn: Connection, msg: Msg<'execute'>): Promise<void> {
  const portal = getPortal(conn, msg.portal);
  const w = conn.out.w;
  const stmt = portal.statement.stmt;
  if (!stmt) {
    be.emptyQueryResponse(w);
    return;
  }
  if (portal.finished) {
    // PostgreSQL answers an exhausted portal with an empty completion.
    const cursor = portal.cursor;
    be.commandComplete(w, cursor ? cursor.tag(0) : 'SELECT 0');
    return;
  }
  const ok = await conn.runStatement(async (signal) => {
    try {
      if (!portal.result) {
        portal.result = await conn.guard(conn.session.execute(stmt, portal.params, { signal, paramTypes: portal.statement.description.params }), signal);
      }
      await executePortal(conn, portal, msg.maxRows, signal);
    } catch (e) {
      portal.close();
      throw e;
    }
  });
  // On failure runStatement already sent the ErrorResponse; discard messages until Sync.
  if (!ok) conn.skipUntilSync = true;
}

async function executePortal(conn: Connection, portal: Portal, maxRows: number, signal: AbortSignal): Promise<void> {
  const w = conn.out.w;
  const result = portal.result!;
  switch (result.kind) {
    case 'command':
      portal.finished = true;
      conn.sendNotices();
      be.commandComplete(w, result.tag);
      return;
    case 'empty':
      portal.finished = true;
      be.emptyQueryResponse(w);
      return;
    case 'rows': {
      const { cursor } = result;
      const enc = new be.RowEncoder(cursor.columns, portal.formats(), conn.textOpts);
      const limit = maxRows > 0 ? maxRows : Infinity;
      const { count, done } = await pumpRows(conn, cursor, signal, limit, (rows) => {
        for (const row of rows) enc.encode(w, row);
      });
      portal.rowCount += count;
      if (!done) {
        be.portalSuspended(w);
        return;
      }
      conn.sendNotices();
      be.commandComplete(w, cursor.tag(portal.rowCount));
      portal.close();
      return;
    }
    case 'copyOut':
      portal.finished = true;
      await runCopyOut(conn, result, signal);
      return;
    case 'copyIn':
      portal.finished = true;
      await runCopyIn(conn, result, signal);
      return;
    default:
      assertNever(result, 'statement result');
  }
}

/** Close: drops a prepared statement or portal (closing its cursor); absent names are not an error. */
export function handleClose(conn: Connection, msg: Msg<'close'>): void {
  if (msg.target === 'S') conn.statements.delete(msg.name);
  else conn.closePortal(msg.name);
  be.closeComplete(conn.out.w);
}

/**
 * Sync: ends the discard-after-error state, closes the unnamed portal (and, outside a transaction
 * block, every portal, since the implicit transaction ended), then ReadyForQuery.
 */
export async function handleSync(conn: Connection): Promise<void> {
  conn.skipUntilSync = false;
  conn.closePortal('');
  if (conn.session.transactionStatus() === 'I') {
    for (const name of [...conn.portals.keys()]) conn.closePortal(name);
  }
  await conn.readyForQuery();
}
