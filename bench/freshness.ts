/**
 * Freshness (`npm run bench -- --freshness`): how long after an event is generated its change
 * reaches a SUBSCRIBE client. A Strom server runs in a child process; over the wire (node-postgres)
 * a rate-limited nexmark `bid` table feeds a materialized view of bids per auction with the newest
 * event time, and a second client subscribes to the view's changes. The generator's event n is due
 * at start + n / rate and carries that time as date_time, so for each +I/+U the client receives,
 * delay = receive wall time − the change's newest date_time. Reported: p50/p99/max per rate, with
 * minibatch off and on (Nexmark's settings: 2 s / 5000 rows). Method: bench/README.md.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { NEXMARK_SETTINGS } from './settings.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RATES = [10_000, 100_000];
/** Seconds of each measurement, after WARM_S seconds whose changes are not counted. */
const MEASURE_S = 10;
const WARM_S = 2;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function connect(port: number): Promise<pg.Client> {
  for (let i = 0; ; i++) {
    const c = new pg.Client({ host: '127.0.0.1', port, user: 'bench', database: 'strom' });
    try {
      await c.connect();
      return c;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Text timestamps stay text: date_time is parsed as UTC below. */
const RAW_TYPES = { getTypeParser: () => (v: string) => v };

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(port: number, rate: number, miniBatch: boolean, n: number): Promise<Record<string, unknown>> {
  const c = await connect(port);
  const sub = await connect(port);
  const t = `bid_${n}`;
  const v = `per_auction_${n}`;
  try {
    for (const [k, val] of miniBatch ? NEXMARK_SETTINGS : [['table.exec.mini-batch.enabled', 'false'] as const]) await c.query(`SET '${k}' = '${val}'`);
    await c.query(
      `CREATE TABLE ${t} (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP(3), extra STRING) ` +
        `WITH ('connector' = 'nexmark', 'nexmark.table.type' = 'bid', 'rate' = '${rate}')`,
    );
    await c.query(`CREATE MATERIALIZED VIEW ${v} AS SELECT auction, count(*) AS bids, max(date_time) AS newest FROM ${t} GROUP BY auction`);
    const delays: number[] = [];
    let changes = 0;
    const start = Date.now();
    const q = new pg.Query({ text: `SUBSCRIBE TO ${v} WITH (snapshot = false)`, rowMode: 'array', types: RAW_TYPES } as pg.QueryConfig);
    q.on('row', (r: unknown[]) => {
      const now = Date.now();
      if (r[0] !== '+I' && r[0] !== '+U') return;
      changes++;
      if (now - start < WARM_S * 1000) return;
      delays.push(now - Date.parse(String(r[3]).replace(' ', 'T') + 'Z'));
    });
    let failed: Error | undefined;
    q.on('error', (e: Error) => (failed = e));
    sub.query(q);
    await new Promise((r) => setTimeout(r, (WARM_S + MEASURE_S) * 1000));
    delays.sort((a, b) => a - b);
    return {
      rate,
      miniBatch: miniBatch ? 'on (2 s / 5000)' : 'off',
      changes,
      measured: delays.length,
      p50Ms: percentile(delays, 50),
      p99Ms: percentile(delays, 99),
      maxMs: delays[delays.length - 1] ?? NaN,
      ...(failed ? { error: failed.message } : {}),
    };
  } finally {
    sub.on('error', () => {}); // the socket is cut below: that ends the subscription
    sub.connection.stream.destroy();
    await c.query(`DROP MATERIALIZED VIEW IF EXISTS ${v}`).catch(() => {});
    await c.query(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
    await c.end();
  }
}

async function main(): Promise<void> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'strom-fresh-'));
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(here, '..', 'server', 'main.ts'), '--port', String(port), '--data-dir', dir], { stdio: 'ignore' });
  const results: Record<string, unknown>[] = [];
  try {
    let n = 0;
    for (const rate of RATES) for (const mb of [false, true]) {
      const r = await measure(port, rate, mb, n++);
      console.error(JSON.stringify(r));
      results.push(r);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nFreshness: generation → change at a SUBSCRIBE client (node-postgres), view: bids per auction, ${MEASURE_S} s per row after ${WARM_S} s warm-up\n`);
  console.log('events/s   minibatch          changes    p50 ms    p99 ms    max ms');
  for (const r of results) {
    const f = (k: string) => String(Math.round(r[k] as number)).padStart(8);
    console.log(`${String(r['rate']).padStart(8)}   ${String(r['miniBatch']).padEnd(16)} ${String(r['changes']).padStart(9)}  ${f('p50Ms')}  ${f('p99Ms')}  ${f('maxMs')}${r['error'] ? `  error: ${r['error']}` : ''}`);
  }
}

await main();
