/**
 * The `jdbc` and `postgres` connectors: a PostgreSQL table as the dimension of lookup joins
 * (`FOR SYSTEM_TIME AS OF`), as Flink's JDBC connector (JdbcRowDataLookupFunction) but through
 * node-postgres and asynchronous (Flink's AsyncLookupFunction). Options: `url`
 * (`jdbc:postgresql://host:port/db` or `postgres://…` / `postgresql://…`; either connector takes
 * either form), `table-name` (`t` or `schema.t`), `username`, `password`, and Flink's lookup options
 * (lookup-options.ts). Physical columns match the PostgreSQL table's columns by name; values arrive
 * as text and are parsed with the column's Strom type.
 *
 * A small pool (at most 4 connections) serves all lookups of one join; one named prepared statement
 * per join. Errors: the server's own SQLSTATE (e.g. 42P01), or 08006 "could not connect to
 * PostgreSQL at host:port" when the server is unreachable (after the retries, lookup-cache.ts).
 */
import pg from 'pg';
import { createHash } from 'node:crypto';
import { SqlError, SqlState } from '../common/errors.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import type { Connector, LookupSource, OptionSpec } from './connector.ts';
import { physicalColumns } from './connector.ts';
import { LOOKUP_OPTIONS, lookupConfig } from './lookup-options.ts';
import { fromDriver, toDriver } from './external-values.ts';
import { quoteIdent } from './sqlite.ts';

const OPTIONS: readonly OptionSpec[] = [
  { key: 'url', required: true, description: 'jdbc:postgresql://host:port/database or postgres://host:port/database' },
  { key: 'table-name', required: true, description: 'the PostgreSQL table (optionally schema-qualified)' },
  { key: 'username', required: false, description: 'user name (default: from the URL, else postgres)' },
  { key: 'password', required: false, description: 'password' },
  ...LOOKUP_OPTIONS,
];

/** Most connections one lookup join opens. */
const POOL_SIZE = 4;
/** How long connecting may take before the attempt fails (ms). */
const CONNECT_TIMEOUT_MS = 5000;
/** How long one lookup query may take before the attempt fails (ms). */
const QUERY_TIMEOUT_MS = 180_000;

/** Connection settings from a table's options. Throws SqlError 22023 for a URL of another kind. */
export function connectionConfig(table: TableInfo): pg.PoolConfig & { host: string; port: number } {
  const raw = table.options['url'] ?? '';
  const m = /^(?:jdbc:postgresql:|postgres:|postgresql:)\/\//i.exec(raw);
  if (!m) {
    throw new SqlError(SqlState.invalidParameterValue, `invalid value "${raw}" for option "url"`, {
      detail: 'expected jdbc:postgresql://host:port/database or postgres://host:port/database',
    });
  }
  let u: URL;
  try {
    u = new URL('postgres://' + raw.slice(m[0].length));
  } catch {
    throw new SqlError(SqlState.invalidParameterValue, `invalid value "${raw}" for option "url"`, { detail: 'not a valid URL' });
  }
  const q = u.searchParams;
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    user: table.options['username'] ?? (decodeURIComponent(u.username) || q.get('user') || 'postgres'),
    password: table.options['password'] ?? (decodeURIComponent(u.password) || q.get('password') || undefined),
  };
}

function pgError(e: unknown, where: string): SqlError {
  if (e instanceof SqlError) return e;
  const err = e as { code?: string; message?: string; detail?: string };
  const msg = err.message ?? String(e);
  if (typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)) return new SqlError(err.code, `PostgreSQL at ${where}: ${msg}`, { detail: err.detail });
  return new SqlError(SqlState.connectionFailure, `could not connect to PostgreSQL at ${where}: ${msg || err.code || 'connection failed'}`);
}

/** Lookups in one PostgreSQL table by `keyColumns` (physical column indices). */
class PostgresLookup implements LookupSource {
  readonly async = true;
  private pool: pg.Pool | undefined;
  private readonly cols: TableInfo['columns'];
  private readonly config: ReturnType<typeof connectionConfig>;
  private readonly where: string;
  private readonly byKey: string;
  private readonly all: string;
  private readonly statement: string;

  constructor(
    table: TableInfo,
    private readonly keyColumns: readonly number[],
  ) {
    this.cols = physicalColumns(table);
    this.config = connectionConfig(table);
    this.where = `${this.config.host}:${this.config.port}`;
    const name = table.options['table-name']!.split('.').map(quoteIdent).join('.');
    this.all = `SELECT ${this.cols.map((c) => quoteIdent(c.name)).join(', ')} FROM ${name}`;
    this.byKey = `${this.all} WHERE ${keyColumns.map((k, i) => `${quoteIdent(this.cols[k]!.name)} = $${i + 1}`).join(' AND ')}`;
    this.statement = 'strom_lookup_' + createHash('sha1').update(this.byKey).digest('hex').slice(0, 16);
  }

  private getPool(): pg.Pool {
    if (!this.pool) {
      this.pool = new pg.Pool({
        ...this.config,
        max: POOL_SIZE,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        // As Flink's table.exec.async-lookup.timeout default: a lookup hanging longer fails (and is retried).
        query_timeout: QUERY_TIMEOUT_MS,
        idleTimeoutMillis: 30_000,
        // Every value as text: parsed with the Strom column type (external-values.ts).
        types: { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig,
      });
      // An idle connection dropped by the server must not crash the process; the next query reconnects.
      this.pool.on('error', () => {});
    }
    return this.pool;
  }

  private convert(rows: unknown[][]): unknown[][] {
    for (const r of rows) for (let i = 0; i < r.length; i++) r[i] = fromDriver(this.cols[i]!.type, r[i]);
    return rows;
  }

  async lookup(key: readonly unknown[]): Promise<unknown[][]> {
    const values = key.map((v, i) => toDriver(this.cols[this.keyColumns[i]!]!.type, v, { numbers: false }));
    try {
      const r = await this.getPool().query({ name: this.statement, text: this.byKey, values, rowMode: 'array' });
      return this.convert(r.rows as unknown[][]);
    } catch (e) {
      throw pgError(e, this.where);
    }
  }

  async scanAll(): Promise<unknown[][]> {
    try {
      const r = await this.getPool().query({ text: this.all, rowMode: 'array' });
      return this.convert(r.rows as unknown[][]);
    } catch (e) {
      throw pgError(e, this.where);
    }
  }

  close(): void {
    const p = this.pool;
    this.pool = undefined;
    void p?.end().catch(() => {});
  }
}

function makeConnector(name: string): Connector {
  return {
    name,
    options: OPTIONS,
    canSource: false,
    canSink: false,
    sinkAcceptsUpdates: false,
    validate(table) {
      connectionConfig(table);
      lookupConfig(table);
    },
    lookup: {
      async: true,
      create: (table, keyColumns) => new PostgresLookup(table, keyColumns),
    },
  };
}

/** `'connector' = 'postgres'`. */
export const postgresConnector: Connector = makeConnector('postgres');
/** `'connector' = 'jdbc'` (Flink's name; PostgreSQL URLs only). */
export const jdbcConnector: Connector = makeConnector('jdbc');
