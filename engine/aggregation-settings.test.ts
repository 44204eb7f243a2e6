/**
 * Aggregation settings end to end (issue 3 §4): views planned with minibatch, two-phase and split
 * distinct aggregation hold the same rows as views planned with Flink's defaults, over random DML;
 * and a materialized view keeps the configuration it was created with across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from './database.ts';
import type { Session, Value } from './api.ts';
import { runSql } from '../tests/harness.ts';
import { prng as rng } from '../tests/prng.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir?: string): { db: Database; s: Session; dir: string } {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'strom-agg-'));
  if (!dir) dirs.push(d);
  const db = Database.open({ dataDir: d, log: () => {} });
  return { db, s: db.openSession({ user: 'test', database: 'strom', other: new Map() }), dir: d };
}

const run = runSql;


const sorted = (rows: Value[][]) => rows.map((r) => JSON.stringify(r)).sort();

const QUERY = 'SELECT g, count(DISTINCT u) AS du, sum(DISTINCT u) AS su, count(*) AS n, sum(v) AS s, max(v) AS hi FROM t GROUP BY g';

describe('aggregation settings', () => {
  for (const seed of [11, 12, 13]) {
    it(`split distinct, minibatch and two-phase views equal the plain view on random DML (seed ${seed})`, async () => {
      const { db, s } = open();
      const r = rng(seed);
      await run(s, 'CREATE TABLE t (id INT PRIMARY KEY, g INT, u INT, v INT)');
      await run(s, `CREATE MATERIALIZED VIEW plain AS ${QUERY}`);
      await run(s, "SET 'table.optimizer.distinct-agg.split.enabled' = 'true'; SET 'table.optimizer.distinct-agg.split.bucket-num' = '3'");
      await run(s, `CREATE MATERIALIZED VIEW split AS ${QUERY}`);
      await run(s, "SET 'table.exec.mini-batch.enabled' = 'true'; SET 'table.exec.mini-batch.allow-latency' = '1 h'; SET 'table.exec.mini-batch.size' = '7'");
      await run(s, `CREATE MATERIALIZED VIEW split_mb AS ${QUERY}`);
      await run(s, "SET 'table.optimizer.distinct-agg.split.enabled' = 'false'");
      await run(s, 'CREATE MATERIALIZED VIEW mb AS SELECT g, count(*) AS n, sum(v) AS s, avg(v) AS m FROM t GROUP BY g');
      await run(s, 'CREATE MATERIALIZED VIEW mb_plain AS SELECT g, count(*) AS n, sum(v) AS s, avg(v) AS m FROM t GROUP BY g');
      const ids = new Set<number>();
      const val = () => (r() < 0.1 ? 'NULL' : String(Math.floor(r() * 6)));
      for (let phase = 0; phase < 6; phase++) {
        for (let i = 0; i < 25; i++) {
          const id = Math.floor(r() * 40);
          const op = r();
          if (!ids.has(id)) {
            await run(s, `INSERT INTO t VALUES (${id}, ${Math.floor(r() * 4)}, ${val()}, ${val()})`);
            ids.add(id);
          } else if (op < 0.6) await run(s, `UPDATE t SET u = ${val()}, v = ${val()}${r() < 0.3 ? `, g = ${Math.floor(r() * 4)}` : ''} WHERE id = ${id}`);
          else {
            await run(s, `DELETE FROM t WHERE id = ${id}`);
            ids.delete(id);
          }
        }
        await run(s, 'FLUSH');
        const expected = sorted(await run(s, 'SELECT * FROM plain'));
        expect(sorted(await run(s, 'SELECT * FROM split')), `phase ${phase}`).toEqual(expected);
        expect(sorted(await run(s, 'SELECT * FROM split_mb')), `phase ${phase}`).toEqual(expected);
        expect(sorted(await run(s, 'SELECT * FROM mb')), `phase ${phase}`).toEqual(sorted(await run(s, 'SELECT * FROM mb_plain')));
      }
      await db.shutdown();
    });
  }

  it('a parallel job aggregates locally before the exchange even without minibatch (issue 5 §2); one thread does not', async () => {
    const { s } = open();
    await run(s, 'CREATE TABLE t (id INT PRIMARY KEY, g INT, u INT, v INT)');
    const plan = async () => (await run(s, 'EXPLAIN CREATE MATERIALIZED VIEW x AS SELECT g, count(*) AS n, sum(v) AS s FROM t GROUP BY g')).map((r) => String(r[0])).join('\n');
    const physical = (text: string) => text.slice(text.indexOf('== Physical Plan =='));
    expect(physical(await plan())).not.toContain('LocalGroupAggregate');
    await run(s, "SET 'parallelism.default' = '2'");
    const p2 = physical(await plan());
    expect(p2).toContain('GlobalGroupAggregate');
    expect(p2).toContain('LocalGroupAggregate');
    // DISTINCT does not merge across phases: one phase, as with minibatch.
    const distinct = (await run(s, 'EXPLAIN CREATE MATERIALIZED VIEW y AS SELECT g, count(DISTINCT u) FROM t GROUP BY g')).map((r) => String(r[0])).join('\n');
    expect(physical(distinct)).not.toContain('LocalGroupAggregate');
  });

  it('a materialized view keeps its minibatch configuration across a restart', async () => {
    const first = open();
    await run(first.s, 'CREATE TABLE t (id INT PRIMARY KEY, g INT)');
    await run(first.s, "SET 'table.exec.mini-batch.enabled' = 'true'; SET 'table.exec.mini-batch.allow-latency' = '1 h'; SET 'table.exec.mini-batch.size' = '1000'");
    await run(first.s, 'CREATE MATERIALIZED VIEW v AS SELECT g, count(*) AS n FROM t GROUP BY g');
    expect(first.db.catalog.getRelation('v')).toMatchObject({ config: { 'table.exec.mini-batch.enabled': 'true' } });
    await first.db.shutdown();
    const second = open(first.dir);
    await run(second.s, 'INSERT INTO t VALUES (1, 1), (2, 1)');
    // The restarted view buffers until the 1 h minibatch ends or FLUSH.
    expect(await run(second.s, 'SELECT * FROM v')).toEqual([]);
    await run(second.s, 'FLUSH');
    expect(await run(second.s, 'SELECT * FROM v')).toEqual([[1, 2]]);
    await second.db.shutdown();
  });
});
