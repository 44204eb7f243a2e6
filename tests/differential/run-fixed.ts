/**
 * One query through the fixed phases of ./fixed-data.ts: fresh tables, the query's materialized
 * view created over them while empty, then each phase applied to Strom and PostgreSQL, FLUSH, and a
 * comparison of the view with PostgreSQL's answer.
 */
import { PHASES } from './fixed-data.ts';
import type { DiffQuery } from './queries.ts';
import type { QueryOutcome } from './run-seed.ts';
import { VIEW } from './schema.ts';
import { applyDml, compareView, isNotSupported, resetTables } from './steps.ts';
import type { Mismatch } from './steps.ts';
import type { Systems } from './systems.ts';

/**
 * Runs `query` through every phase and reports how it fared. `oracleSql` (default: the query's own
 * SQL) is what PostgreSQL runs; the harness self-check passes a different query on purpose.
 */
export async function runFixed(sys: Systems, query: DiffQuery, oracleSql: string = query.sql): Promise<QueryOutcome> {
  await resetTables(sys, [VIEW]);
  try {
    await sys.strom.run(`CREATE MATERIALIZED VIEW ${VIEW} AS ${query.sql}`);
  } catch (e) {
    if (isNotSupported(e)) return { kind: 'unsupported', message: e.message };
    return { kind: 'fail', mismatches: [{ at: 'CREATE MATERIALIZED VIEW', message: (e as Error).message }] };
  }
  const mismatches: Mismatch[] = [];
  await sys.strom.run('FLUSH');
  const first = await compareView(sys, VIEW, oracleSql, 'on empty tables');
  if (first) mismatches.push(first);
  for (const phase of PHASES) {
    for (const stmt of phase.statements) {
      const m = await applyDml(sys, stmt);
      if (m) mismatches.push({ at: `${phase.name}: ${m.at}`, message: m.message });
    }
    await sys.strom.run('FLUSH');
    const m = await compareView(sys, VIEW, oracleSql, `after phase "${phase.name}"`);
    if (m) mismatches.push(m);
  }
  return mismatches.length ? { kind: 'fail', mismatches } : { kind: 'pass' };
}
