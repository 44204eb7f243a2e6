/**
 * A client session (engine/api.ts Session): settings, transaction state, prepared statements and
 * SQL cursors of one connection, and the dispatch of each statement kind to its handler in
 * engine/statements/.
 */
import { SqlError, SqlState, assertNever } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import { parse } from '../parser/index.ts';
import type { ParsedStatement, Statement } from '../parser/ast.ts';
import type { ExecuteOptions, Notice, ResultColumn, RowCursor, Session, StartupParams, StatementDescription, StatementResult, Value } from './api.ts';
import type { Database } from './database.ts';
import { Settings } from './settings.ts';
import { describeStatement } from './statements/describe.ts';
import { executeDdl } from './statements/ddl.ts';
import { executeDml } from './statements/dml.ts';
import { executeQuery, executeExplain } from './statements/query.ts';
import { executeShow } from './statements/show.ts';
import { executeSessionStatement } from './statements/session-statements.ts';
import { executeStreaming } from './statements/streaming.ts';
import { executeCursorStatement } from './statements/cursors.ts';
import { executeCopy } from './statements/copy.ts';
import { runWithSystemContext } from '../catalog/pg-catalog/context.ts';
import { regText, type RegType } from '../common/oid-names.ts';
import { sessionSystemContext } from './session-context.ts';

/** A SQL-level cursor (DECLARE … CURSOR). */
export interface SqlCursor {
  readonly name: string;
  readonly cursor: RowCursor;
  readonly hold: boolean;
}

/** What statement handlers get: the session, its database, parameters and the cancel signal. */
export interface StatementContext {
  readonly session: EngineSession;
  readonly db: Database;
  readonly params: readonly Value[];
  readonly paramTypes: (SqlType | undefined)[];
  readonly signal: AbortSignal;
  /** The statement's text (for SHOW JOBS, views). */
  readonly text: string;
}

export class EngineSession implements Session {
  readonly settings: Settings;
  readonly cursors = new Map<string, SqlCursor>();
  readonly prepared = new Map<string, { statement: ParsedStatement; paramTypes: (SqlType | undefined)[] }>();
  private txState: 'I' | 'T' | 'E' = 'I';
  private notices: Notice[] = [];
  private closed = false;
  /** When the current statement started, ms since epoch (now(), pg_stat_activity). */
  statementStart = Date.now();
  /** The text of the statement running now (pg_stat_activity). */
  currentQuery = '';
  readonly backendStart = Date.now();

  constructor(
    readonly db: Database,
    readonly pid: number,
    readonly startup: StartupParams,
  ) {
    this.settings = new Settings({ user: startup.user, applicationName: startup.applicationName, other: startup.other });
  }

  get user(): string {
    return this.startup.user;
  }

  parse(sql: string): ParsedStatement[] {
    return parse(sql);
  }

  describe(stmt: ParsedStatement, declared: readonly (SqlType | undefined)[]): StatementDescription {
    return describeStatement(this, stmt, [...declared]);
  }

  async execute(stmt: ParsedStatement, params: readonly Value[], opts: ExecuteOptions): Promise<StatementResult> {
    if (this.txState === 'E' && !isTransactionEnd(stmt.statement)) {
      throw new SqlError(SqlState.inFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
    }
    this.statementStart = Date.now();
    this.currentQuery = stmt.text;
    const paramTypes: (SqlType | undefined)[] = opts.paramTypes?.length === params.length ? [...opts.paramTypes] : params.map(() => undefined);
    const ctx: StatementContext = { session: this, db: this.db, params, paramTypes, signal: opts.signal, text: stmt.text };
    // Catalog functions and pg_catalog relations read the session through this context (DESIGN.md "System catalog").
    return runWithSystemContext(sessionSystemContext(this), () => this.dispatch(stmt.statement, ctx));
  }

  /** True when a statement in the open transaction block changed data or the catalog (ROLLBACK warns then). */
  wroteInBlock = false;

  /** Runs one statement (also used by EXECUTE of a prepared statement). */
  async dispatch(s: Statement, ctx: StatementContext): Promise<StatementResult> {
    if (this.txState === 'T' && WRITES.has(s.kind) && !(s.kind === 'Copy' && s.direction === 'to')) this.wroteInBlock = true;
    switch (s.kind) {
      case 'QueryStatement':
        return executeQuery(s, ctx);
      case 'Explain':
        return executeExplain(s, ctx);
      case 'Insert':
      case 'Update':
      case 'Delete':
        return executeDml(s, ctx);
      case 'CreateTable':
      case 'CreateView':
      case 'Drop':
      case 'CommentOn':
      case 'CreateUser':
        return executeDdl(s, ctx);
      case 'Show':
      case 'Describe':
        return executeShow(s, ctx);
      case 'Set':
      case 'Reset':
      case 'SetTransaction':
      case 'Transaction':
      case 'Discard':
      case 'Prepare':
      case 'Execute':
      case 'Deallocate':
        return executeSessionStatement(s, ctx);
      case 'Subscribe':
      case 'Flush':
      case 'StopJob':
        return executeStreaming(s, ctx);
      case 'DeclareCursor':
      case 'Fetch':
      case 'CloseCursor':
        return executeCursorStatement(s, ctx);
      case 'Copy':
        return executeCopy(s, ctx);
      default:
        return assertNever(s, 'statement');
    }
  }

  transactionStatus(): 'I' | 'T' | 'E' {
    return this.txState;
  }

  /** Moves the transaction state (BEGIN → T, COMMIT/ROLLBACK → I). */
  setTransactionState(s: 'I' | 'T' | 'E'): void {
    this.txState = s;
  }

  markFailed(_error: SqlError): void {
    if (this.txState === 'T') this.txState = 'E';
  }

  takeParameterStatus(): ReadonlyMap<string, string> {
    return this.settings.takeUnreported();
  }

  /** Queues a notice for the client. */
  notice(n: Notice): void {
    this.notices.push(n);
  }

  takeNotices(): Notice[] {
    const n = this.notices;
    this.notices = [];
    return n;
  }

  setting(name: string): string | undefined {
    return this.settings.get(name);
  }

  /** Session.regName: the lookup runs with this session's catalog (the wire formats rows after the statement). */
  regName(type: RegType, oid: number): string | undefined {
    return runWithSystemContext(sessionSystemContext(this), () => regText(type, oid));
  }

  /** The columns of SQL cursor `name` (Session.cursorColumns). */
  cursorColumns(name: string): readonly ResultColumn[] | undefined {
    return this.cursors.get(name)?.cursor.columns;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.cursors.values()) c.cursor.close();
    this.cursors.clear();
    this.prepared.clear();
    this.db.sessionClosed(this);
  }
}

/** Statement kinds that change data or the catalog (COPY only in the FROM direction). */
const WRITES: ReadonlySet<Statement['kind']> = new Set(['Insert', 'Update', 'Delete', 'CreateTable', 'CreateView', 'Drop', 'CommentOn', 'CreateUser', 'Copy']);

function isTransactionEnd(s: Statement): boolean {
  return s.kind === 'Transaction' && s.action !== 'begin';
}
