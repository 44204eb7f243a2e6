/**
 * Differential test, fixed phases (issue 3 §6): every query of ./queries.ts becomes a materialized
 * view in Strom over fresh, empty tables; then the phases of ./fixed-data.ts (insert, update, delete,
 * re-insert, …) are applied to Strom and to a real PostgreSQL, and after each phase (and FLUSH) the
 * view must hold the rows PostgreSQL returns for the query (./run-fixed.ts). One PostgreSQL and one
 * Strom serve the whole file. Pending queries are skipped with their reason printed.
 *
 * STROM_DIFF_FILTER=<substring> runs only the queries whose name contains it.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { requirePgOrSkipReason } from '../pg-oracle.ts';
import { QUERIES } from './queries.ts';
import { runFixed } from './run-fixed.ts';
import { formatMismatches } from './steps.ts';
import { startSystems } from './systems.ts';
import type { Systems } from './systems.ts';

const skipReason = requirePgOrSkipReason();
const filter = process.env['STROM_DIFF_FILTER'];
const queries = QUERIES.filter((q) => !filter || q.name.includes(filter));

describe.skipIf(skipReason !== undefined)('differential (fixed phases) against PostgreSQL', () => {
  let sys: Systems;
  beforeAll(async () => {
    sys = await startSystems();
    for (const q of queries) if (q.pending) console.log(`SKIPPED (pending) ${q.name}: ${q.pending}`);
  });
  afterAll(async () => {
    await sys?.stop();
  });
  it('self-check: a view that differs from its query is reported', async () => {
    const o = await runFixed(sys, { name: 'self-check', covers: [], sql: 'SELECT id FROM emp' }, 'SELECT id FROM emp WHERE id <> 3');
    if (o.kind !== 'fail') throw new Error(`the harness did not notice a wrong view: ${o.kind}`);
  });
  for (const query of queries) {
    if (query.pending) {
      it.skip(`${query.name} [pending: ${query.pending}]`, () => {});
      continue;
    }
    it(query.name, async () => {
      const o = await runFixed(sys, query);
      if (o.kind === 'unsupported') {
        throw new Error(`${query.name}: Strom answers 0A000 (mark the query \`pending\` in queries.ts if the feature is not built yet): ${o.message}`);
      }
      if (o.kind === 'fail') throw new Error(formatMismatches(`${query.name}: Strom differs from PostgreSQL\n  SQL: ${query.sql}`, o.mismatches));
    });
  }
});
