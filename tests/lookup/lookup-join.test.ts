/**
 * Lookup (dimension) joins end to end, through a real server: `JOIN dim FOR SYSTEM_TIME AS OF
 * s.proc_time` against a real SQLite file (made here with better-sqlite3), a real PostgreSQL
 * (tests/pg-oracle.ts) and a DML table. The stream side is a DML table with a PROCTIME() column, so
 * the test decides when each row arrives; FLUSH waits for asynchronous lookups.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../harness.ts';
import { requirePgOrSkipReason, startPgOracle, type PgOracle } from '../pg-oracle.ts';
import { createSqliteDim } from './sqlite-dim.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer;
let c: pg.Client;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  dir = mkdtempSync(join(tmpdir(), 'strom-lookup-'));
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function rowsOf(sql: string): Promise<unknown[][]> {
  const r = await c.query({ text: sql, rowMode: 'array' });
  return r.rows as unknown[][];
}

async function errorOf(sql: string): Promise<{ code: string; message: string; detail?: string }> {
  try {
    await c.query(sql);
  } catch (e) {
    return e as { code: string; message: string; detail?: string };
  }
  throw new Error(`expected an error from: ${sql}`);
}

/**
 * A stream table `name` (id, k, proc_time) and a view joining it with `dim`; returns a probe that
 * inserts one stream row, FLUSHes and returns the names it joined with.
 */
async function joinView(name: string, dim: string, joinType: 'JOIN' | 'LEFT JOIN', keyType = 'INT') {
  await c.query(`CREATE TABLE ${name} (id INT, k ${keyType}, proc_time AS PROCTIME())`);
  await c.query(
    `CREATE MATERIALIZED VIEW ${name}_v AS SELECT s.id, s.k, d.name FROM ${name} AS s ${joinType} ${dim} FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k`,
  );
  return async (id: number, k: number | null) => {
    await c.query(`INSERT INTO ${name} VALUES ($1, $2)`, [id, k]);
    await c.query('FLUSH');
    return rowsOf(`SELECT name FROM ${name}_v WHERE id = ${id} ORDER BY name`);
  };
}

