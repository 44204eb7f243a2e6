/**
 * Date/time operators and functions (PostgreSQL docs §9.9): timestamp ± interval (months first,
 * clamped to the month's last day, then days, then time), timestamp − timestamp → interval, date ±
 * integer, date − date, date ± interval → timestamp, date + time, interval arithmetic, now() and
 * friends (volatile; the current time in µs), date_trunc, extract (numeric) and date_part (float8),
 * to_timestamp, make_date, make_timestamp, timezone (AT TIME ZONE), justify_days/justify_hours; Flink's
 * PROCTIME() and DATE_FORMAT. timestamptz arithmetic is done in UTC (Strom keeps no session zone in
 * expressions yet). Errors: 22008 out-of-range fields, 22012 interval division by zero.
 */
import type { Decimal } from 'decimal.js';
import { SqlError, SqlState } from '../../../common/errors.ts';
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  localToUtc,
  splitTimestamp,
  USECS_PER_DAY,
  USECS_PER_SEC,
  utcToLocal,
} from '../../../common/pg-text.ts';
import { T, type Interval } from '../../../common/types.ts';
import { divisionByZero } from '../numeric-util.ts';
import { extractDate, extractInterval, extractTime, extractTimestamp, truncInterval, truncTimestamp } from './datetime-fields.ts';
import { def, type FunctionImpl } from './types.ts';
import { dateFormat } from './date-format.ts';

function overflowTs(): SqlError {
  return new SqlError(SqlState.datetimeFieldOverflow, 'timestamp out of range');
}

