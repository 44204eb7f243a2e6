/**
 * Lookup joins in parallel workers (DESIGN.md "Engine: parallel jobs"): the same view at
 * `parallelism.default` 1 and 2, maintained side by side from the same statements, holds the same
 * rows — for a DML dimension (with and without a primary key, replicated to every worker), a SQLite
 * file and a real PostgreSQL (tests/pg-oracle.ts) — including after the dimension changes. The
 * parallel job runs in 2 workers (no fallback NOTICE); a failing lookup fails it with its SQLSTATE.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../engine/database.ts';
import type { Session, Value } from '../../engine/api.ts';
import { runSql, waitFor } from '../harness.ts';
import { requirePgOrSkipReason, startPgOracle, type PgOracle } from '../pg-oracle.ts';
import { createSqliteDim } from './sqlite-dim.ts';

let dir: string;
let db: Database;
let s: Session;

const run = (sql: string) => runSql(s, sql);
const text = (rows: Value[][]) => rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? String(v) : v)));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strom-lookup-par-'));
  db = Database.open({ dataDir: join(dir, 'data'), log: () => {} });
  s = db.openSession({ user: 'test', database: 'strom', other: new Map() });
});
afterAll(async () => {
  await db.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Views `${name}_p1` and `${name}_p2` of `select` at parallelism 1 and 2; checks the second runs in
 * 2 workers without a NOTICE. Returns a function giving both views' rows ordered by every column.
 */
async function views(name: string, select: string): Promise<() => Promise<[string[], string[]]>> {
  for (const p of [1, 2]) {
    await run(`SET 'parallelism.default' = '${p}'`);
    await run(`CREATE MATERIALIZED VIEW ${name}_p${p} AS ${select}`);
    expect(s.takeNotices()).toEqual([]);
    expect(db.views.get(`${name}_p${p}`)!.job!.parallelism).toBe(p);
  }
  await run(`RESET 'parallelism.default'`);
  return async () => [text(await run(`SELECT * FROM ${name}_p1 ORDER BY 1, 2, 3`)), text(await run(`SELECT * FROM ${name}_p2 ORDER BY 1, 2, 3`))];
}

/** INSERT of stream rows (id, k) for ids `from` … `to` with k = id mod `m`. */
const streamRows = (table: string, from: number, to: number, m: number) =>
  `INSERT INTO ${table} VALUES ${Array.from({ length: to - from + 1 }, (_, i) => `(${from + i}, ${(from + i) % m})`).join(', ')}`;

/** Waits until `job` leaves RUNNING and returns its status and error. */
async function ended(view: string): Promise<{ status: string; error: string | undefined }> {
  const job = db.views.get(view)!.job!;
  if (job.status === 'RUNNING') await new Promise<void>((resolve) => job.onEnd(() => resolve()));
  return { status: job.status, error: job.record.error };
}

