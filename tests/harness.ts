/**
 * Test harness: starts a real Strom server (Database + Postgres-wire server) in-process on a free
 * port with a fresh data directory, and gives connected node-postgres clients. Used by the SQL logic
 * tests and the client tests; psql tests connect to `port` too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Database } from '../engine/database.ts';
import type { Session, Value } from '../engine/api.ts';
import { startServer } from '../server/server.ts';
import type { ServerOptions } from '../server/server.ts';

/** A running test server. */
export interface TestServer {
  readonly port: number;
  readonly dataDir: string;
  readonly db: Database;
  /** Log lines the server wrote (print sink output, job failures). */
  readonly logs: string[];
  /** A connected client; closed by `stop()`. */
  client(opts?: Partial<pg.ClientConfig>): Promise<pg.Client>;
  /** Stops the server; with `keepData`, the data directory stays for a restart. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts a server; pass `dataDir` to reopen an existing directory (restart tests), `server` for
 * server options such as auth, tls and maxConnections. `setup` statements run on the database before
 * the server listens (e.g. CREATE USER when auth is on).
 */
export async function startTestServer(
  opts: { dataDir?: string; server?: Partial<Pick<ServerOptions, 'auth' | 'tls' | 'maxConnections'>>; setup?: readonly string[] } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'strom-test-'));
  const logs: string[] = [];
  const log = (l: string) => logs.push(l);
  const db = Database.open({ dataDir, log });
  if (opts.setup?.length) await runSetup(db, opts.setup);
  const server = await startServer(db, { host: '127.0.0.1', port: 0, log, ...opts.server });
  const clients: pg.Client[] = [];
  return {
    port: server.port,
    dataDir,
    db,
    logs,
    async client(extra = {}) {
      const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'strom', database: 'strom', ...extra });
      c.on('error', () => {});
      await c.connect();
      clients.push(c);
      return c;
    },
    async stop(o = {}) {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await server.close();
      await db.shutdown();
      if (!o.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs statements in a session of its own, directly on the engine (no wire). */
async function runSetup(db: Database, statements: readonly string[]): Promise<void> {
  const session = db.openSession({ user: 'strom', database: 'strom', other: new Map() });
  try {
    for (const sql of statements) {
      for (const stmt of session.parse(sql)) await session.execute(stmt, [], { signal: new AbortController().signal });
    }
  } finally {
    session.close();
  }
}

/** Polls `f` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(f: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Runs every statement of `sql` in an in-process session (no wire), returning the rows of the last
 * statement that produced rows (all of them, read to the end).
 */
export async function runSql(s: Session, sql: string): Promise<Value[][]> {
  let rows: Value[][] = [];
  for (const st of s.parse(sql)) {
    const r = await s.execute(st, [], { signal: new AbortController().signal });
    if (r.kind !== 'rows') continue;
    rows = [];
    for (;;) {
      const b = await r.cursor.next(100_000);
      rows.push(...b.rows);
      if (b.done) break;
    }
  }
  return rows;
}
