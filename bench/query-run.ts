/**
 * Runs one benchmark query in this process and prints one JSON line with its figures:
 * `{ query, events, seconds, eventsPerSecond, peakRssBytes, stateBytes }`.
 * Usage: tsx bench/query-run.ts <query> <events>. Started by bench/run.ts, one process per query,
 * so peak RSS belongs to that query alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../engine/database.ts';
import type { Session } from '../engine/api.ts';
import { QUERIES } from './queries.ts';

const BID_COLUMNS = 'auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP(3), extra STRING';

async function exec(s: Session, sql: string): Promise<void> {
  for (const st of s.parse(sql)) await s.execute(st, [], { signal: new AbortController().signal });
}

async function main(): Promise<void> {
  const [name, eventsArg] = process.argv.slice(2);
  const q = QUERIES.find((x) => x.name === name);
  if (!q) throw new Error(`unknown query ${name}`);
  const events = Number(eventsArg ?? 10_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'strom-bench-'));
  const db = Database.open({ dataDir: dir, log: () => {} });
  try {
    const s = db.openSession({ user: 'bench', database: 'strom', other: new Map() });
    await exec(s, `CREATE TABLE bid (${BID_COLUMNS}) WITH ('connector' = 'nexmark', 'nexmark.table.type' = 'bid', 'events.num' = '${events}', 'rate' = '0')`);
    await exec(s, `CREATE TABLE sink (${q.sinkColumns}) WITH ('connector' = 'blackhole')`);
    const start = process.hrtime.bigint();
    await exec(s, `INSERT INTO sink ${q.select}`);
    const job = [...db.jobs.values()][0]!;
    await new Promise<void>((resolve) => {
      if (job.status !== 'RUNNING') resolve();
      job.onEnd(() => resolve());
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (job.status !== 'FINISHED') throw new Error(`job ended ${job.status}: ${job.record.error}`);
    // events.num counts all Nexmark events; a bid table sees 46 of every 50.
    const result = {
      query: q.name,
      events,
      seconds,
      eventsPerSecond: events / seconds,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    console.log(JSON.stringify(result));
  } finally {
    await db.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