describe('lookup join into a SQLite file', () => {
  let file: string;
  let sq: Sqlite.Database;
  beforeAll(() => {
    file = join(dir, 'dim.db');
    sq = createSqliteDim(file);
  });
  afterAll(() => sq.close());

  const dimTable = (name: string, opts: string) =>
    c.query(`CREATE TABLE ${name} (k INT, name TEXT, price DOUBLE PRECISION) WITH ('connector' = 'sqlite', 'path' = '${file}', 'table-name' = 'dim'${opts})`);

  it('inner and left joins; missing keys drop or pad NULLs', async () => {
    await dimTable('sdim', '');
    await c.query('CREATE TABLE s1 (id INT, k INT, proc_time AS PROCTIME())');
    await c.query('CREATE MATERIALIZED VIEW s1_inner AS SELECT s.id, d.name, d.price FROM s1 s JOIN sdim FOR SYSTEM_TIME AS OF s.proc_time d ON s.k = d.k');
    await c.query('CREATE MATERIALIZED VIEW s1_left AS SELECT s.id, d.name FROM s1 s LEFT JOIN sdim FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k');
    await c.query('INSERT INTO s1 VALUES (1, 1), (2, 7), (3, 2), (4, NULL)');
    await c.query('FLUSH');
    expect(await rowsOf('SELECT * FROM s1_inner ORDER BY id')).toEqual([
      [1, 'one', 1.5],
      [3, 'two', 2.5],
    ]);
    expect(await rowsOf('SELECT * FROM s1_left ORDER BY id')).toEqual([
      [1, 'one'],
      [2, null],
      [3, 'two'],
      [4, null],
    ]);
    // A deleted stream row is looked up again and retracted.
    await c.query('DELETE FROM s1 WHERE id = 1');
    expect(await rowsOf('SELECT id FROM s1_inner ORDER BY id')).toEqual([[3]]);
  });

  it("'lookup.cache' = 'NONE' sees a changed row at once", async () => {
    await dimTable('sdim_none', `, 'lookup.cache' = 'NONE'`);
    const probe = await joinView('s2', 'sdim_none', 'JOIN');
    expect(await probe(1, 1)).toEqual([['one']]);
    sq.prepare('UPDATE dim SET name = ? WHERE k = 1').run('uno');
    expect(await probe(2, 1)).toEqual([['uno']]);
    sq.prepare('UPDATE dim SET name = ? WHERE k = 1').run('one');
  });

  it('a PARTIAL cache serves the old row until expire-after-write, and caches missing keys', async () => {
    await dimTable('sdim_partial', `, 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.expire-after-write' = '400 ms'`);
    const probe = await joinView('s3', 'sdim_partial', 'LEFT JOIN');
    expect(await probe(1, 1)).toEqual([['one']]);
    expect(await probe(2, 30)).toEqual([[null]]);
    sq.prepare('UPDATE dim SET name = ? WHERE k = 1').run('uno');
    sq.prepare('INSERT INTO dim VALUES (?, ?, ?)').run(30, 'thirty', 30);
    expect(await probe(3, 1)).toEqual([['one']]);
    expect(await probe(4, 30)).toEqual([[null]]);
    await sleep(500);
    expect(await probe(5, 1)).toEqual([['uno']]);
    expect(await probe(6, 30)).toEqual([['thirty']]);
    sq.prepare('UPDATE dim SET name = ? WHERE k = 1').run('one');
    sq.prepare('DELETE FROM dim WHERE k = 30').run();
  });

  it("'lookup.partial-cache.cache-missing-key' = 'false' asks again for a missing key", async () => {
    await dimTable('sdim_miss', `, 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100', 'lookup.partial-cache.cache-missing-key' = 'false'`);
    const probe = await joinView('s4', 'sdim_miss', 'LEFT JOIN');
    expect(await probe(1, 40)).toEqual([[null]]);
    sq.prepare('INSERT INTO dim VALUES (?, ?, ?)').run(40, 'forty', 40);
    expect(await probe(2, 40)).toEqual([['forty']]);
    sq.prepare('DELETE FROM dim WHERE k = 40').run();
  });

  it('a FULL cache sees changes after its reload interval', async () => {
    await dimTable('sdim_full', `, 'lookup.cache' = 'FULL', 'lookup.full-cache.periodic-reload.interval' = '400 ms'`);
    const probe = await joinView('s5', 'sdim_full', 'JOIN');
    expect(await probe(1, 2)).toEqual([['two']]);
    sq.prepare('UPDATE dim SET name = ? WHERE k = 2').run('dos');
    expect(await probe(2, 2)).toEqual([['two']]);
    await sleep(500);
    expect(await probe(3, 2)).toEqual([['dos']]);
    sq.prepare('UPDATE dim SET name = ? WHERE k = 2').run('two');
  });

  it('validates options: unknown ones list the valid ones; PARTIAL needs a bound', async () => {
    const e = await errorOf(`CREATE TABLE bad1 (k INT) WITH ('connector' = 'sqlite', 'path' = 'x', 'table-name' = 'dim', 'lookup.cache.ttl' = '1s')`);
    expect(e.code).toBe('22023');
    expect(e.message).toBe('unsupported option "lookup.cache.ttl" for connector "sqlite"');
    expect(e.detail).toContain('lookup.partial-cache.expire-after-write');
    const p = await errorOf(`CREATE TABLE bad2 (k INT) WITH ('connector' = 'sqlite', 'path' = 'x', 'table-name' = 'dim', 'lookup.cache' = 'PARTIAL')`);
    expect(p.code).toBe('22023');
    const d = await errorOf(`CREATE TABLE bad3 (k INT) WITH ('connector' = 'sqlite', 'path' = 'x', 'table-name' = 'dim', 'lookup.partial-cache.expire-after-write' = 'soon')`);
    expect(d.code).toBe('22023');
  });

  it('a missing database file fails the job after the retries; the server and other jobs go on', async () => {
    await c.query(`CREATE TABLE sdim_gone (k INT, name TEXT) WITH ('connector' = 'sqlite', 'path' = '${join(dir, 'missing.db')}', 'table-name' = 'dim', 'lookup.max-retries' = '2')`);
    await c.query('CREATE TABLE s6 (id INT, k INT, proc_time AS PROCTIME())');
    await c.query('CREATE MATERIALIZED VIEW s6_v AS SELECT s.id, d.name FROM s6 s JOIN sdim_gone FOR SYSTEM_TIME AS OF s.proc_time d ON s.k = d.k');
    await c.query('INSERT INTO s6 VALUES (1, 1)');
    const jobs = await rowsOf('SHOW JOBS');
    const job = jobs.find((j) => String(j[1]).includes('s6_v'))!;
    expect(job[2]).toBe('FAILED');
    expect(job[5]).toMatch(/^58P01: lookup in "sdim_gone" failed after 3 attempts: could not open SQLite database/);
    expect(jobs.find((j) => String(j[1]).includes('s1_left'))![2]).toBe('RUNNING');
  });
});

