/**
 * Runs one benchmark query in this process and prints one JSON line with its figures:
 * `{ query, engine, source, miniBatch, events, parallelism, seconds, eventsPerSecond, cpuSeconds,
 * cores, peakRssBytes, stateBytes }`.
 * Usage: tsx bench/query-run.ts --query q1 --events N [--minibatch on|off] [--parallelism P]
 * [--data-dir DIR] [--threads]. `--threads` adds `threads`: the CPU seconds each OS thread of the
 * process used during the run (≥ 0.05 s; from /proc/self/task, Linux only), to see the workers,
 * the main thread and V8's helper threads apart. `--minibatch on` applies Nexmark's Flink settings before the INSERT (minibatch
 * 2 s / 5000 rows, two-phase aggregation, split distinct). `--data-dir` reads the JSON-lines files
 * of bench/flink/write-events.ts through the `filesystem` connector instead of the generator.
 * Started by bench/run.ts, one process per query, so peak RSS belongs to that query alone.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Database } from '../engine/database.ts';
import type { Session } from '../engine/api.ts';
import { QUERIES } from './queries.ts';
import { poolReady, prewarm } from '../engine/parallel/worker-pool.ts';
import { stromFileDdl, stromGeneratorDdl } from './sources.ts';
import { NEXMARK_SETTINGS } from './settings.ts';

async function exec(s: Session, sql: string): Promise<void> {
  for (const st of s.parse(sql)) await s.execute(st, [], { signal: new AbortController().signal });
}

/** CPU seconds (user + system) of each OS thread of this process, by thread id, with its name. */
function threadCpu(): Map<string, { name: string; seconds: number }> {
  const out = new Map<string, { name: string; seconds: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the parenthesized name; utime and stime are the 12th and 13th of them, in clock ticks (100/s).
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      out.set(tid, { name, seconds: (Number(rest[11]) + Number(rest[12])) / 100 });
    } catch {
      // The thread ended between readdir and read.
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      query: { type: 'string' },
      events: { type: 'string', default: '10000000' },
      minibatch: { type: 'string', default: 'off' },
      parallelism: { type: 'string', default: '1' },
      'data-dir': { type: 'string' },
      threads: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const q = QUERIES.find((x) => x.name === values.query);
  if (!q) throw new Error(`unknown query ${values.query}`);
  const events = Number(values.events);
  const dataDir = values['data-dir'];
  const dir = mkdtempSync(join(tmpdir(), 'strom-bench-'));
  const db = Database.open({ dataDir: dir, log: () => {} });
  try {
    const s = db.openSession({ user: 'bench', database: 'strom', other: new Map() });
    for (const kind of q.sources) for (const sql of dataDir ? stromFileDdl(kind, dataDir) : stromGeneratorDdl(kind, events)) await exec(s, sql);
    await exec(s, `CREATE TABLE sink (${q.sinkColumns}) WITH ('connector' = 'blackhole')`);
    for (const sql of q.setup ?? []) await exec(s, sql);
    if (values.minibatch === 'on') for (const [k, v] of NEXMARK_SETTINGS) await exec(s, `SET '${k}' = '${v}'`);
    await exec(s, `SET 'parallelism.default' = '${Number(values.parallelism)}'`);
    // Worker threads are started before the clock, as Flink's cluster start-up is excluded (engine/parallel/worker-pool.ts).
    const workerStart = process.hrtime.bigint();
    if (Number(values.parallelism) > 1) {
      prewarm(Number(values.parallelism));
      await poolReady();
    }
    const workerStartSeconds = Number(process.hrtime.bigint() - workerStart) / 1e9;
    const threads0 = values.threads ? threadCpu() : undefined;
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    await exec(s, `INSERT INTO sink ${q.select}`);
    const job = [...db.jobs.values()][0]!;
    await new Promise<void>((resolve) => {
      if (job.status !== 'RUNNING') resolve();
      job.onEnd(() => resolve());
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const threads = threads0
      ? [...threadCpu()].map(([tid, t]) => ({ name: t.name, cpuSeconds: +(t.seconds - (threads0.get(tid)?.seconds ?? 0)).toFixed(2) })).filter((t) => t.cpuSeconds >= 0.05)
      : undefined;
    if (job.status !== 'FINISHED') throw new Error(`job ended ${job.status}: ${job.record.error}`);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    // The parallelism the job actually ran with: a job that reports none ran on one thread.
    const used = (job as unknown as { parallelism?: number }).parallelism ?? 1;
    const stateBytes = job.approximateStateBytes();
    const stateKeys = job.stateKeyCount();
    // events.num counts all Nexmark events; a bid table sees 46 of every 50.
    const result = {
      query: q.name,
      engine: 'strom',
      source: dataDir ? 'file' : 'generator',
      miniBatch: values.minibatch,
      events,
      parallelism: used,
      seconds,
      eventsPerSecond: events / seconds,
      cpuSeconds,
      cores: cpuSeconds / seconds,
      workerStartSeconds,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      stateBytes,
      stateKeys,
      stateBytesPerKey: stateKeys > 0 ? stateBytes / stateKeys : null,
      ...(threads ? { threads } : {}),
    };
    console.log(JSON.stringify(result));
  } finally {
    await db.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
