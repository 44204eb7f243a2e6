/**
 * `npm run bench -- [--queries q0,q1,…] [--events N] [--parallelism P] [--minibatch on|off|both]
 * [--vs-flink] [--freshness]`: runs each Nexmark query in its own process (bench/query-run.ts),
 * prints a table (events/s, events/s per core, cores, peak RSS, state size) and writes the figures
 * as JSON to bench/results/<date>-<commit>.json. `--vs-flink` runs each query over the same
 * JSON-lines files in Apache Flink and in Strom, one after the other, and prints the ratio.
 * `--freshness` runs bench/freshness.ts instead. Method: bench/README.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NOT_YET, QUERIES } from './queries.ts';
import { installFlink, runFlinkQuery } from './flink/flink-run.ts';
import { writeEvents } from './flink/write-events.ts';
import { printComparison, printTable } from './table.ts';
import type { Row } from './table.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    queries: { type: 'string' },
    events: { type: 'string', default: '10000000' },
    parallelism: { type: 'string', default: '1' },
    minibatch: { type: 'string', default: 'off' },
    'vs-flink': { type: 'boolean', default: false },
    freshness: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.freshness) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'freshness.ts')], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const names = values.queries ? values.queries.split(',') : QUERIES.map((q) => q.name);
const unknown = names.filter((n) => !QUERIES.some((q) => q.name === n));
for (const n of unknown) {
  const ny = NOT_YET.find((q) => q.name === n);
  console.error(ny ? `${n}: not yet supported (${ny.reason})` : `${n}: no such query`);
}
const events = Number(values.events);
const parallelism = Number(values.parallelism);
const vsFlink = values['vs-flink'];
// Side by side, both engines run with Nexmark's Flink settings (minibatch on).
const modes = vsFlink ? ['on'] : values.minibatch === 'both' ? ['off', 'on'] : [values.minibatch === 'on' ? 'on' : 'off'];

/** Runs bench/query-run.ts for one query in a child process; its JSON line, or an error row. */
function runStrom(name: string, mode: string, dataDir?: string): Row {
  const args = ['--query', name, '--events', String(events), '--minibatch', mode, '--parallelism', String(parallelism), ...(dataDir ? ['--data-dir', dataDir] : [])];
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'query-run.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    console.error(`${name}: failed\n${r.stderr}`);
    return { query: name, engine: 'strom', miniBatch: mode, error: (r.stderr || 'no output').trim().split('\n')[0] };
  }
  return JSON.parse(line) as Row;
}

const rows: Row[] = [];
const flinkRows: Row[] = [];
let flinkError: string | undefined;
const known = names.filter((n) => !unknown.includes(n));
if (vsFlink) {
  const cache = join(here, '..', '.cache');
  let python: string | undefined;
  try {
    python = installFlink();
  } catch (e) {
    flinkError = (e as Error).message;
    console.error(flinkError);
  }
  console.error(`writing ${events} events as JSON lines (once) …`);
  const { dataDir, emptyDir } = writeEvents(cache, events);
  for (const name of known) {
    const q = QUERIES.find((x) => x.name === name)!;
    if (q.flinkUnsupported) {
      console.error(`${name}: flink does not support it (${q.flinkUnsupported})`);
      flinkRows.push({ query: name, engine: 'flink', unsupported: q.flinkUnsupported });
    } else if (python) {
      console.error(`${name}: flink …`);
      flinkRows.push(runFlinkQuery(q, { python, dataDir, emptyDir, events, parallelism }));
    }
    console.error(`${name}: strom …`);
    rows.push(runStrom(name, 'on', dataDir));
  }
} else {
  for (const name of known) for (const mode of modes) rows.push(runStrom(name, mode));
}

const source = vsFlink ? 'JSON-lines files → query → blackhole' : 'generator → query → blackhole';
console.log(`\nNexmark, ${events.toLocaleString('en-US')} events, parallelism ${parallelism} requested, ${source}\n`);
printTable(rows);
if (vsFlink) {
  console.log('\nApache Flink (PyFlink mini-cluster, same files and settings)\n');
  if (flinkError) console.log(`not run: ${flinkError}`);
  else printTable(flinkRows);
  console.log('\nStrom ÷ Flink\n');
  printComparison(rows, flinkRows);
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
// A second run on the same day and commit gets -2, -3, … rather than overwriting the first.
let file = join(here, 'results', `${date}-${commit}.json`);
for (let i = 2; existsSync(file); i++) file = join(here, 'results', `${date}-${commit}-${i}.json`);
const json = { date, commit, events, parallelism, node: process.version, source, results: rows, flink: vsFlink ? flinkRows : undefined, flinkError, notYet: NOT_YET };
writeFileSync(file, JSON.stringify(json, null, 2));
console.log(`\nwrote ${file}`);
