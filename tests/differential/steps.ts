/**
 * The steps both differential tests are made of: recreate the tables on both sides, apply one DML
 * statement to both (the outcomes must agree), create a query's materialized view in Strom, and
 * compare the view's rows with PostgreSQL's answer to the query.
 */
import { compareResults, formatRows } from './compare.ts';
import { TABLES } from './schema.ts';
import { SqlFailure } from './systems.ts';
import type { Systems } from './systems.ts';

/** A difference found at one step, ready to print. */
export interface Mismatch {
  /** Where: the phase or round, e.g. `after update`. */
  readonly at: string;
  readonly message: string;
}

/** Drops the given views (Strom) and the tables (both sides), then creates the tables again. */
export async function resetTables(sys: Systems, views: readonly string[] = []): Promise<void> {
  for (const v of views) await sys.strom.tryRun(`DROP MATERIALIZED VIEW IF EXISTS ${v} CASCADE`);
  for (const [name] of [...TABLES].reverse()) {
    await sys.strom.run(`DROP TABLE IF EXISTS ${name} CASCADE`);
    await sys.pg.run(`DROP TABLE IF EXISTS ${name} CASCADE`);
  }
  for (const [, ddl] of TABLES) {
    await sys.strom.run(ddl);
    await sys.pg.run(ddl);
  }
}

/** Applies one DML statement to both sides; a mismatch when only one fails or the row counts differ. */
export async function applyDml(sys: Systems, sql: string): Promise<Mismatch | undefined> {
  let pgError: SqlFailure | undefined;
  let pgCount: number | null = null;
  try {
    pgCount = (await sys.pg.run(sql)).rowCount;
  } catch (e) {
    if (!(e instanceof SqlFailure)) throw e;
    pgError = e;
  }
  try {
    const strom = await sys.strom.run(sql);
    if (pgError) return { at: sql, message: `PostgreSQL failed but Strom did not: ${pgError.message}` };
    if (strom.rowCount !== pgCount) return { at: sql, message: `row count differs: PostgreSQL ${pgCount}, Strom ${strom.rowCount}` };
  } catch (e) {
    if (!(e instanceof SqlFailure)) throw e;
    if (!pgError) return { at: sql, message: `Strom failed but PostgreSQL did not: ${e.message}` };
  }
  return undefined;
}

/** True when Strom refused a statement as not supported yet (SQLSTATE 0A000). */
export function isNotSupported(e: unknown): e is SqlFailure {
  return e instanceof SqlFailure && e.code === '0A000';
}

/** Compares `SELECT * FROM view` in Strom with `sql` in PostgreSQL; undefined when equal. */
export async function compareView(sys: Systems, view: string, sql: string, at: string): Promise<Mismatch | undefined> {
  const expected = await sys.pg.run(sql);
  let actual;
  try {
    actual = await sys.strom.run(`SELECT * FROM ${view}`);
  } catch (e) {
    if (!(e instanceof SqlFailure)) throw e;
    return { at, message: `reading the view failed: ${e.message}` };
  }
  const verdict = compareResults(expected, actual);
  if (verdict.equal) return undefined;
  return {
    at,
    message: [
      verdict.reason,
      `  only in PostgreSQL:\n${formatRows(verdict.missing)}`,
      `  only in Strom:\n${formatRows(verdict.extra)}`,
      `  PostgreSQL rows:\n${formatRows(expected.rows)}`,
      `  Strom rows:\n${formatRows(actual.rows)}`,
    ].join('\n'),
  };
}

/** Compares a whole base table between the two sides (catches DML divergence early). */
export async function compareTable(sys: Systems, table: string, at: string): Promise<Mismatch | undefined> {
  const m = await compareView(sys, table, `SELECT * FROM ${table}`, at);
  return m ? { at, message: `base table ${table} differs: ${m.message}` } : undefined;
}

/** All mismatches as one report. */
export function formatMismatches(header: string, mismatches: readonly Mismatch[]): string {
  return [header, ...mismatches.map((m) => `--- ${m.at}\n${m.message}`)].join('\n');
}
