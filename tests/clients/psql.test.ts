/**
 * Strom through the real psql (PostgreSQL 15 client), as README's quickstart uses it (issue 2 §11):
 * the quickstart statements verbatim, each through `psql -X -h 127.0.0.1 -p PORT -U strom strom
 * -v ON_ERROR_STOP=1`; `COPY (SUBSCRIBE …) TO STDOUT` in a psql that is stopped with SIGINT (Ctrl-C);
 * `\set FETCH_COUNT`; errors printed with LINE and caret; the unknown database.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitFor } from '../harness.ts';
import type { TestServer } from '../harness.ts';

const PSQL = '/usr/bin/psql';

/** The quickstart of README.md (issue 2), statement by statement, verbatim. */
const QUICKSTART = {
  createBid: `CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,
                  date_time TIMESTAMP(3), extra STRING)
  WITH ('connector' = 'nexmark', 'nexmark.table.type' = 'bid', 'events.num' = '5000000', 'rate' = '50000');`,
  createHot: `CREATE MATERIALIZED VIEW hot AS
  SELECT auction, count(*) AS bids, max(price) AS top FROM bid GROUP BY auction;`,
  snapshot: 'SELECT * FROM hot ORDER BY bids DESC LIMIT 5;      -- a snapshot; run it again and it has grown',
  subscribe: 'COPY (SUBSCRIBE TO hot) TO STDOUT;                 -- the changelog, shown as it happens (Ctrl-C stops it)',
  createExpensive: "CREATE TABLE expensive (auction BIGINT, price BIGINT) WITH ('connector' = 'print');",
  insertExpensive: 'INSERT INTO expensive SELECT auction, price FROM bid WHERE price > 1000000;   -- a continuous job',
  showJobs: 'SHOW JOBS;',
  stopJob: (id: string) => `STOP JOB '${id}';`,
};

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

interface PsqlRun {
  code: number;
  stdout: string;
  stderr: string;
}

function psqlArgs(extra: string[], database = 'strom'): string[] {
  return ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'strom', database, '-v', 'ON_ERROR_STOP=1', ...extra];
}

const psqlEnv = () => ({ ...process.env, PGCONNECT_TIMEOUT: '5', PGTZ: 'UTC', PAGER: '', PSQL_PAGER: '' });

/** Runs psql to completion with `-c` commands (in order) or a script on stdin. */
function psql(commands: string[], opts: { extra?: string[]; stdin?: string; database?: string } = {}): Promise<PsqlRun> {
  const args = psqlArgs([...(opts.extra ?? []), ...commands.flatMap((c) => ['-c', c])], opts.database);
  return new Promise((resolve) => {
    const child = execFile(PSQL, args, { timeout: 20_000, env: psqlEnv() }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(opts.stdin ?? '');
  });
}

/** Parses psql's aligned table output into rows of trimmed cells (header excluded). */
function table(out: string): string[][] {
  const lines = out.split('\n');
  const sep = lines.findIndex((l) => /^-+(\+-+)*$/.test(l));
  if (sep < 0) throw new Error(`no table in:\n${out}`);
  const rows: string[][] = [];
  for (const l of lines.slice(sep + 1)) {
    if (/^\(\d+ rows?\)$/.test(l) || l === '') break;
    rows.push(l.split('|').map((c) => c.trim()));
  }
  return rows;
}

describe('README.md', () => {
  it('holds the quickstart this file runs, verbatim', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = [
      QUICKSTART.createBid,
      QUICKSTART.createHot,
      QUICKSTART.snapshot,
      QUICKSTART.subscribe,
      QUICKSTART.createExpensive,
      QUICKSTART.insertExpensive,
      QUICKSTART.showJobs,
      QUICKSTART.stopJob('<id>'),
    ].join('\n');
    expect(readme).toContain(`psql -h 127.0.0.1 -p 5433 -U strom strom\n\n${block}\n`);
  });
});

