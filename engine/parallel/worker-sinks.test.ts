/**
 * Sinks written from the workers of a parallel job (ParallelSinkCapability: blackhole, print): the
 * rows written and the lines printed at parallelism 2 are those of parallelism 1; FLUSH means every
 * worker's writer took the rows before it; STOP JOB stops the writers; an error in a worker fails the
 * job with its SQLSTATE and the database goes on; a writer's error in a worker is reported with its
 * SQLSTATE (FragmentRunner in this thread); workers report their state figures to the job.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlError, SqlState } from '../../common/errors.ts';
import type { Connector } from '../../connectors/connector.ts';
import { blackholeCount } from '../../connectors/blackhole.ts';
import { connectorTable } from '../../connectors/testing.ts';
import type { QueryStatement } from '../../parser/ast.ts';
import { T } from '../../common/types.ts';
import { Database } from '../database.ts';
import type { Job } from '../job.ts';
import type { Session } from '../api.ts';
import { runSql } from '../../tests/harness.ts';
import { FragmentRunner } from './fragment-runner.ts';
import { encodePlan, encodeValue } from './plan-codec.ts';
import type { FromWorker } from './protocol.ts';

const EVENTS = 40_000;
const BID = `CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP(3), extra STRING)
  WITH ('connector' = 'nexmark', 'nexmark.table.type' = 'bid', 'events.num' = '${EVENTS}', 'rate' = '0', 'base-time' = '1700000000000')`;

let dir: string;
let db: Database;
const logs: string[] = [];

function session(): Session {
  return db.openSession({ user: 'test', database: 'strom', other: new Map() });
}

/** The job writing into `target` (the last one started). */
function jobOf(target: string): Job {
  const jobs = [...db.jobs.values()].filter((j) => j.record.target === target);
  return jobs[jobs.length - 1]!;
}

async function ended(job: Job): Promise<void> {
  if (job.status === 'RUNNING') await new Promise<void>((resolve) => job.onEnd(() => resolve()));
}

/** Runs `INSERT INTO <sink> <select>` with parallelism `p` to its end; returns the job. */
async function insertToEnd(s: Session, sink: string, select: string, p: number): Promise<Job> {
  await runSql(s, `SET 'parallelism.default' = '${p}'`);
  await runSql(s, `INSERT INTO ${sink} ${select}`);
  const job = jobOf(sink);
  expect(job.parallelism).toBe(p);
  await ended(job);
  expect(job.status, job.record.error).toBe('FINISHED');
  return job;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strom-par-sink-'));
  db = Database.open({ dataDir: dir, log: (l) => logs.push(l) });
  await runSql(session(), BID);
});

