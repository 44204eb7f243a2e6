/**
 * Diagnostic: runs one bench query (bench/queries.ts, generator source, blackhole sink, minibatch off
 * unless `on`/`split`) as `npm run bench` does, timed from the INSERT to the job's end, and prints
 * one JSON line (seconds, CPU seconds of the process, sink rows, state) and the CPU seconds of each
 * OS thread that used at least 0.05 s (from /proc/self/task; Linux only).
 *
 *   npx tsx bench/diag/threads.ts <query> <events> <parallelism> [on|split]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../../engine/database.ts';
import { QUERIES } from '../queries.ts';
import { poolReady, prewarm } from '../../engine/parallel/worker-pool.ts';
import { stromGeneratorDdl } from '../sources.ts';
import { NEXMARK_SETTINGS } from '../settings.ts';
import { blackholeCount } from '../../connectors/blackhole.ts';

const [name, eventsS, pS, mb] = process.argv.slice(2);
const q = QUERIES.find((x) => x.name === name)!;
const events = Number(eventsS), p = Number(pS);
function tasks(): Map<string, [string, number]> {
  const m = new Map<string, [string, number]>();
  for (const t of readdirSync('/proc/self/task')) {
    try {
      const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const rest = st.slice(st.lastIndexOf(')') + 2).split(' ');
      const comm = readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim();
      m.set(t, [comm, (Number(rest[11]) + Number(rest[12])) / 100]);
    } catch {}
  }
  return m;
}
const dir = mkdtempSync(join(tmpdir(), 'strom-th-'));
const db = Database.open({ dataDir: dir, log: () => {} });
const s = db.openSession({ user: 'b', database: 'strom', other: new Map() });
const ex = async (sql: string) => { for (const st of s.parse(sql)) await s.execute(st, [], { signal: new AbortController().signal }); };
for (const k of q.sources) for (const sql of stromGeneratorDdl(k, events)) await ex(sql);
await ex(`CREATE TABLE sink (${q.sinkColumns}) WITH ('connector' = 'blackhole')`);
for (const sql of q.setup ?? []) await ex(sql);
if (mb === 'on') for (const [k, v] of NEXMARK_SETTINGS) await ex(`SET '${k}' = '${v}'`);
if (mb === 'split') await ex("SET 'table.optimizer.distinct-agg.split.enabled' = 'true'");
await ex(`SET 'parallelism.default' = '${p}'`);
if (p > 1) { prewarm(p); await poolReady(); }
const before = tasks();
const t0 = process.hrtime.bigint();
await ex(`INSERT INTO sink ${q.select}`);
const job = [...db.jobs.values()][0]!;
await new Promise<void>((r) => { if (job.status !== 'RUNNING') r(); job.onEnd(() => r()); });
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const after = tasks();
const rows: string[] = [];
let total = 0;
for (const [t, [comm, cpu]] of after) {
  const d = cpu - (before.get(t)?.[1] ?? 0);
  total += d;
  if (d >= 0.05) rows.push(`${comm}:${d.toFixed(2)}`);
}
console.log(JSON.stringify({ q: name, p, mb, status: job.status, secs: +secs.toFixed(2), cpu: +total.toFixed(2), sinkRows: blackholeCount('sink'), stateBytes: job.approximateStateBytes(), keys: job.stateKeyCount() }), rows.join(' '));
await db.shutdown();
rmSync(dir, { recursive: true, force: true });
