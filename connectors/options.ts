/**
 * Reading WITH option values, Flink-style: every value is a string; a bad value is SqlError 22023
 * `invalid value "v" for option "k"` with a detail saying what is expected.
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { TableInfo } from '../catalog/catalog.ts';

function bad(key: string, value: string, expected: string): SqlError {
  return new SqlError(SqlState.invalidParameterValue, `invalid value "${value}" for option "${key}"`, { detail: `expected ${expected}` });
}

/** The option's raw value, or undefined when absent. */
export function optString(table: TableInfo, key: string): string | undefined {
  return table.options[key];
}

/** An integer option (a JavaScript safe integer) ≥ `min`; `fallback` when absent. Throws 22023. */
export function optInt(table: TableInfo, key: string, fallback: number, min = Number.MIN_SAFE_INTEGER): number {
  const v = table.options[key];
  if (v === undefined) return fallback;
  const t = v.trim();
  if (!/^[+-]?\d+$/.test(t)) throw bad(key, v, min >= 0 ? 'a non-negative integer' : 'an integer');
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < min) throw bad(key, v, min > 0 ? `an integer ≥ ${min}` : min === 0 ? 'a non-negative integer' : 'an integer in the safe range');
  return n;
}

/** A finite number option ≥ `min`; `fallback` when absent. Throws 22023. */
export function optNumber(table: TableInfo, key: string, fallback: number, min = -Infinity): number {
  const v = table.options[key];
  if (v === undefined) return fallback;
  const t = v.trim();
  const n = t === '' ? NaN : Number(t);
  if (!Number.isFinite(n) || n < min) throw bad(key, v, min === 0 ? 'a non-negative number' : 'a number');
  return n;
}

/** A boolean option (`true`/`false`, any case); `fallback` when absent. Throws 22023. */
export function optBool(table: TableInfo, key: string, fallback: boolean): boolean {
  const v = table.options[key];
  if (v === undefined) return fallback;
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw bad(key, v, 'true or false');
}

/** One of `choices` (compared case-insensitively, returned lower-case); `fallback` when absent. Throws 22023. */
export function optEnum<C extends string>(table: TableInfo, key: string, choices: readonly C[], fallback?: C): C | undefined {
  const v = table.options[key];
  if (v === undefined) return fallback;
  const t = v.trim().toLowerCase() as C;
  if (!choices.includes(t)) throw bad(key, v, `one of ${choices.join(', ')}`);
  return t;
}

/**
 * A duration option in milliseconds: an integer with an optional unit (`ms`, `s`, `min`, `h`, `d`;
 * default ms), Flink's Duration syntax (`5s`, `10 min`). Throws 22023.
 */
export function optDurationMs(table: TableInfo, key: string, fallback: number): number {
  const v = table.options[key];
  if (v === undefined) return fallback;
  const m = /^\s*(\d+)\s*(ms|s|sec|min|h|d)?\s*$/i.exec(v);
  if (!m) throw bad(key, v, 'a duration such as 500ms, 5s, 10min');
  const unit = (m[2] ?? 'ms').toLowerCase();
  const mult = unit === 'ms' ? 1 : unit === 's' || unit === 'sec' ? 1000 : unit === 'min' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000;
  return Number(m[1]) * mult;
}