/** A day number moved by `months`, the day clamped to the target month's length. */
export function addMonthsToDays(days: number, months: number): number {
  if (months === 0) return days;
  const [y, m, d] = civilFromDays(days);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** timestamp + interval (µs). */
export function timestampPlusInterval(ts: number, iv: Interval): number {
  let r = ts;
  if (iv.months !== 0) {
    const [days, tod] = splitTimestamp(ts);
    r = addMonthsToDays(days, iv.months) * USECS_PER_DAY + tod;
  }
  r += iv.days * USECS_PER_DAY + iv.micros;
  if (!Number.isSafeInteger(r)) throw overflowTs();
  return r;
}

const negInterval = (iv: Interval): Interval => ({ months: -iv.months + 0, days: -iv.days + 0, micros: -iv.micros + 0 });

/** timestamp − timestamp: days and time of the same sign (PostgreSQL timestamp_mi with justify_hours). */
export function timestampDiff(a: number, b: number): Interval {
  const diff = a - b;
  const days = Math.trunc(diff / USECS_PER_DAY);
  return { months: 0, days: days + 0, micros: diff - days * USECS_PER_DAY + 0 };
}

/** interval × factor as PostgreSQL interval_mul: fractional months spill to days (30), days to time. */
export function intervalMul(iv: Interval, f: number): Interval {
  if (Number.isNaN(f)) throw new SqlError(SqlState.numericValueOutOfRange, 'interval out of range');
  const mf = iv.months * f;
  const months = Math.trunc(mf);
  const monthRemDays = (mf - months) * 30;
  const df = iv.days * f;
  let days = Math.trunc(df);
  const secRem = (df - days + monthRemDays - Math.trunc(monthRemDays)) * 86400;
  days += Math.trunc(monthRemDays);
  const micros = Math.round(iv.micros * f + secRem * USECS_PER_SEC);
  if (!Number.isFinite(micros) || Math.abs(months) > 2147483647 || Math.abs(days) > 2147483647) {
    throw new SqlError(SqlState.numericValueOutOfRange, 'interval out of range');
  }
  return { months: months + 0, days: days + 0, micros: micros + 0 };
}

function intervalAdd(a: Interval, b: Interval): Interval {
  return { months: a.months + b.months, days: a.days + b.days, micros: a.micros + b.micros };
}

/** justify_hours: whole 24-hour periods of the time part become days. */
function justifyHours(iv: Interval): Interval {
  const d = Math.trunc(iv.micros / USECS_PER_DAY);
  let days = iv.days + d;
  let micros = iv.micros - d * USECS_PER_DAY;
  if (days > 0 && micros < 0) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return { months: iv.months, days: days + 0, micros: micros + 0 };
}

/** justify_days: whole 30-day periods become months. */
function justifyDays(iv: Interval): Interval {
  const m = Math.trunc(iv.days / 30);
  let months = iv.months + m;
  let days = iv.days - m * 30;
  if (months > 0 && days < 0) {
    days += 30;
    months--;
  } else if (months < 0 && days > 0) {
    days -= 30;
    months++;
  }
  return { months: months + 0, days: days + 0, micros: iv.micros };
}

function makeDate(y: number, m: number, d: number): number {
  const yy = y < 0 ? y + 1 : y;
  if (y === 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(yy, m)) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `date field value out of range: ${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  }
  return daysFromCivil(yy, m, d);
}

function makeTimestamp(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const days = makeDate(y, mo, d);
  if (h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60 || (h === 24 && (mi > 0 || s > 0))) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `time field value out of range: ${h}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`);
  }
  return days * USECS_PER_DAY + (h * 3600 + mi * 60) * USECS_PER_SEC + Math.round(s * USECS_PER_SEC);
}

function toTimestamp(x: number): number {
  if (Number.isNaN(x)) throw new SqlError(SqlState.datetimeFieldOverflow, 'timestamp cannot be NaN');
  if (!Number.isFinite(x)) throw overflowTs();
  return Math.round(x * USECS_PER_SEC);
}

const now = () => Date.now() * 1000;
const ts = T.timestamp;
const tstz = T.timestamptz;
const date = T.date;
const iv = T.interval;
const text = T.text;
const int4 = T.int4;
const f8 = T.float8;
const time = T.time;
const toF8 = (d: Decimal) => d.toNumber();

/** The date/time overloads. */
export const DATETIME_FUNCTIONS: readonly FunctionImpl[] = [
  def('now', 'now', [], tstz, now, { volatile: true }),
  def('current_timestamp', 'current_timestamp', [], tstz, now, { volatile: true }),
  def('transaction_timestamp', 'transaction_timestamp', [], tstz, now, { volatile: true }),
  def('statement_timestamp', 'statement_timestamp', [], tstz, now, { volatile: true }),
  def('clock_timestamp', 'clock_timestamp', [], tstz, now, { volatile: true }),
  def('localtimestamp', 'localtimestamp', [], ts, now, { volatile: true }),
  def('localtime', 'localtime', [], time, () => splitTimestamp(now())[1], { volatile: true }),
  def('current_date', 'current_date', [], date, () => Math.floor(Date.now() / 86_400_000), { volatile: true }),
  def('proctime', 'proctime', [], tstz, now, { volatile: true }),

  def('timestamp_pl_interval', '+', [ts, iv], ts, timestampPlusInterval),
  def('interval_pl_timestamp', '+', [iv, ts], ts, (i: Interval, t: number) => timestampPlusInterval(t, i)),
  def('timestamp_mi_interval', '-', [ts, iv], ts, (t: number, i: Interval) => timestampPlusInterval(t, negInterval(i))),
  def('timestamp_mi', '-', [ts, ts], iv, timestampDiff),
  def('timestamptz_pl_interval', '+', [tstz, iv], tstz, timestampPlusInterval),
  def('interval_pl_timestamptz', '+', [iv, tstz], tstz, (i: Interval, t: number) => timestampPlusInterval(t, i)),
  def('timestamptz_mi_interval', '-', [tstz, iv], tstz, (t: number, i: Interval) => timestampPlusInterval(t, negInterval(i))),
  def('timestamptz_mi', '-', [tstz, tstz], iv, timestampDiff),
  def('date_pl_interval', '+', [date, iv], ts, (d: number, i: Interval) => timestampPlusInterval(d * USECS_PER_DAY, i)),
  def('interval_pl_date', '+', [iv, date], ts, (i: Interval, d: number) => timestampPlusInterval(d * USECS_PER_DAY, i)),
  def('date_mi_interval', '-', [date, iv], ts, (d: number, i: Interval) => timestampPlusInterval(d * USECS_PER_DAY, negInterval(i))),
  def('date_pli', '+', [date, int4], date, (d: number, n: number) => d + n),
  def('int4_pl_date', '+', [int4, date], date, (n: number, d: number) => d + n),
  def('date_mii', '-', [date, int4], date, (d: number, n: number) => d - n),
  def('date_mi', '-', [date, date], int4, (a: number, b: number) => a - b),
  def('date_pl_time', '+', [date, time], ts, (d: number, t: number) => d * USECS_PER_DAY + t),
  def('time_pl_interval', '+', [time, iv], time, (t: number, i: Interval) => ((((t + i.micros) % USECS_PER_DAY) + USECS_PER_DAY) % USECS_PER_DAY)),
  def('time_mi_interval', '-', [time, iv], time, (t: number, i: Interval) => ((((t - i.micros) % USECS_PER_DAY) + USECS_PER_DAY) % USECS_PER_DAY)),
  def('time_mi_time', '-', [time, time], iv, (a: number, b: number) => ({ months: 0, days: 0, micros: a - b })),
  def('interval_pl', '+', [iv, iv], iv, intervalAdd),
  def('interval_mi', '-', [iv, iv], iv, (a: Interval, b: Interval) => intervalAdd(a, negInterval(b))),
  def('interval_neg', 'neg', [iv], iv, negInterval),
  def('interval_mul', '*', [iv, f8], iv, intervalMul),
  def('mul_d_interval', '*', [f8, iv], iv, (f: number, i: Interval) => intervalMul(i, f)),
  def('interval_div', '/', [iv, f8], iv, (i: Interval, f: number) => {
    if (f === 0) throw divisionByZero();
    return intervalMul(i, 1 / f);
  }),
  def('justify_hours', 'justify_hours', [iv], iv, justifyHours),
  def('justify_days', 'justify_days', [iv], iv, justifyDays),

  def('date_trunc_timestamp', 'date_trunc', [text, ts], ts, (u: string, t: number) => truncTimestamp(u, t)),
  def('date_trunc_timestamptz', 'date_trunc', [text, tstz], tstz, (u: string, t: number) => truncTimestamp(u, t, 'timestamp with time zone')),
  def('date_trunc_timestamptz_zone', 'date_trunc', [text, tstz, text], tstz, (u: string, t: number, z: string) =>
    localToUtc(z, truncTimestamp(u, utcToLocal(z, t), 'timestamp with time zone')),
  ),
  def('date_trunc_interval', 'date_trunc', [text, iv], iv, truncInterval),
  def('extract_timestamp', 'extract', [text, ts], T.numeric, (u: string, t: number) => extractTimestamp(u, t, false)),
  def('extract_timestamptz', 'extract', [text, tstz], T.numeric, (u: string, t: number) => extractTimestamp(u, t, true)),
  def('extract_date', 'extract', [text, date], T.numeric, extractDate),
  def('extract_time', 'extract', [text, time], T.numeric, extractTime),
  def('extract_interval', 'extract', [text, iv], T.numeric, extractInterval),
  def('date_part_timestamp', 'date_part', [text, ts], f8, (u: string, t: number) => toF8(extractTimestamp(u, t, false))),
  def('date_part_timestamptz', 'date_part', [text, tstz], f8, (u: string, t: number) => toF8(extractTimestamp(u, t, true))),
  def('date_part_date', 'date_part', [text, date], f8, (u: string, d: number) => toF8(extractDate(u, d))),
  def('date_part_time', 'date_part', [text, time], f8, (u: string, t: number) => toF8(extractTime(u, t))),
  def('date_part_interval', 'date_part', [text, iv], f8, (u: string, i: Interval) => toF8(extractInterval(u, i))),

  def('to_timestamp', 'to_timestamp', [f8], tstz, toTimestamp),
  def('make_date', 'make_date', [int4, int4, int4], date, makeDate),
  def('make_timestamp', 'make_timestamp', [int4, int4, int4, int4, int4, f8], ts, makeTimestamp),
  def('timezone_timestamp', 'timezone', [text, ts], tstz, (z: string, t: number) => localToUtc(z, t)),
  def('timezone_timestamptz', 'timezone', [text, tstz], ts, (z: string, t: number) => utcToLocal(z, t)),
  def('date_format_timestamp', 'date_format', [ts, text], text, dateFormat),
  def('date_format_timestamptz', 'date_format', [tstz, text], text, dateFormat),
];
