/**
 * One seed of the randomized differential test: fresh tables, every query as its own materialized
 * view (created before the initial data for even seeds, after it for odd seeds, so both the
 * incremental path and the initial snapshot are exercised), then rounds of random DML applied to
 * Strom and PostgreSQL, each followed by FLUSH and a comparison of every view and base table.
 */
import type { DiffQuery } from './queries.ts';
import { Rng, SPECS, initialInserts, randomStatement } from './random-data.ts';
import type { KeySets } from './random-data.ts';
import { applyDml, compareTable, compareView, isNotSupported, resetTables } from './steps.ts';
import type { Mismatch } from './steps.ts';
import type { Systems } from './systems.ts';

/** How one query fared in one seed. */
export type QueryOutcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'unsupported'; readonly message: string }
  | { readonly kind: 'fail'; readonly mismatches: readonly Mismatch[] };

/** The result of one seed. */
export interface SeedResult {
  readonly seed: number;
  readonly queries: ReadonlyMap<string, QueryOutcome>;
  /** DML that behaved differently, or base tables that diverged. */
  readonly dml: readonly Mismatch[];
  /** Every statement applied, in order (to reproduce a failure by hand). */
  readonly log: readonly string[];
}

export interface SeedOptions {
  readonly rounds?: number;
  readonly statementsPerRound?: number;
  /** Called with each statement as it is applied. */
  readonly onStatement?: (sql: string) => void;
}

/** Rounds per seed, and statements per round, unless told otherwise (the same in CI and long runs, so a seed replays). */
export const DEFAULT_ROUNDS = 6;
export const DEFAULT_STATEMENTS = 12;

/** The view name of a query. */
export const viewName = (q: DiffQuery): string => `dv_${q.name.replace(/-/g, '_')}`;

async function currentKeys(sys: Systems): Promise<KeySets> {
  const keys = new Map<string, Set<number>>();
  for (const spec of SPECS) {
    const r = await sys.pg.run(`SELECT id FROM ${spec.name}`);
    keys.set(spec.name, new Set(r.rows.map((row) => Number(row[0]))));
  }
  return keys;
}

/** Runs one seed over `queries`; never throws for a Strom mismatch, only for harness failures. */
export async function runSeed(sys: Systems, seed: number, queries: readonly DiffQuery[], opts: SeedOptions = {}): Promise<SeedResult> {
  const rounds = opts.rounds ?? DEFAULT_ROUNDS;
  const perRound = opts.statementsPerRound ?? DEFAULT_STATEMENTS;
  const rng = new Rng(seed);
  const log: string[] = [];
  const dml: Mismatch[] = [];
  const outcomes = new Map<string, QueryOutcome>();
  const failures = new Map<string, Mismatch[]>();
  const live: DiffQuery[] = [];

  await resetTables(sys, queries.map(viewName));
  const apply = async (stmt: string, at: string) => {
    log.push(stmt);
    opts.onStatement?.(stmt);
    const m = await applyDml(sys, stmt);
    if (m) dml.push({ at: `${at}: ${m.at}`, message: m.message });
  };
  const createViews = async () => {
    for (const q of queries) {
      try {
        await sys.strom.run(`CREATE MATERIALIZED VIEW ${viewName(q)} AS ${q.sql}`);
        live.push(q);
      } catch (e) {
        if (isNotSupported(e)) outcomes.set(q.name, { kind: 'unsupported', message: e.message });
        else outcomes.set(q.name, { kind: 'fail', mismatches: [{ at: 'CREATE MATERIALIZED VIEW', message: (e as Error).message }] });
      }
    }
  };
  const check = async (at: string) => {
    await sys.strom.run('FLUSH');
    for (const q of live) {
      const m = await compareView(sys, viewName(q), q.sql, at);
      if (m) failures.set(q.name, [...(failures.get(q.name) ?? []), m]);
    }
    for (const spec of SPECS) {
      const m = await compareTable(sys, spec.name, at);
      if (m) dml.push(m);
    }
  };

  const viewsFirst = seed % 2 === 0;
  if (viewsFirst) await createViews();
  for (const stmt of initialInserts(rng)) await apply(stmt, 'initial data');
  if (!viewsFirst) await createViews();
  await check('after initial data');
  for (let round = 1; round <= rounds; round++) {
    for (let i = 0; i < perRound; i++) await apply(randomStatement(rng, await currentKeys(sys)), `round ${round}`);
    await check(`after round ${round}`);
  }
  for (const q of live) {
    const f = failures.get(q.name);
    outcomes.set(q.name, f ? { kind: 'fail', mismatches: f } : { kind: 'pass' });
  }
  return { seed, queries: outcomes, dml, log };
}
