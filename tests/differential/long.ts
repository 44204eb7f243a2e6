/**
 * The long differential run: every query (pending ones included, to see whether they work yet)
 * through the fixed phases once, then through many random seeds, against one Strom and one
 * PostgreSQL. Prints each failing seed as it goes and a summary by query at the end; exits 1 when a
 * query that is not pending fails, or DML diverges.
 *
 *   npm run test:differential:long -- [--seeds N] [--start S | --seed S] [--rounds R]
 *                                     [--statements K] [--only SUBSTRING] [--no-fixed] [--verbose]
 *                                     [--minimize]
 *
 * --minimize shrinks the DML of each failing query's first failing seed to a short reproduction.
 */
import { parseArgs } from 'node:util';
import { QUERIES } from './queries.ts';
import type { DiffQuery } from './queries.ts';
import { runFixed } from './run-fixed.ts';
import { DEFAULT_ROUNDS, DEFAULT_STATEMENTS, runSeed } from './run-seed.ts';
import type { QueryOutcome } from './run-seed.ts';
import { minimize } from './minimize.ts';
import { formatMismatches } from './steps.ts';
import { startSystems } from './systems.ts';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    start: { type: 'string', default: '1' },
    seed: { type: 'string' },
    rounds: { type: 'string', default: String(DEFAULT_ROUNDS) },
    statements: { type: 'string', default: String(DEFAULT_STATEMENTS) },
    only: { type: 'string' },
    'no-fixed': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    minimize: { type: 'boolean', default: false },
  },
});

const start = Number(args.seed ?? args.start);
const count = args.seed !== undefined ? 1 : Number(args.seeds);
const queries = QUERIES.filter((q) => !args.only || q.name.includes(args.only));

/** Per query: seeds (or 'fixed') where it failed, and whether it was unsupported. */
interface Tally {
  failed: string[];
  unsupported?: string;
  firstReport?: string;
  /** The statements of the first failing seed. */
  firstLog?: readonly string[];
}
const tally = new Map<string, Tally>(queries.map((q) => [q.name, { failed: [] }]));
const dmlSeeds: number[] = [];

function record(q: DiffQuery, where: string, o: QueryOutcome | undefined, log?: readonly string[]): void {
  const t = tally.get(q.name)!;
  if (!o) return;
  if (o.kind === 'unsupported') t.unsupported = o.message;
  if (o.kind === 'fail') {
    t.failed.push(where);
    t.firstReport ??= formatMismatches(`${q.name} (${where})\n  SQL: ${q.sql}`, o.mismatches);
    if (log && !t.firstLog) t.firstLog = log;
  }
}

async function main(): Promise<number> {
  const sys = await startSystems();
  try {
    if (!args['no-fixed']) {
      for (const q of queries) record(q, 'fixed', await runFixed(sys, q));
      const failing = queries.filter((q) => tally.get(q.name)!.failed.includes('fixed')).map((q) => q.name);
      console.log(`fixed phases: ${queries.length - failing.length}/${queries.length} ok${failing.length ? `; failing: ${failing.join(', ')}` : ''}`);
    }
    for (let seed = start; seed < start + count; seed++) {
      const t0 = Date.now();
      const r = await runSeed(sys, seed, queries, {
        rounds: Number(args.rounds),
        statementsPerRound: Number(args.statements),
        ...(args.verbose ? { onStatement: (s: string) => console.log(`  [seed ${seed}] ${s}`) } : {}),
      });
      for (const q of queries) record(q, `seed ${seed}`, r.queries.get(q.name), r.log);
      const failing = queries.filter((q) => r.queries.get(q.name)?.kind === 'fail').map((q) => q.name);
      if (r.dml.length) dmlSeeds.push(seed);
      const status = failing.length || r.dml.length ? `FAIL ${[...(r.dml.length ? ['<DML>'] : []), ...failing].join(', ')}` : 'ok';
      console.log(`seed ${seed}: ${status} (${Date.now() - t0} ms)`);
      if (args.verbose && r.dml.length) console.log(formatMismatches(`seed ${seed}: DML diverged`, r.dml));
    }
    if (args.minimize) {
      for (const q of queries) {
        const t = tally.get(q.name)!;
        if (!t.firstLog) continue;
        const m = await minimize(sys, q, t.firstLog);
        console.log(`\n==== minimized ${q.name} (from ${t.failed.find((w) => w !== 'fixed')}) ====`);
        if (!m) console.log('(does not reproduce with the view created over empty tables)');
        else console.log(`CREATE MATERIALIZED VIEW v AS ${q.sql};\n${m.statements.map((x) => `${x};`).join('\n')}\nFLUSH;\n--- ${m.mismatch.at}\n${m.mismatch.message}`);
      }
    }
  } finally {
    await sys.stop();
  }

  console.log('\n==== summary ====');
  let bad = dmlSeeds.length > 0;
  if (dmlSeeds.length) console.log(`DML or base tables diverged in seeds: ${dmlSeeds.join(' ')}`);
  for (const q of queries) {
    const t = tally.get(q.name)!;
    if (q.pending) {
      const now = t.unsupported ? `still unsupported (${t.unsupported.split('\n')[0]})` : t.failed.length ? `runs now but WRONG in ${t.failed.length} run(s)` : 'PASSES now: remove `pending`';
      console.log(`pending ${q.name}: ${now}`);
    } else if (t.unsupported) console.log(`UNSUPPORTED ${q.name}: ${t.unsupported.split('\n')[0]}`);
    if (t.failed.length) {
      bad ||= !q.pending;
      console.log(`FAIL ${q.name}: ${t.failed.join(', ')}`);
    }
    if (!q.pending && t.unsupported) bad = true;
  }
  const firsts = queries.map((q) => tally.get(q.name)!.firstReport).filter((x): x is string => x !== undefined);
  if (firsts.length) console.log(`\n==== first failure of each failing query ====\n${firsts.join('\n\n')}`);
  console.log(bad ? '\nRESULT: failures' : '\nRESULT: all non-pending queries agree with PostgreSQL');
  return bad ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
