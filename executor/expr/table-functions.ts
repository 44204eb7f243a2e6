/**
 * The set-returning functions Strom evaluates (PostgreSQL docs §9.26 "Set Returning Functions" and
 * §9.19 "Array Functions"): generate_series over integers and timestamps, unnest(anyarray) and
 * generate_subscripts(anyarray, dim [, reverse]), and information_schema._pg_expandarray (pgjdbc's
 * metadata queries). `tableFunctionRows` computes the values one call
 * yields for argument values; the planner uses it for constant calls (literal rows) and the
 * Correlate operator for calls over each input row (LATERAL). Strom arrays are one-dimensional with
 * lower bound 1.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { Interval, SqlType } from '../../common/types.ts';
import { timestampPlusInterval } from './functions/datetime.ts';

/** The set-returning functions Strom knows, by name. */
export const TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['generate_series', 'unnest', 'generate_subscripts', '_pg_expandarray']);

/** Rows one call may yield before 54000 (a guard against runaway series). */
export const MAX_TABLE_FUNCTION_ROWS = 1_000_000;

/** The values `fn(values…)` yields, in order; `type` is the result type. NULL in a strict argument yields no rows. */
export function tableFunctionRows(fn: string, values: readonly unknown[], type: SqlType): unknown[] {
  const out: unknown[] = [];
  const push = (v: unknown) => {
    if (out.length >= MAX_TABLE_FUNCTION_ROWS) throw new SqlError('54000', `${fn} would return more than ${MAX_TABLE_FUNCTION_ROWS} rows`);
    out.push(v);
  };
  if (values.some((v) => v === null || v === undefined)) return out;
  if (fn === 'unnest') {
    for (const v of values[0] as readonly unknown[]) push(v);
    return out;
  }
  if (fn === '_pg_expandarray') {
    // information_schema._pg_expandarray(anyarray): rows (x, n) of each element and its position.
    (values[0] as readonly unknown[]).forEach((v, i) => push([v, i + 1]));
    return out;
  }
  if (fn === 'generate_subscripts') {
    const arr = values[0] as readonly unknown[];
    if (values[1] !== 1 || arr.length === 0) return out;
    const reverse = values[2] === true;
    for (let i = 1; i <= arr.length; i++) push(reverse ? arr.length + 1 - i : i);
    return out;
  }
  if (type.id === 'timestamp' || type.id === 'timestamptz') {
    const [start, stop, step] = values as [number, number, Interval];
    if (step.months === 0 && step.days === 0 && step.micros === 0) throw new SqlError(SqlState.invalidParameterValue, 'step size cannot equal zero');
    const up = timestampPlusInterval(start, step) > start;
    for (let t = start; up ? t <= stop : t >= stop; t = timestampPlusInterval(t, step)) push(t);
    return out;
  }
  const big = values.some((v) => typeof v === 'bigint' || (typeof v === 'object' && v !== null));
  if (big) throw new SqlError(SqlState.featureNotSupported, 'generate_series over numeric or very large bigint bounds is not supported yet');
  const [start, stop, step = 1] = values as number[];
  if (step === 0) throw new SqlError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  for (let v = start!; step > 0 ? v <= stop! : v >= stop!; v += step) push(v);
  return out;
}
