/**
 * Shrinks a failing random run to a small reproduction: the query's view is created over empty
 * tables, the statements are applied one by one with FLUSH and a comparison after each, and chunks
 * of statements are removed (halving the chunk size, as delta debugging does) as long as some
 * comparison still fails. The result is a short script the engine's authors can replay by hand.
 */
import type { DiffQuery } from './queries.ts';
import { VIEW } from './schema.ts';
import { applyDml, compareView, resetTables } from './steps.ts';
import type { Mismatch } from './steps.ts';
import type { Systems } from './systems.ts';

/** The first mismatch the statements produce, or undefined when the view stays right. */
async function firstMismatch(sys: Systems, query: DiffQuery, statements: readonly string[]): Promise<Mismatch | undefined> {
  await resetTables(sys, [VIEW]);
  try {
    await sys.strom.run(`CREATE MATERIALIZED VIEW ${VIEW} AS ${query.sql}`);
  } catch (e) {
    return { at: 'CREATE MATERIALIZED VIEW', message: (e as Error).message };
  }
  for (const stmt of statements) {
    await applyDml(sys, stmt);
    await sys.strom.run('FLUSH');
    const m = await compareView(sys, VIEW, query.sql, `after: ${stmt}`);
    if (m) return m;
  }
  return undefined;
}

/** A minimal failing statement list and its mismatch, or undefined when `statements` do not fail. */
export async function minimize(sys: Systems, query: DiffQuery, statements: readonly string[]): Promise<{ statements: string[]; mismatch: Mismatch } | undefined> {
  let current = [...statements];
  let mismatch = await firstMismatch(sys, query, current);
  if (!mismatch) return undefined;
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1; chunk = chunk === 1 ? 0 : Math.max(1, Math.floor(chunk / 2))) {
    for (let i = 0; i < current.length; ) {
      const candidate = [...current.slice(0, i), ...current.slice(i + chunk)];
      const m = await firstMismatch(sys, query, candidate);
      if (m) {
        current = candidate;
        mismatch = m;
      } else i += chunk;
    }
  }
  return { statements: current, mismatch };
}
