/**
 * The benchmark's inputs: the event files Flink and Strom read side by side hold the events of
 * Strom's generator, and every benchmark query runs in Strom over them. (No speed is measured here.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../engine/database.ts';
import type { Session, Value } from '../engine/api.ts';
import { writeEvents } from './flink/write-events.ts';
import { flinkStatements } from './flink/flink-run.ts';
import { QUERIES } from './queries.ts';
import { stromFileDdl, stromGeneratorDdl } from './sources.ts';
import type { SourceKind } from './sources.ts';
import { runSql } from '../tests/harness.ts';

const EVENTS = 3000;
const KINDS: readonly SourceKind[] = ['bid', 'auction', 'person'];
let dir: string;
let dataDir: string;

const run = runSql;

function open(): { db: Database; s: Session } {
  const db = Database.open({ dataDir: mkdtempSync(join(dir, 'db-')), log: () => {} });
  return { db, s: db.openSession({ user: 'test', database: 'strom', other: new Map() }) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strom-bench-src-'));
  dataDir = writeEvents(dir, EVENTS).dataDir;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('benchmark sources', () => {
  it('the event files hold the generator events', async () => {
    const { db, s } = open();
    try {
      for (const k of KINDS) {
        // Bounded SELECTs over streaming tables are not allowed: copy both into JSON-lines sinks.
        for (const sql of stromFileDdl(k, dataDir)) await run(s, sql);
        const gen = stromGeneratorDdl(k, EVENTS)[0]!.replace(`CREATE TABLE ${k} `, `CREATE TABLE gen_${k} `);
        await run(s, gen);
        const cols = gen.slice(gen.indexOf('(') + 1, gen.indexOf(') WITH'));
        for (const from of [k, `gen_${k}`]) {
          await run(s, `CREATE TABLE out_${from} (${cols}) WITH ('connector' = 'filesystem', 'path' = '${join(dir, `out-${from}.json`)}', 'format' = 'json')`);
          await run(s, `INSERT INTO out_${from} SELECT * FROM ${from}`);
        }
        await Promise.all([...db.jobs.values()].map((j) => new Promise<void>((resolve) => (j.status !== 'RUNNING' ? resolve() : j.onEnd(() => resolve())))));
        const fromFile = readFileSync(join(dir, `out-${k}.json`), 'utf8');
        expect(fromFile.length).toBeGreaterThan(0);
        expect(fromFile).toBe(readFileSync(join(dir, `out-gen_${k}.json`), 'utf8'));
      }
    } finally {
      await db.shutdown();
    }
  });

  it('every query runs in Strom over the files, and has Flink statements', async () => {
    for (const q of QUERIES) {
      const { db, s } = open();
      try {
        for (const k of q.sources) for (const sql of stromFileDdl(k, dataDir)) await run(s, sql);
        await run(s, `CREATE TABLE sink (${q.sinkColumns}) WITH ('connector' = 'blackhole')`);
        for (const sql of q.setup ?? []) await run(s, sql);
        await run(s, `INSERT INTO sink ${q.select}`);
        const job = [...db.jobs.values()][0]!;
        await new Promise<void>((resolve) => (job.status !== 'RUNNING' ? resolve() : job.onEnd(() => resolve())));
        expect([q.name, job.status, job.record.error]).toEqual([q.name, 'FINISHED', undefined]);
        expect(flinkStatements(q).insert).toMatch(/^INSERT INTO sink SELECT /);
      } finally {
        await db.shutdown();
      }
    }
  });
});
