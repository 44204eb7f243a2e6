/**
 * Differential test, randomized (issue 3 §6): a few seeds of random data and DML (./run-seed.ts),
 * every query as a materialized view, compared with PostgreSQL after every round. The seed is in each
 * test's name and in every failure, with the command that replays it. More seeds run in the long
 * script (./long.ts, `npm run test:differential:long -- --seeds 200`).
 *
 * STROM_DIFF_SEEDS=7,8,9 picks the seeds; STROM_DIFF_FILTER=<substring> the queries.
 */
import { beforeAll, afterAll, describe, it } from 'vitest';
import { requirePgOrSkipReason } from '../pg-oracle.ts';
import { QUERIES } from './queries.ts';
import { runSeed } from './run-seed.ts';
import type { SeedResult } from './run-seed.ts';
import { formatMismatches } from './steps.ts';
import { startSystems } from './systems.ts';
import type { Systems } from './systems.ts';

const skipReason = requirePgOrSkipReason();
const seeds = (process.env['STROM_DIFF_SEEDS'] ?? '1,2,3').split(',').map(Number);
const filter = process.env['STROM_DIFF_FILTER'];
const queries = QUERIES.filter((q) => !filter || q.name.includes(filter));
const live = queries.filter((q) => !q.pending);

const replay = (seed: number, name?: string) =>
  `replay: npm run test:differential:long -- --seed ${seed}${name ? ` --only ${name}` : ''} --verbose`;

describe.skipIf(skipReason !== undefined)('differential (randomized) against PostgreSQL', () => {
  let sys: Systems;
  beforeAll(async () => {
    sys = await startSystems();
    for (const q of queries) if (q.pending) console.log(`SKIPPED (pending) ${q.name}: ${q.pending}`);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  for (const seed of seeds) {
    describe(`seed ${seed}`, () => {
      let result: SeedResult;
      beforeAll(async () => {
        result = await runSeed(sys, seed, live);
      }, 180_000);

      it(`seed ${seed}: DML and base tables agree`, () => {
        if (result.dml.length > 0) throw new Error(formatMismatches(`seed ${seed}: DML diverged (${replay(seed)})`, result.dml));
      });
      for (const q of queries) {
        if (q.pending) {
          it.skip(`seed ${seed}: ${q.name} [pending: ${q.pending}]`, () => {});
          continue;
        }
        it(`seed ${seed}: ${q.name}`, () => {
          const o = result.queries.get(q.name);
          if (!o) throw new Error(`seed ${seed}: ${q.name} did not run`);
          if (o.kind === 'unsupported') throw new Error(`seed ${seed}: ${q.name} is not supported (0A000), mark it pending: ${o.message}`);
          if (o.kind === 'fail') {
            throw new Error(formatMismatches(`seed ${seed}: ${q.name}: Strom differs from PostgreSQL (${replay(seed, q.name)})\n  SQL: ${q.sql}`, o.mismatches));
          }
        });
      }
    });
  }
});