describe('a DML table with a PROCTIME() column', () => {
  it('computes it when read; INSERT, UPDATE and DELETE take the other columns', async () => {
    await c.query('CREATE TABLE pt (id INT PRIMARY KEY, v TEXT, proc_time AS PROCTIME())');
    await c.query(`INSERT INTO pt VALUES (1, 'a')`);
    await c.query(`INSERT INTO pt (id) VALUES (2)`);
    await c.query(`UPDATE pt SET v = 'b' WHERE id = 2`);
    await c.query('DELETE FROM pt WHERE id = 1');
    const r = await rowsOf('SELECT id, v, proc_time IS NOT NULL FROM pt');
    expect(r).toEqual([[2, 'b', true]]);
    const e = await errorOf(`INSERT INTO pt (id, proc_time) VALUES (3, now())`);
    expect(e.code).toBe('428C9');
    const k = await errorOf('CREATE TABLE pt2 (id INT, proc_time AS PROCTIME(), PRIMARY KEY (proc_time))');
    expect(k.code).toBe('42P16');
  });
});

describe('lookup join into a DML table', () => {
  it('always sees the current rows', async () => {
    await c.query('CREATE TABLE ddim (k INT PRIMARY KEY, name TEXT)');
    await c.query(`INSERT INTO ddim VALUES (1, 'one'), (2, 'two')`);
    const probe = await joinView('d1', 'ddim', 'LEFT JOIN');
    expect(await probe(1, 1)).toEqual([['one']]);
    expect(await probe(2, 3)).toEqual([[null]]);
    await c.query(`UPDATE ddim SET name = 'uno' WHERE k = 1`);
    await c.query(`INSERT INTO ddim VALUES (3, 'three')`);
    expect(await probe(3, 1)).toEqual([['uno']]);
    expect(await probe(4, 3)).toEqual([['three']]);
    // Earlier results stay as they were looked up (processing-time semantics).
    expect(await rowsOf('SELECT id, name FROM d1_v ORDER BY id')).toEqual([
      [1, 'one'],
      [2, null],
      [3, 'uno'],
      [4, 'three'],
    ]);
    // A bounded SELECT joins the current snapshot.
    expect(await rowsOf('SELECT s.id, d.name FROM d1 s JOIN ddim FOR SYSTEM_TIME AS OF s.proc_time d ON s.k = d.k ORDER BY s.id')).toEqual([
      [1, 'uno'],
      [2, 'three'],
      [3, 'uno'],
      [4, 'three'],
    ]);
  });
});