afterAll(async () => {
  await db.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('sinks in the workers', () => {
  it('blackhole counts every row at parallelism 2 as at 1, by the time the job is FINISHED', async () => {
    const s = session();
    const select = 'SELECT auction, price FROM bid WHERE MOD(auction, 3) = 0';
    await runSql(s, "CREATE TABLE bh1 (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole')");
    await runSql(s, "CREATE TABLE bh2 (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole')");
    await insertToEnd(s, 'bh1', select, 1);
    await insertToEnd(s, 'bh2', select, 2);
    expect(blackholeCount('bh1')).toBeGreaterThan(1000);
    expect(blackholeCount('bh2')).toBe(blackholeCount('bh1'));
  });

  it('print writes the lines of parallelism 1, whole, prefixed by the subtask as Flink does', async () => {
    const s = session();
    const select = 'SELECT auction, bidder, price, channel FROM bid WHERE MOD(auction, 97) = 0';
    await runSql(s, "CREATE TABLE pr (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING) WITH ('connector' = 'print', 'print-identifier' = 'q')");
    logs.length = 0;
    await insertToEnd(s, 'pr', select, 1);
    const one = logs.filter((l) => l.startsWith('q')).sort();
    logs.length = 0;
    await insertToEnd(s, 'pr', select, 2);
    const two = logs.filter((l) => l.startsWith('q'));
    expect(one.length).toBeGreaterThan(10);
    expect(one.every((l) => /^q> \+I\[\d+, \d+, \d+, [^\]]+\]$/.test(l))).toBe(true);
    // `q:1> …` from worker 0, `q:2> …` from worker 1, each line whole.
    expect(two.every((l) => /^q:[12]> \+I\[\d+, \d+, \d+, [^\]]+\]$/.test(l))).toBe(true);
    expect(new Set(two.map((l) => l.slice(0, 4)))).toEqual(new Set(['q:1>', 'q:2>']));
    expect(two.map((l) => l.replace(/^q:[12]> /, 'q> ')).sort()).toEqual(one);
  });

  it('FLUSH waits for every worker writer; STOP JOB stops them', async () => {
    const s = session();
    await runSql(s, 'CREATE TABLE src (id INT PRIMARY KEY, v INT)');
    await runSql(s, "CREATE TABLE bhf (id INT, v INT) WITH ('connector' = 'blackhole')");
    await runSql(s, "SET 'parallelism.default' = '2'");
    await runSql(s, 'INSERT INTO bhf SELECT id, v * 2 FROM src WHERE v >= 0');
    const job = jobOf('bhf');
    expect(job.parallelism).toBe(2);
    await runSql(s, `INSERT INTO src VALUES ${Array.from({ length: 300 }, (_, i) => `(${i}, ${i})`).join(', ')}`);
    await runSql(s, 'FLUSH');
    expect(blackholeCount('bhf')).toBe(300);
    await runSql(s, 'UPDATE src SET v = v + 1 WHERE id < 100');
    await runSql(s, 'FLUSH');
    // Each update is a -U and a +U.
    expect(blackholeCount('bhf')).toBe(500);
    await runSql(s, `STOP JOB '${job.id}'`);
    expect(job.status).toBe('CANCELED');
    await runSql(s, 'INSERT INTO src VALUES (1000, 1)');
    await runSql(s, 'FLUSH');
    expect(blackholeCount('bhf')).toBe(500);
  });

  it('an error in a worker fails the job with its SQLSTATE; the database goes on', async () => {
    const s = session();
    await runSql(s, "CREATE TABLE bhe (auction BIGINT, x BIGINT) WITH ('connector' = 'blackhole')");
    await runSql(s, "SET 'parallelism.default' = '2'");
    await runSql(s, 'INSERT INTO bhe SELECT auction, 1 / (price - price) FROM bid');
    const job = jobOf('bhe');
    await ended(job);
    expect(job.status).toBe('FAILED');
    expect(job.record.error).toMatch(/^22012/);
    expect(await runSql(s, 'SELECT 1 + 1')).toEqual([[2]]);
  });

  it('reports the workers’ state figures to the job', async () => {
    const s = session();
    const select = 'SELECT auction, count(*) AS c FROM bid GROUP BY auction';
    await runSql(s, "CREATE TABLE bhs (auction BIGINT, c BIGINT) WITH ('connector' = 'blackhole')");
    const one = await insertToEnd(s, 'bhs', select, 1);
    const two = await insertToEnd(s, 'bhs', select, 2);
    expect(one.stateKeyCount()).toBeGreaterThan(100);
    // The same keys, split over the workers.
    expect(two.stateKeyCount()).toBe(one.stateKeyCount());
    expect(two.approximateStateBytes()).toBeGreaterThan(0);
  });
});

describe('a worker-side sink writer that fails', () => {
  it('reports the writer’s error with its SQLSTATE to the main thread', async () => {
    const s = session();
    const [parsed] = s.parse('SELECT auction, price FROM bid');
    const planned = db.planQuery((parsed!.statement as QueryStatement).query, [], new Map());
    const plan = db.physical(planned.optimized, false);
    const failing: Connector = {
      name: 'failing',
      options: [],
      canSource: false,
      canSink: true,
      sinkAcceptsUpdates: true,
      parallelSink: {},
      createWriter: () => ({
        write: () => {
          throw new SqlError(SqlState.undefinedFile, 'could not open file "out/part-0": No such file or directory');
        },
        flush: () => {},
        close: () => {},
      }),
    };
    const table = connectorTable('out', [['auction', T.int8], ['price', T.int8]], { connector: 'failing' });
    const ch = new MessageChannel();
    const got = new Promise<FromWorker>((resolve) => ch.port2.on('message', (m: FromWorker) => m.t === 'error' && resolve(m)));
    const runner = new FragmentRunner({ plan: encodePlan(plan), config: [], index: 0, parallelism: 1, startMs: Date.now(), ports: [undefined], sink: encodeValue(table) }, ch.port1, () => failing);
    runner.start();
    const m = await got;
    runner.stop();
    ch.port2.close();
    expect(m).toMatchObject({ t: 'error', code: SqlState.undefinedFile, message: 'could not open file "out/part-0": No such file or directory' });
  });
});
