/**
 * The contract between the Postgres-wire server (server/) and the database engine (engine/).
 * The server knows messages, formats and connection state; the engine knows SQL, the catalog, jobs
 * and materialized views. Values cross this boundary as the JavaScript values documented in
 * common/types.ts (one array per row, one element per column, null for SQL NULL).
 */
import type { RegType } from '../common/oid-names.ts';
import type { SqlType } from '../common/types.ts';
import type { SqlError } from '../common/errors.ts';
import type { ParsedStatement } from '../parser/ast.ts';

/** A JavaScript value of some SqlType (see common/types.ts), or null. */
export type Value = unknown;

/** A result column, as RowDescription describes it (PostgreSQL docs §55.7 "RowDescription"). */
export interface ResultColumn {
  readonly name: string;
  readonly type: SqlType;
  /** OID of the table the column comes from, 0 when none. */
  readonly tableOid: number;
  /** Attribute number in that table, 0 when none. */
  readonly attnum: number;
}

/**
 * A pull-based stream of result rows. A bounded query finishes (`done`); a SUBSCRIBE never does
 * until closed, canceled or failed.
 */
export interface RowCursor {
  readonly columns: readonly ResultColumn[];
  /**
   * Up to `max` rows (max ≥ 1; Infinity for all). For a bounded result it resolves at once; for a
   * subscription it waits until at least one row is there, or until `timeoutMs` passes (then it may
   * resolve with no rows), or until `signal` aborts (then it rejects with SqlError 57014).
   * `done` is true when no row will ever follow. Rejects with the SqlError of a failed job.
   */
  next(max: number, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<{ rows: Value[][]; done: boolean }>;
  /** Releases the cursor's resources (the subscription, buffered rows). Idempotent. */
  close(): void;
  /** The CommandComplete tag once the cursor is done, given the number of rows sent (e.g. `SELECT 5`). */
  tag(rowCount: number): string;
}

/** COPY options as the statement gave them (PostgreSQL docs, COPY). */
export interface CopyFormat {
  readonly format: 'text' | 'csv' | 'binary';
  /** Column delimiter: tab for text, comma for csv. */
  readonly delimiter: string;
  /** NULL marker: `\N` for text, empty for csv. */
  readonly null: string;
  readonly header: boolean;
  readonly quote: string;
  readonly escape: string;
}

/** The sink of a `COPY … FROM STDIN`: the server feeds it CopyData payloads. */
export interface CopyInSink {
  /** Raw CopyData bytes, in order; may split rows anywhere. Throws SqlError on a malformed row. */
  write(chunk: Uint8Array): void;
  /** CopyDone: commits the rows; resolves with the row count. */
  end(): Promise<number>;
  /** CopyFail or an error: discards what was written. */
  abort(reason: string): void;
}

/** What executing one statement produced. */
export type StatementResult =
  /** A statement without rows: CommandComplete with `tag` (e.g. `CREATE TABLE`, `INSERT 0 3`, `SET`). */
  | { readonly kind: 'command'; readonly tag: string }
  /** Rows (SELECT, SHOW, FETCH, EXPLAIN, SUBSCRIBE): RowDescription, DataRows, then CommandComplete from `cursor.tag`. */
  | { readonly kind: 'rows'; readonly cursor: RowCursor }
  /** `COPY … TO STDOUT`: CopyOutResponse, CopyData per row, CopyDone, CommandComplete `COPY n`. */
  | { readonly kind: 'copyOut'; readonly cursor: RowCursor; readonly format: CopyFormat }
  /** `COPY … FROM STDIN`: CopyInResponse, then the client's CopyData into `sink`, CommandComplete `COPY n`. */
  | { readonly kind: 'copyIn'; readonly columns: readonly ResultColumn[]; readonly format: CopyFormat; readonly sink: CopyInSink }
  /** The empty query string: EmptyQueryResponse. */
  | { readonly kind: 'empty' };

/** A notice for NoticeResponse (severity NOTICE/WARNING/INFO). */
export interface Notice {
  readonly severity: 'NOTICE' | 'WARNING' | 'INFO' | 'DEBUG' | 'LOG';
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
}

/** What Describe (statement) reports: the parameter types and the result columns (undefined: NoData). */
export interface StatementDescription {
  readonly params: readonly SqlType[];
  readonly columns: readonly ResultColumn[] | undefined;
}

/** Connection parameters from the StartupMessage. */
export interface StartupParams {
  readonly user: string;
  readonly database: string;
  readonly applicationName?: string;
  /** Every other startup parameter (options, client_encoding, DateStyle…). */
  readonly other: ReadonlyMap<string, string>;
}

/** Options of Session.execute. */
export interface ExecuteOptions {
  readonly signal: AbortSignal;
  /**
   * The parameter types `describe` reported (declared in Parse or inferred), which the values were
   * decoded to; without them a bare `$1` would be re-inferred as text while its value is, say, an array.
   */
  readonly paramTypes?: readonly SqlType[];
}

/** One client session: its settings, transaction state, prepared statements and SQL cursors. */
export interface Session {
  /** The backend process id reported in BackendKeyData and pg_backend_pid(). */
  readonly pid: number;
  /**
   * Splits and parses a query string into statements (zero for an empty string).
   * Throws SqlError 42601 with a position on a syntax error.
   */
  parse(sql: string): ParsedStatement[];
  /**
   * Binds a statement enough to report its parameter types (declared ones win; `undefined` entries are
   * inferred, text when nothing constrains them) and result columns. Throws SqlError (42P01, 42703…).
   */
  describe(stmt: ParsedStatement, declaredParamTypes: readonly (SqlType | undefined)[]): StatementDescription;
  /**
   * Executes one statement with parameter values already decoded to the described types.
   * Rejects with SqlError; rejects with 57014 when `signal` aborts (CancelRequest, statement_timeout).
   */
  execute(stmt: ParsedStatement, params: readonly Value[], opts: ExecuteOptions): Promise<StatementResult>;
  /** ReadyForQuery status: I idle, T in a transaction block, E in a failed transaction block. */
  transactionStatus(): 'I' | 'T' | 'E';
  /** Tells the session a statement failed (moves an open transaction block to E). */
  markFailed(error: SqlError): void;
  /**
   * ParameterStatus entries to send: at startup all of them; after each statement, the ones whose
   * value changed since the last call (e.g. after SET TimeZone, SET application_name).
   */
  takeParameterStatus(): ReadonlyMap<string, string>;
  /** Notices raised since the last call (to send before CommandComplete). */
  takeNotices(): Notice[];
  /** A setting's current value (e.g. 'statement_timeout' in ms, 'extra_float_digits', 'DateStyle', 'TimeZone'). */
  setting(name: string): string | undefined;
  /** The name a reg* value of OID `oid` prints as in this session (regclass → relation name), if known. */
  regName?(type: RegType, oid: number): string | undefined;
  /**
   * The columns of the SQL cursor `name` (DECLARE), for Describe of a portal of that name: PostgreSQL
   * keeps SQL cursors and protocol portals in one namespace (psycopg 3's server-side cursors rely on it).
   */
  cursorColumns?(name: string): readonly ResultColumn[] | undefined;
  /** Releases cursors, subscriptions and prepared state; idempotent. */
  close(): void;
}

/** The engine as the server sees it. */
export interface Engine {
  /**
   * Opens a session. Throws SqlError 3D000 when `database` is not `strom`, 28000/28P01 for bad users.
   */
  openSession(params: StartupParams): Session;
  /**
   * The stored password forms of a user for password authentication (`--auth`): `scram` is a
   * SCRAM-SHA-256 verifier, `md5` the md5 hash (PostgreSQL's rolpassword forms). Undefined when the
   * user does not exist; fields undefined when the user has no such form. Engines without users omit it.
   */
  passwordOf?(user: string): { readonly scram?: string; readonly md5?: string } | undefined;
  /** Stops every job, closes files. Idempotent. */
  shutdown(): Promise<void>;
}