const skip = requirePgOrSkipReason();

describe.skipIf(skip !== undefined)('lookup join into PostgreSQL', () => {
  let oracle: PgOracle;
  let remote: pg.Client;
  beforeAll(async () => {
    oracle = await startPgOracle();
    remote = new pg.Client({ connectionString: oracle.url });
    await remote.connect();
    await remote.query('CREATE TABLE dim (k bigint PRIMARY KEY, name text, amount numeric(10,2), seen timestamp)');
    await remote.query(`INSERT INTO dim VALUES (1, 'one', 1.50, '2024-01-02 03:04:05'), (2, 'two', 2.25, NULL)`);
  }, 60_000);
  afterAll(async () => {
    await remote?.end();
    oracle?.stop();
  });

  const dimTable = (name: string, connector: 'jdbc' | 'postgres', opts: string) => {
    const url = connector === 'jdbc' ? `jdbc:postgresql://127.0.0.1:${oracle.port}/postgres` : `postgres://127.0.0.1:${oracle.port}/postgres`;
    return c.query(
      `CREATE TABLE ${name} (k BIGINT, name TEXT, amount DECIMAL(10, 2), seen TIMESTAMP(3)) WITH ('connector' = '${connector}', 'url' = '${url}', 'table-name' = 'dim', 'username' = 'postgres'${opts})`,
    );
  };

  it('inner and left joins with typed values; FLUSH waits for the asynchronous lookups', async () => {
    await dimTable('pdim', 'jdbc', '');
    await c.query('CREATE TABLE p1 (id INT, k BIGINT, proc_time AS PROCTIME())');
    await c.query('CREATE MATERIALIZED VIEW p1_inner AS SELECT s.id, d.name, d.amount, d.seen FROM p1 s JOIN pdim FOR SYSTEM_TIME AS OF s.proc_time d ON s.k = d.k');
    await c.query('CREATE MATERIALIZED VIEW p1_left AS SELECT s.id, d.name FROM p1 s LEFT JOIN pdim FOR SYSTEM_TIME AS OF s.proc_time d ON s.k = d.k');
    const values = Array.from({ length: 300 }, (_, i) => `(${i}, ${i % 4})`).join(', ');
    await c.query(`INSERT INTO p1 VALUES ${values}`);
    await c.query('FLUSH');
    expect(await rowsOf('SELECT count(*), count(name) FROM p1_left')).toEqual([['300', '150']]);
    expect(await rowsOf('SELECT id, name, amount, CAST(seen AS TEXT) FROM p1_inner WHERE id < 4 ORDER BY id')).toEqual([
      [1, 'one', '1.50', '2024-01-02 03:04:05'],
      [2, 'two', '2.25', null],
    ]);
  });

  it("'connector' = 'postgres' without cache sees changes at once; with PARTIAL after expiry", async () => {
    await dimTable('pdim_none', 'postgres', '');
    await dimTable('pdim_partial', 'postgres', `, 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.expire-after-write' = '400 ms'`);
    // An INT key against a BIGINT column is cast implicitly.
    const none = await joinView('p2', 'pdim_none', 'LEFT JOIN');
    const partial = await joinView('p3', 'pdim_partial', 'LEFT JOIN', 'BIGINT');
    expect(await none(1, 1)).toEqual([['one']]);
    expect(await partial(1, 1)).toEqual([['one']]);
    expect(await partial(2, 9)).toEqual([[null]]);
    await remote.query(`UPDATE dim SET name = 'uno' WHERE k = 1`);
    await remote.query(`INSERT INTO dim VALUES (9, 'nine', 9, NULL)`);
    expect(await none(2, 1)).toEqual([['uno']]);
    expect(await partial(3, 1)).toEqual([['one']]);
    expect(await partial(4, 9)).toEqual([[null]]);
    await sleep(500);
    expect(await partial(5, 1)).toEqual([['uno']]);
    expect(await partial(6, 9)).toEqual([['nine']]);
  });

  it('a pulled source with a small buffer capacity: every row is looked up before the job finishes', async () => {
    await c.query(`SET 'table.exec.async-lookup.buffer-capacity' = '3'`);
    await c.query(
      `CREATE TABLE gen (id BIGINT, proc_time AS PROCTIME()) WITH ('connector' = 'datagen', 'number-of-rows' = '2000', 'rows-per-second' = '0', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '2000')`,
    );
    // The session setting reaches jobs started by this session (INSERT), not materialized views.
    await c.query('CREATE TABLE gen_out (id BIGINT, name TEXT)');
    await c.query('INSERT INTO gen_out SELECT g.id, d.name FROM gen g LEFT JOIN pdim FOR SYSTEM_TIME AS OF g.proc_time d ON mod(g.id, 4) = d.k');
    await waitFor(async () => (await rowsOf('SHOW JOBS')).find((j) => String(j[1]).includes('gen_out') && j[2] === 'FINISHED'), 'the job to finish');
    expect(await rowsOf('SELECT count(*), count(name) FROM gen_out')).toEqual([['2000', '1000']]);
    await c.query(`RESET 'table.exec.async-lookup.buffer-capacity'`);
  });

  it('an unreachable server fails the job with 08006 and the host after the retries', async () => {
    await c.query(
      `CREATE TABLE pdim_down (k BIGINT, name TEXT) WITH ('connector' = 'postgres', 'url' = 'postgres://127.0.0.1:1/postgres', 'table-name' = 'dim', 'lookup.max-retries' = '1')`,
    );
    await c.query('CREATE TABLE p4 (id INT, k BIGINT, proc_time AS PROCTIME())');
    await c.query('CREATE MATERIALIZED VIEW p4_v AS SELECT s.id, d.name FROM p4 s JOIN pdim_down FOR SYSTEM_TIME AS OF s.proc_time d ON s.k = d.k');
    await c.query('INSERT INTO p4 VALUES (1, 1)');
    await c.query('FLUSH');
    const job = await waitFor(async () => (await rowsOf('SHOW JOBS')).find((j) => String(j[1]).includes('p4_v') && j[2] === 'FAILED'), 'the job to fail');
    expect(job![5]).toMatch(/^08006: lookup in "pdim_down" failed after 2 attempts: could not connect to PostgreSQL at 127\.0\.0\.1:1/);
    expect(await rowsOf('SELECT 1')).toEqual([[1]]);
    expect((await rowsOf('SHOW JOBS')).find((j) => String(j[1]).includes('p1_left'))![2]).toBe('RUNNING');
  });

  it('EXPLAIN shows async=[true]; a bounded SELECT cannot look up asynchronously; key types must agree', async () => {
    const r = await rowsOf('EXPLAIN CREATE MATERIALIZED VIEW x AS SELECT s.id, d.name FROM p1 s JOIN pdim FOR SYSTEM_TIME AS OF s.proc_time d ON s.k = d.k');
    expect(r.map((x) => x[0]).join('\n')).toContain('LookupJoin(table=[pdim], joinType=[InnerJoin], lookup=[k=k], select=[id, k, k, name, amount, seen], async=[true])');
    const e = await errorOf('SELECT s.id, d.name FROM p1 s JOIN pdim FOR SYSTEM_TIME AS OF s.proc_time d ON s.k = d.k');
    expect(e.code).toBe('0A000');
    const t = await errorOf('SELECT s.id FROM s1 s JOIN sdim FOR SYSTEM_TIME AS OF s.proc_time d ON CAST(s.id AS TEXT) = d.k');
    expect(t.code).toBe('42804');
    expect(t.message).toBe('FOR SYSTEM_TIME AS OF join keys must have the same type, but text = integer compares different types');
  });
});