describe('lookup join into a DML table at parallelism 2', () => {
  it('gives the rows of parallelism 1 as the dimension changes; a change before a FLUSH-ed insert is seen by it', async () => {
    await run('CREATE TABLE s1 (id INT, k INT, proc_time AS PROCTIME())');
    await run('CREATE TABLE dk (k INT PRIMARY KEY, name TEXT)');
    await run("INSERT INTO dk VALUES (0, 'zero'), (1, 'one'), (2, 'two'), (3, 'three')");
    // No primary key: a multiset; duplicates join twice.
    await run('CREATE TABLE dm (k INT, name TEXT)');
    await run("INSERT INTO dm VALUES (0, 'a'), (0, 'a'), (1, 'b'), (5, 'c')");
    const pk = await views('lk', 'SELECT s.id, s.k, d.name FROM s1 AS s LEFT JOIN dk FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k');
    const ms = await views('lm', 'SELECT s.id, s.k, d.name FROM s1 AS s JOIN dm FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k');

    await run(streamRows('s1', 0, 99, 6));
    await run('FLUSH');
    const [a1, a2] = await pk();
    expect(a1.length).toBe(100);
    expect(a2).toEqual(a1);
    expect(a1.filter((r) => r.endsWith('"one"]')).length).toBe(17);
    const [b1, b2] = await ms();
    expect(b2).toEqual(b1);
    expect(b1.filter((r) => r.endsWith('"a"]')).length).toBe(2 * 17);

    // Changes to the dimensions, then stream rows with no FLUSH between: the rows see the changes.
    await run("UPDATE dk SET name = 'uno' WHERE k = 1");
    await run("INSERT INTO dk VALUES (4, 'four')");
    await run('DELETE FROM dk WHERE k = 2');
    await run("INSERT INTO dm VALUES (0, 'a'), (1, 'b2')");
    await run("UPDATE dm SET name = 'c2' WHERE k = 5");
    await run('DELETE FROM dm WHERE k = 1 AND name = \'b\'');
    await run(streamRows('s1', 100, 111, 6));
    await run('FLUSH');
    const [c1, c2] = await pk();
    expect(c2).toEqual(c1);
    expect(c1.filter((r) => Number(JSON.parse(r)[0]) >= 100)).toEqual(
      Array.from({ length: 12 }, (_, i) => 100 + i).map((id) => JSON.stringify([id, id % 6, ['zero', 'uno', null, 'three', 'four', null][id % 6]])),
    );
    const [e1, e2] = await ms();
    expect(e2).toEqual(e1);
    const late = e1.filter((r) => Number(JSON.parse(r)[0]) >= 100);
    // ids 100..111: k=0 twice ×3 copies of 'a', k=1 twice ×'b2', k=5 twice ×'c2'.
    expect(late.length).toBe(2 * 3 + 2 + 2);
    expect(late.filter((r) => r.endsWith('"b2"]')).length).toBe(2);
    expect(late.filter((r) => r.endsWith('"c2"]')).length).toBe(2);

    // A deleted stream row is looked up again and retracted in both.
    await run('DELETE FROM s1 WHERE id IN (3, 9)');
    await run('FLUSH');
    const [f1, f2] = await pk();
    expect(f2).toEqual(f1);
    expect(f1.length).toBe(110);
  });
});

describe('lookup join into a SQLite file at parallelism 2', () => {
  let file: string;
  let sq: Sqlite.Database;
  beforeAll(() => {
    file = join(dir, 'dim.db');
    sq = createSqliteDim(file);
  });
  afterAll(() => sq.close());

  it('each worker reads the file: the rows of parallelism 1, before and after the file changes', async () => {
    await run(`CREATE TABLE sdim (k INT, name TEXT, price DOUBLE PRECISION) WITH ('connector' = 'sqlite', 'path' = '${file}', 'table-name' = 'dim', 'lookup.cache' = 'NONE')`);
    await run('CREATE TABLE s2 (id INT, k INT, proc_time AS PROCTIME())');
    const both = await views('sq', 'SELECT s.id, d.name, d.price FROM s2 AS s LEFT JOIN sdim FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k');
    await run(streamRows('s2', 0, 59, 4));
    await run('FLUSH');
    const [a1, a2] = await both();
    expect(a2).toEqual(a1);
    expect(a1.filter((r) => r.includes('"one"')).length).toBe(15);
    sq.prepare('UPDATE dim SET name = ? WHERE k = 1').run('uno');
    await run(streamRows('s2', 60, 79, 4));
    await run('FLUSH');
    const [b1, b2] = await both();
    expect(b2).toEqual(b1);
    expect(b1.filter((r) => r.includes('"uno"')).length).toBe(5);
  });

  it('a missing database file fails the parallel job with 58P01', async () => {
    await run(`CREATE TABLE sdim_gone (k INT, name TEXT) WITH ('connector' = 'sqlite', 'path' = '${join(dir, 'missing.db')}', 'table-name' = 'dim', 'lookup.max-retries' = '1')`);
    await run('CREATE TABLE s3 (id INT, k INT, proc_time AS PROCTIME())');
    await run(`SET 'parallelism.default' = '2'`);
    await run('CREATE MATERIALIZED VIEW sg AS SELECT s.id, d.name FROM s3 AS s JOIN sdim_gone FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k');
    await run(`RESET 'parallelism.default'`);
    expect(db.views.get('sg')!.job!.parallelism).toBe(2);
    await run(streamRows('s3', 0, 9, 3));
    const r = await ended('sg');
    expect(r.status).toBe('FAILED');
    expect(r.error).toMatch(/^58P01: lookup in "sdim_gone" failed after 2 attempts: could not open SQLite database/);
    expect(db.views.get('sq_p2')!.job!.status).toBe('RUNNING');
  });
});

const skip = requirePgOrSkipReason();

