/**
 * Compares two query results as multisets of rows, the way the differential tests need: values are
 * the text PostgreSQL's wire protocol carries (every type parser is the identity), NULL equals NULL,
 * text compares exactly, and columns PostgreSQL reports as numeric (int2/4/8, oid, float4/8,
 * numeric) compare by value, equal when within 1e-9 relative of each other — so `20` and
 * `20.0000000000000000`, or `0.1` and `0.10000000000000001`, are the same number.
 */

/** One result row: each value as its wire text, or null. */
export type Row = readonly (string | null)[];

/** A result: its column type OIDs (from PostgreSQL's RowDescription) and its rows. */
export interface ResultSet {
  readonly types: readonly number[];
  readonly rows: readonly Row[];
}

/** The outcome of a comparison: equal, or a human-readable account of the difference. */
export type Verdict = { readonly equal: true } | { readonly equal: false; readonly reason: string; readonly missing: Row[]; readonly extra: Row[] };

/** PostgreSQL type OIDs whose values compare as numbers. */
const NUMERIC_OIDS: ReadonlySet<number> = new Set([20, 21, 23, 26, 700, 701, 1700]);

/** Relative tolerance for numeric values. */
export const REL_TOLERANCE = 1e-9;

/** True when two numeric texts denote the same number to within REL_TOLERANCE. */
export function numbersEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (x === y) return true;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= REL_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

function valuesEqual(a: string | null, b: string | null, numeric: boolean): boolean {
  if (a === null || b === null) return a === b;
  return numeric ? numbersEqual(a, b) : a === b;
}

function rowsEqual(a: Row, b: Row, numeric: readonly boolean[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i]!, b[i]!, numeric[i] ?? false)) return false;
  return true;
}

/** A bucket key from the non-numeric columns, so matching within tolerance stays near-linear. */
function bucketKey(row: Row, numeric: readonly boolean[]): string {
  return JSON.stringify(row.map((v, i) => (numeric[i] ? (v === null ? null : '#') : v)));
}

/**
 * Compares `actual` (Strom) with `expected` (PostgreSQL) as multisets. Numeric-ness of each column is
 * taken from `expected.types`; the column counts must agree.
 */
export function compareResults(expected: ResultSet, actual: ResultSet): Verdict {
  const numeric = expected.types.map((t) => NUMERIC_OIDS.has(t));
  if (expected.types.length !== actual.types.length) {
    return { equal: false, reason: `column count differs: PostgreSQL ${expected.types.length}, Strom ${actual.types.length}`, missing: [...expected.rows], extra: [...actual.rows] };
  }
  const buckets = new Map<string, Row[]>();
  for (const r of actual.rows) {
    const k = bucketKey(r, numeric);
    const list = buckets.get(k);
    if (list) list.push(r);
    else buckets.set(k, [r]);
  }
  const missing: Row[] = [];
  for (const r of expected.rows) {
    const list = buckets.get(bucketKey(r, numeric));
    const at = list ? list.findIndex((c) => rowsEqual(r, c, numeric)) : -1;
    if (at < 0) missing.push(r);
    else list!.splice(at, 1);
  }
  const extra = [...buckets.values()].flat();
  if (missing.length === 0 && extra.length === 0) return { equal: true };
  return {
    equal: false,
    reason: `${missing.length} row(s) only in PostgreSQL, ${extra.length} row(s) only in Strom (PostgreSQL ${expected.rows.length} rows, Strom ${actual.rows.length})`,
    missing,
    extra,
  };
}

/** One row as `(a, NULL, 'x')`-like text for reports. */
export function formatRow(row: Row): string {
  return `(${row.map((v) => (v === null ? 'NULL' : v)).join(', ')})`;
}

/** Rows sorted by their text, one per line, for reports. */
export function formatRows(rows: readonly Row[], indent = '    '): string {
  if (rows.length === 0) return `${indent}(no rows)`;
  return rows
    .map(formatRow)
    .sort()
    .map((l) => indent + l)
    .join('\n');
}
