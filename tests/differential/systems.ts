/**
 * The two systems a differential test compares: a Strom server started in-process (tests/harness.ts)
 * and a private PostgreSQL cluster (tests/pg-oracle.ts), each reached through one node-postgres
 * connection that returns every value as its wire text. Statements carry a time limit, so a hung
 * Strom statement fails one query instead of the whole file.
 */
import pg from 'pg';
import { startTestServer } from '../harness.ts';
import type { TestServer } from '../harness.ts';
import { startPgOracle } from '../pg-oracle.ts';
import type { PgOracle } from '../pg-oracle.ts';
import type { ResultSet } from './compare.ts';

const identity = (v: string) => v;
const TEXT_TYPES = { getTypeParser: () => identity } as unknown as pg.CustomTypesConfig;

/** An error from one side, with its SQLSTATE when the server sent one. */
export class SqlFailure extends Error {
  constructor(
    readonly system: string,
    readonly sql: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`${system}: ${code ? `[${code}] ` : ''}${message}\n  in: ${sql}`);
  }
}

/** The result of one statement: rows as text with column types, and the command's row count. */
export interface Outcome extends ResultSet {
  readonly rowCount: number | null;
}

/** One side of the comparison: runs SQL, reconnecting after a statement that timed out. */
export class Side {
  private client: pg.Client | undefined;
  constructor(
    readonly name: string,
    private readonly connect: () => Promise<pg.Client>,
    private readonly timeoutMs: number,
  ) {}

  /** Runs one statement; throws SqlFailure on an error or a timeout. */
  async run(sql: string): Promise<Outcome> {
    this.client ??= await this.connect();
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SqlFailure(this.name, sql, undefined, `no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const r = (await Promise.race([client.query({ text: sql, rowMode: 'array', types: TEXT_TYPES }), timeout])) as pg.QueryResult;
      return { types: (r.fields ?? []).map((f) => f.dataTypeID), rows: (r.rows ?? []) as (string | null)[][], rowCount: r.rowCount };
    } catch (e) {
      if (e instanceof SqlFailure) {
        this.client = undefined;
        void client.end().catch(() => {});
        throw e;
      }
      const err = e as { code?: string; message?: string };
      throw new SqlFailure(this.name, sql, err.code, String(err.message ?? e));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs a statement and ignores any error (cleanup). */
  async tryRun(sql: string): Promise<void> {
    await this.run(sql).catch(() => {});
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }
}

/** Strom and PostgreSQL, side by side. */
export interface Systems {
  readonly strom: Side;
  readonly pg: Side;
  stop(): Promise<void>;
}

/** Starts one Strom server and one PostgreSQL cluster. */
export async function startSystems(opts: { timeoutMs?: number } = {}): Promise<Systems> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const oracle: PgOracle = await startPgOracle();
  let server: TestServer;
  try {
    server = await startTestServer();
  } catch (e) {
    oracle.stop();
    throw e;
  }
  const pgSide = new Side(
    'PostgreSQL',
    async () => {
      const c = new pg.Client({ connectionString: oracle.url });
      c.on('error', () => {});
      await c.connect();
      await c.query("SET client_min_messages = warning; SET TimeZone = 'UTC'");
      return c;
    },
    timeoutMs,
  );
  // STROM_DIFF_PARALLELISM=N runs every view with `parallelism.default` N (engine/parallel).
  const parallelism = process.env['STROM_DIFF_PARALLELISM'];
  // STROM_DIFF_SETTINGS="k=v;k=v" sets session options before every view (e.g. minibatch and
  // two-phase aggregation: table.exec.mini-batch.enabled=true;table.optimizer.agg-phase-strategy=TWO_PHASE).
  const settings = (process.env['STROM_DIFF_SETTINGS'] ?? '')
    .split(';')
    .filter((kv) => kv.includes('='))
    .map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1).trim()] as const);
  const stromSide = new Side(
    'Strom',
    async () => {
      const c = await server.client();
      if (parallelism) await c.query(`SET 'parallelism.default' = '${Number(parallelism)}'`);
      for (const [k, v] of settings) await c.query(`SET '${k}' = '${v}'`);
      return c;
    },
    timeoutMs,
  );
  return {
    strom: stromSide,
    pg: pgSide,
    async stop() {
      await stromSide.close();
      await pgSide.close();
      try {
        await server.stop();
      } finally {
        oracle.stop();
      }
    },
  };
}