describe.skipIf(skip !== undefined)('lookup join into PostgreSQL at parallelism 2', () => {
  let oracle: PgOracle;
  let remote: pg.Client;
  beforeAll(async () => {
    oracle = await startPgOracle();
    remote = new pg.Client({ connectionString: oracle.url });
    await remote.connect();
    await remote.query('CREATE TABLE dim (k bigint PRIMARY KEY, name text, amount numeric(10,2))');
    await remote.query(`INSERT INTO dim VALUES (1, 'one', 1.50), (2, 'two', 2.25)`);
  }, 60_000);
  afterAll(async () => {
    await remote?.end();
    oracle?.stop();
  });

  const dimTable = (name: string, url: string, opts = '') =>
    run(`CREATE TABLE ${name} (k BIGINT, name TEXT, amount DECIMAL(10, 2)) WITH ('connector' = 'postgres', 'url' = '${url}', 'table-name' = 'dim', 'username' = 'postgres'${opts})`);

  it('asynchronous lookups from each worker: the rows of parallelism 1, before and after the remote table changes', async () => {
    await dimTable('pdim', `postgres://127.0.0.1:${oracle.port}/postgres`);
    await run('CREATE TABLE p1 (id INT, k BIGINT, proc_time AS PROCTIME())');
    const both = await views('pg', 'SELECT s.id, d.name, d.amount FROM p1 AS s LEFT JOIN pdim FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k');
    await run(streamRows('p1', 0, 299, 4));
    await run('FLUSH');
    const [a1, a2] = await both();
    expect(a1.length).toBe(300);
    expect(a2).toEqual(a1);
    expect(a1.filter((r) => r.includes('"two"')).length).toBe(75);
    await remote.query(`UPDATE dim SET name = 'uno' WHERE k = 1`);
    await remote.query(`INSERT INTO dim VALUES (3, 'three', 3)`);
    await run(streamRows('p1', 300, 399, 4));
    await run('FLUSH');
    const [b1, b2] = await both();
    expect(b2).toEqual(b1);
    expect(b1.filter((r) => r.includes('"uno"')).length).toBe(25);
    expect(b1.filter((r) => r.includes('"three"')).length).toBe(25);
  });

  it('a pulled source at buffer capacity 3 in the workers: every row is looked up before the job finishes', async () => {
    await run(
      `CREATE TABLE gen (id BIGINT, proc_time AS PROCTIME()) WITH ('connector' = 'datagen', 'number-of-rows' = '2000', 'rows-per-second' = '0', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '2000')`,
    );
    await run('CREATE TABLE gen_out (id BIGINT, name TEXT)');
    await run(`SET 'table.exec.async-lookup.buffer-capacity' = '3'`);
    await run(`SET 'parallelism.default' = '2'`);
    await run('INSERT INTO gen_out SELECT g.id, d.name FROM gen g LEFT JOIN pdim FOR SYSTEM_TIME AS OF g.proc_time d ON mod(g.id, 4) = d.k');
    expect(s.takeNotices().map((n) => n.message)).not.toContainEqual(expect.stringMatching(/parallelism/));
    await run(`RESET 'parallelism.default'`);
    await run(`RESET 'table.exec.async-lookup.buffer-capacity'`);
    const job = [...db.jobs.values()].find((j) => j.record.target === 'gen_out')!;
    expect(job.parallelism).toBe(2);
    await waitFor(() => job.status !== 'RUNNING', 'the job to finish');
    expect(job.status).toBe('FINISHED');
    expect(text(await run('SELECT count(*), count(name) FROM gen_out'))).toEqual(['[2000,1500]']);
  });

  it('an unreachable server fails the parallel job with 08006; the database goes on', async () => {
    await dimTable('pdim_down', 'postgres://127.0.0.1:1/postgres', ", 'lookup.max-retries' = '1'");
    await run('CREATE TABLE p4 (id INT, k BIGINT, proc_time AS PROCTIME())');
    await run(`SET 'parallelism.default' = '2'`);
    await run('CREATE MATERIALIZED VIEW p4_v AS SELECT s.id, d.name FROM p4 AS s JOIN pdim_down FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k');
    await run(`RESET 'parallelism.default'`);
    expect(db.views.get('p4_v')!.job!.parallelism).toBe(2);
    await run(streamRows('p4', 0, 9, 3));
    const r = await ended('p4_v');
    expect(r.status).toBe('FAILED');
    expect(r.error).toMatch(/^08006: lookup in "pdim_down" failed after 2 attempts: could not connect to PostgreSQL at 127\.0\.0\.1:1/);
    expect(text(await run('SELECT 1'))).toEqual(['[1]']);
    expect(db.views.get('pg_p2')!.job!.status).toBe('RUNNING');
  });
});
