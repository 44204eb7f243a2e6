/**
 * The `sqlite` connector: a table of a SQLite database file as the dimension of lookup joins
 * (`FOR SYSTEM_TIME AS OF`), read through better-sqlite3 with one prepared statement per lookup key
 * (`SELECT <columns> FROM "<table-name>" WHERE "k" = ?`). Options: `path` (the database file),
 * `table-name`, and Flink's lookup options (lookup-options.ts). The table's physical columns are
 * matched to the SQLite table's columns by name. Lookups are synchronous (a local file). The file is
 * opened read-only at the first lookup, so the job sees rows other processes commit later.
 * Errors: 58P01 when the file cannot be opened, 42P01 / 42703 for a missing table or column,
 * 58000 for other SQLite errors (all after the retries).
 */
import Database from 'better-sqlite3';
import { SqlError, SqlState } from '../common/errors.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import type { Connector, LookupSource, OptionSpec } from './connector.ts';
import { physicalColumns } from './connector.ts';
import { LOOKUP_OPTIONS, lookupConfig } from './lookup-options.ts';
import { fromDriver, toDriver } from './external-values.ts';

const OPTIONS: readonly OptionSpec[] = [
  { key: 'path', required: true, description: 'path of the SQLite database file' },
  { key: 'table-name', required: true, description: 'name of the table in the SQLite database' },
  ...LOOKUP_OPTIONS,
];

/** `"name"` with inner quotes doubled (SQLite and PostgreSQL quoting). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function sqliteError(e: unknown, path: string): SqlError {
  if (e instanceof SqlError) return e;
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  if (err.code === 'SQLITE_CANTOPEN') return new SqlError(SqlState.undefinedFile, `could not open SQLite database "${path}": ${msg}`);
  if (/no such table/.test(msg)) return new SqlError(SqlState.undefinedTable, `SQLite database "${path}": ${msg}`);
  if (/no such column/.test(msg)) return new SqlError(SqlState.undefinedColumn, `SQLite database "${path}": ${msg}`);
  return new SqlError('58000', `SQLite database "${path}": ${msg}`);
}

/** Lookups in one SQLite table by `keyColumns` (physical column indices). */
class SqliteLookup implements LookupSource {
  readonly async = false;
  private db: Database.Database | undefined;
  private byKey: Database.Statement | undefined;
  private all: Database.Statement | undefined;
  private readonly cols: TableInfo['columns'];
  private readonly path: string;
  private readonly tableName: string;

  constructor(
    table: TableInfo,
    private readonly keyColumns: readonly number[],
  ) {
    this.cols = physicalColumns(table);
    this.path = table.options['path']!;
    this.tableName = table.options['table-name']!;
  }

  private open(): void {
    if (this.db) return;
    let db: Database.Database | undefined;
    try {
      db = new Database(this.path, { readonly: true, fileMustExist: true });
      const select = `SELECT ${this.cols.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(this.tableName)}`;
      const where = this.keyColumns.map((k) => `${quoteIdent(this.cols[k]!.name)} = ?`).join(' AND ');
      this.byKey = db.prepare(`${select} WHERE ${where}`).raw(true).safeIntegers(true);
      this.all = db.prepare(select).raw(true).safeIntegers(true);
      this.db = db;
    } catch (e) {
      db?.close();
      throw sqliteError(e, this.path);
    }
  }

  private convert(rows: unknown[][]): unknown[][] {
    const types = this.cols.map((c) => c.type);
    for (const r of rows) for (let i = 0; i < r.length; i++) r[i] = fromDriver(types[i]!, r[i]);
    return rows;
  }

  lookup(key: readonly unknown[]): unknown[][] {
    this.open();
    try {
      const params = key.map((v, i) => toDriver(this.cols[this.keyColumns[i]!]!.type, v, { numbers: true }));
      return this.convert(this.byKey!.all(...params) as unknown[][]);
    } catch (e) {
      throw sqliteError(e, this.path);
    }
  }

  scanAll(): unknown[][] {
    this.open();
    try {
      return this.convert(this.all!.all() as unknown[][]);
    } catch (e) {
      throw sqliteError(e, this.path);
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

export const sqliteConnector: Connector = {
  name: 'sqlite',
  options: OPTIONS,
  canSource: false,
  canSink: false,
  sinkAcceptsUpdates: false,
  validate(table) {
    lookupConfig(table);
  },
  lookup: {
    async: false,
    create: (table, keyColumns) => new SqliteLookup(table, keyColumns),
  },
};
