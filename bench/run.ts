/**
 * `npm run bench -- [--queries q0,q1,…] [--events N] [--minibatch on|off|both]`: runs each Nexmark query in its own process
 * (generator source → query → blackhole sink), prints a table of events/s and peak RSS, and writes
 * the figures as JSON to bench/results/<date>-<commit>.json. Method: bench/README.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NOT_YET, QUERIES } from './queries.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { queries: { type: 'string' }, events: { type: 'string', default: '10000000' }, minibatch: { type: 'string', default: 'off' } },
  strict: true,
});
const names = values.queries ? values.queries.split(',') : QUERIES.map((q) => q.name);
const events = Number(values.events);
const modes = values.minibatch === 'both' ? ['off', 'on'] : [values.minibatch === 'on' ? 'on' : 'off'];
const rows: Record<string, unknown>[] = [];
for (const name of names) for (const mode of modes) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'query-run.ts'), name, String(events), mode], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    console.error(`${name}: failed\n${r.stderr}`);
    rows.push({ query: name, miniBatch: mode, error: (r.stderr || 'no output').split('\n')[0] });
    continue;
  }
  rows.push(JSON.parse(line));
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`\nNexmark on one core, ${fmt(events)} events, generator → query → blackhole\n`);
console.log('query               minibatch    events/s     seconds   peak RSS (MB)');
for (const r of rows) {
  if (r.error) console.log(`${String(r.query).padEnd(18)}  ${String(r.miniBatch).padEnd(9)}  failed: ${r.error}`);
  else console.log(`${String(r.query).padEnd(18)}  ${String(r.miniBatch).padEnd(9)}${fmt(r.eventsPerSecond as number).padStart(11)}  ${(r.seconds as number).toFixed(2).padStart(9)}   ${((r.peakRssBytes as number) / 1048576).toFixed(0).padStart(8)}`);
}
console.log('\nnot yet supported: ' + NOT_YET.map((q) => `${q.name} (${q.reason})`).join('; '));
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  // not a git checkout
}
const date = new Date().toISOString().slice(0, 10);
mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `${date}-${commit}.json`);
writeFileSync(file, JSON.stringify({ date, commit, events, node: process.version, results: rows, notYet: NOT_YET }, null, 2));
console.log(`\nwrote ${file}`);
