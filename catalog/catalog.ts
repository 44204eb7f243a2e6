/**
 * What exists: tables (DML tables stored by Strom, and connector tables), views, materialized views,
 * users and jobs. The planner reads it to bind names; the engine writes it on DDL; the server's
 * pg_catalog relations are derived from it. The persistent implementation (better-sqlite3, in the
 * data directory) is catalog/store.ts.
 */
import type { SqlType } from '../common/types.ts';

/** A column of a relation. */
export interface ColumnInfo {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  /** Flink computed column `name AS expr`: the expression's SQL text (PROCTIME() for a processing-time attribute). */
  readonly computed?: string;
  /** DEFAULT expression's SQL text. */
  readonly default?: string;
  /** COMMENT ON COLUMN text. */
  readonly comment?: string;
}

interface RelationBase {
  /** A stable object id (pg_class.oid), unique across relations, ≥ 16384 as PostgreSQL's user objects. */
  readonly oid: number;
  /** Lower-case unless created quoted. Strom has one schema, `public`. */
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  /** The CREATE statement as the user wrote it (for SHOW CREATE and for replay after a restart). */
  readonly sql: string;
  /** Creation time, ms since epoch. */
  readonly createdAt: number;
  /** COMMENT ON text. */
  readonly comment?: string;
}

/**
 * A table. `connector` undefined: a DML table whose rows Strom stores (INSERT/UPDATE/DELETE).
 * Otherwise a connector table (nexmark, datagen, print, blackhole, …) read or written through it.
 */
export interface TableInfo extends RelationBase {
  readonly kind: 'table';
  readonly connector: string | undefined;
  /** WITH options, keys as written, `connector` included. */
  readonly options: Readonly<Record<string, string>>;
  /** Primary key column names (enforced for DML tables; NOT ENFORCED for connector tables). */
  readonly primaryKey: readonly string[] | undefined;
  /** `WATERMARK FOR column AS expr` with the expression's SQL text. */
  readonly watermark: { readonly column: string; readonly expr: string } | undefined;
}

/** A view or materialized view. */
export interface ViewInfo extends RelationBase {
  readonly kind: 'view' | 'materialized view';
  /** The defining query's text. */
  readonly query: string;
  /** Names (lower case) of the relations the query reads directly (for dependency checks). */
  readonly dependsOn: readonly string[];
  /** Materialized view: the Flink configuration (`table.exec.mini-batch.*`, …) it was created with, so a restart plans it the same way. */
  readonly config?: Readonly<Record<string, string>>;
}

export type RelationInfo = TableInfo | ViewInfo;

/** Status of a continuous job, as Flink names them. */
export type JobStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELED';

/** A continuous job: an INSERT INTO … SELECT, or the maintenance of a materialized view. */
export interface JobInfo {
  /** A short id such as `a1b2c3d4` (hex). */
  readonly id: string;
  /** The statement text that started it. */
  readonly statement: string;
  /** `insert` for INSERT jobs, `materialized view` for a view's maintenance job, `subscribe` for a subscription's private job (never persisted). */
  readonly kind: 'insert' | 'materialized view' | 'subscribe';
  /** For a materialized view's job: the view's name. For an insert: the sink table's name. */
  readonly target: string;
  readonly status: JobStatus;
  /** ms since epoch. */
  readonly startedAt: number;
  /** ms since epoch; set when the job left RUNNING. */
  readonly endedAt: number | undefined;
  /** The error that failed it (SQLSTATE and message). */
  readonly error: string | undefined;
  /** INSERT job: the session's Flink configuration when it started, so a restart plans it the same way. */
  readonly config?: Readonly<Record<string, string>>;
}

/** A user for password authentication (issue: Postgres compatibility). */
export interface UserInfo {
  readonly name: string;
  /** SCRAM-SHA-256 verifier or md5 hash as PostgreSQL stores them in pg_authid.rolpassword; undefined = no password. */
  readonly password: string | undefined;
  /**
   * The md5 form (`md5…`) kept beside a SCRAM verifier in `password`, so that `--auth md5` works too
   * (common/password-hash.ts); undefined when only one form is known.
   */
  readonly md5Password?: string;
  readonly superuser: boolean;
}

/**
 * The catalog. Names are looked up as given (the binder folds case as PostgreSQL does).
 * Mutations are durable when they return (the store writes through to SQLite).
 */
export interface Catalog {
  getRelation(name: string): RelationInfo | undefined;
  getRelationByOid(oid: number): RelationInfo | undefined;
  /** All relations, in creation order. */
  relations(): readonly RelationInfo[];
  /** Adds a relation; its oid is assigned by the catalog (the given one is ignored). Throws SqlError 42P07 if the name exists. */
  addRelation(r: Omit<TableInfo, 'oid'> | Omit<ViewInfo, 'oid'>): RelationInfo;
  /** Replaces a relation's comment, or (with `column`, a column name) that column's. */
  setComment(name: string, comment: string | undefined, column?: string): void;
  /** Removes a relation (no dependency check here; the engine checks). */
  removeRelation(name: string): void;
  /** Relations whose definitions read `name` directly. */
  dependents(name: string): readonly RelationInfo[];

  jobs(): readonly JobInfo[];
  getJob(id: string): JobInfo | undefined;
  putJob(job: JobInfo): void;

  users(): readonly UserInfo[];
  putUser(u: UserInfo): void;
  removeUser(name: string): void;

  /**
   * Rows of a DML table, durable in SQLite: the engine appends each committed change.
   * `key` is the row's primary key (or a generated row id) as a string; `row` its values encoded by
   * the engine (JSON text of the values is fine). Returns all rows of the table in insertion order.
   */
  tableRows(table: string): Iterable<{ key: string; row: string }>;
  putTableRows(table: string, upserts: readonly { key: string; row: string }[], deletes: readonly string[]): void;
  /** Closes the underlying database. */
  close(): void;
}