describe('psql', () => {
  it('is installed (Debian: postgresql-client)', () => {
    expect(existsSync(PSQL), `${PSQL} is missing: install postgresql-client`).toBe(true);
  });

  it('runs the README quickstart', { timeout: 60_000 }, async () => {
    const created = await psql([QUICKSTART.createBid]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toBe('CREATE TABLE\n');
    const mv = await psql([QUICKSTART.createHot]);
    expect(mv).toMatchObject({ code: 0, stdout: 'CREATE MATERIALIZED VIEW\n', stderr: '' });

    // A snapshot; run it again and it has grown.
    let first: string[][] = [];
    await waitFor(async () => {
      const r = await psql([QUICKSTART.snapshot]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      first = table(r.stdout);
      return first.length === 5;
    }, 'five auctions in hot');
    expect((await psql([QUICKSTART.snapshot])).stdout.split('\n')[0]).toMatch(/^\s*auction \|\s+bids \|\s+top\s*$/);
    const total = (rows: string[][]) => rows.reduce((s, r) => s + Number(r[1]), 0);
    for (const r of first) expect(r).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
    const sorted = first.map((r) => Number(r[1]));
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
    let second: string[][] = [];
    await waitFor(async () => {
      second = table((await psql([QUICKSTART.snapshot])).stdout);
      return total(second) > total(first);
    }, 'hot to grow', 10_000);
    expect(Number(second[0]![1])).toBeGreaterThanOrEqual(Number(first[0]![1]));

    // The changelog, shown as it happens; Ctrl-C stops it.
    const copy = spawn(PSQL, psqlArgs(['-c', QUICKSTART.subscribe]), { env: psqlEnv() });
    let out = '';
    let err = '';
    copy.stdout.on('data', (d: Buffer) => (out += d.toString()));
    copy.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => copy.on('exit', (code) => resolve(code)));
    await waitFor(() => out.split('\n').length > 20, 'COPY rows on psql stdout', 15_000);
    copy.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5000))]);
    if (code === 'hung') copy.kill('SIGKILL');
    expect(code).not.toBe('hung');
    expect(err).toContain('canceling statement due to user request');
    const lines = out.split('\n').filter((l) => l !== '');
    // All but maybe the last (cut by the cancel) line: op, auction, bids, top, tab-separated.
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^(\+I|-U|\+U|-D)\t\d+\t\d+\t\d+$/);
    expect(lines[0]).toMatch(/^\+I\t/);
    expect(lines.some((l) => /^[-+]U\t/.test(l))).toBe(true);

    // A continuous job into a print sink: INSERT returns at once, with the job id in a NOTICE.
    expect(await psql([QUICKSTART.createExpensive])).toMatchObject({ code: 0, stdout: 'CREATE TABLE\n', stderr: '' });
    const t0 = Date.now();
    const insert = await psql([QUICKSTART.insertExpensive]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(insert).toMatchObject({ code: 0, stdout: 'INSERT 0 0\n' });
    const notice = /NOTICE:\s+started job ([0-9a-f]+)/.exec(insert.stderr);
    expect(notice, insert.stderr).not.toBeNull();
    const id = notice![1]!;

    const jobsOut = await psql([QUICKSTART.showJobs]);
    expect(jobsOut).toMatchObject({ code: 0, stderr: '' });
    expect(jobsOut.stdout.split('\n')[0]).toMatch(/^\s*id\s*\|\s*statement\s*\|\s*status\s*\|\s*start_time\s*\|\s*end_time\s*\|\s*error\s*$/);
    const jobLine = jobsOut.stdout.split('\n').find((l) => l.trimStart().startsWith(id));
    expect(jobLine).toBeDefined();
    expect(jobLine).toContain('INSERT INTO expensive SELECT auction, price FROM bid WHERE price > 1000000');
    expect(jobLine).toMatch(/\|\s*RUNNING\s*\|/);

    // The print sink writes rows with their RowKind to the server log.
    await waitFor(() => server.logs.some((l) => /^\+I\[\d+, \d+\]$/.test(l)), 'print sink output', 15_000);
    const printed = server.logs.filter((l) => /^\+I\[/.test(l));
    for (const l of printed.slice(0, 50)) expect(Number(/, (\d+)\]$/.exec(l)![1])).toBeGreaterThan(1_000_000);

    const stopped = await psql([QUICKSTART.stopJob(id)]);
    expect(stopped).toMatchObject({ code: 0, stdout: 'STOP JOB\n', stderr: '' });
    const after = await psql([QUICKSTART.showJobs]);
    expect(after.stdout.split('\n').find((l) => l.trimStart().startsWith(id))).toMatch(/\|\s*CANCELED\s*\|/);
  });

  it('reads a SELECT through a cursor with \\set FETCH_COUNT 2', async () => {
    expect(await psql(['CREATE TABLE five (i INT PRIMARY KEY, s TEXT)', "INSERT INTO five VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')"])).toMatchObject({ code: 0, stderr: '' });
    const r = await psql(['\\set FETCH_COUNT 2', 'SELECT i, s FROM five ORDER BY i'], { extra: ['-A', '-t'] });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('1|a\n2|b\n3|c\n4|d\n5|e\n');
    // Aligned output, as an interactive user sees it (psql prints each FETCH batch as it comes).
    const aligned = await psql(['\\set FETCH_COUNT 2', 'SELECT i, s FROM five WHERE i <= 3 ORDER BY i']);
    expect(aligned).toMatchObject({ code: 0, stderr: '' });
    expect(aligned.stdout).toContain(' i | s \n---+---\n 1 | a\n 2 | b\n 3 | c\n');
    expect(aligned.stdout).toContain('(3 rows)');
  });

  it('runs a script from stdin, with DML and a materialized view kept up to date', async () => {
    const script = [
      'CREATE TABLE acct (id INT PRIMARY KEY, owner TEXT, balance INT);',
      "INSERT INTO acct VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'ann', 5);",
      'CREATE MATERIALIZED VIEW per_owner AS SELECT owner, sum(balance) AS total FROM acct GROUP BY owner;',
      'UPDATE acct SET balance = 50 WHERE id = 2;',
      "DELETE FROM acct WHERE owner = 'ann' AND balance = 5;",
      'FLUSH;',
      'SELECT * FROM per_owner ORDER BY owner;',
    ].join('\n');
    const r = await psql([], { stdin: script, extra: ['-A', '-t'] });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('CREATE TABLE\nINSERT 0 3\nCREATE MATERIALIZED VIEW\nUPDATE 1\nDELETE 1\nFLUSH\nann|10\nbob|50\n');
  });

  it('prints errors with the position: LINE and a caret', async () => {
    const r = await psql(['SELECT * FROM nope']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe('ERROR:  relation "nope" does not exist\nLINE 1: SELECT * FROM nope\n                      ^\n');
    const syntax = await psql(['SELECT (1 + 2 FROM five'], { extra: ['-v', 'VERBOSITY=verbose'] });
    expect(syntax.code).not.toBe(0);
    expect(syntax.stderr).toMatch(/^ERROR: {2}42601: syntax error at or near "FROM"/);
    expect(syntax.stderr).toContain('LINE 1: SELECT (1 + 2 FROM five\n                      ^');
    const column = await psql(['SELECT nope FROM five'], { extra: ['-v', 'VERBOSITY=verbose'] });
    expect(column.stderr).toContain('ERROR:  42703: column "nope" does not exist\nLINE 1: SELECT nope FROM five\n               ^');
  });

  it('stops a script at the first error with ON_ERROR_STOP', async () => {
    const r = await psql([], { stdin: 'SELECT 1 AS a;\nSELECT * FROM nope;\nSELECT 2 AS b;\n', extra: ['-A', '-t'] });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toBe('ERROR:  relation "nope" does not exist\nLINE 1: SELECT * FROM nope;\n                      ^\n');
  });

  it('reports an unknown database as FATAL', async () => {
    const r = await psql(['SELECT 1'], { database: 'other' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('FATAL:  database "other" does not exist');
  });
});
