/**
 * Field access on date/time values (PostgreSQL docs §9.9.1 EXTRACT / date_part and §9.9.2
 * date_trunc): the numeric value of a field of a timestamp, date, time or interval, and truncation
 * of a timestamp or interval to a unit. Week numbering is ISO 8601; decades, centuries and millennia
 * as PostgreSQL counts them (the 21st century starts in 2001). Errors: 22023 for unknown units,
 * 0A000 for units a type does not have (`unit "hour" not supported for type date`).
 */
import { Decimal } from 'decimal.js';
import { withScale } from '../../../common/numeric-scale.ts';
import { numericAdd, numericDiv } from './arithmetic.ts';
import { SqlError, SqlState } from '../../../common/errors.ts';
import { civilFromDays, daysFromCivil, splitTimestamp, USECS_PER_DAY, USECS_PER_HOUR, USECS_PER_MINUTE, USECS_PER_SEC } from '../../../common/pg-text.ts';
import type { Interval } from '../../../common/types.ts';

const UNIT_NAMES: Record<string, string> = {
  microsecond: 'microseconds', microseconds: 'microseconds', us: 'microseconds', usec: 'microseconds', usecs: 'microseconds',
  millisecond: 'milliseconds', milliseconds: 'milliseconds', ms: 'milliseconds', msec: 'milliseconds', msecs: 'milliseconds',
  second: 'second', seconds: 'second', sec: 'second', secs: 'second', s: 'second',
  minute: 'minute', minutes: 'minute', min: 'minute', mins: 'minute', m: 'minute',
  hour: 'hour', hours: 'hour', h: 'hour', hr: 'hour', hrs: 'hour',
  day: 'day', days: 'day', d: 'day',
  week: 'week', weeks: 'week', w: 'week',
  month: 'month', months: 'month', mon: 'month', mons: 'month',
  quarter: 'quarter', qtr: 'quarter',
  year: 'year', years: 'year', y: 'year', yr: 'year', yrs: 'year',
  decade: 'decade', decades: 'decade', dec: 'decade',
  century: 'century', centuries: 'century', c: 'century', cent: 'century',
  millennium: 'millennium', millennia: 'millennium', mil: 'millennium', millenniums: 'millennium',
  epoch: 'epoch', dow: 'dow', isodow: 'isodow', doy: 'doy', isoyear: 'isoyear', julian: 'julian',
  timezone: 'timezone', timezone_hour: 'timezone_hour', timezone_minute: 'timezone_minute',
};

/** The canonical unit for a field name (case-insensitive, plurals and abbreviations allowed), or 22023. */
export function unitOf(text: string, typeName: string): string {
  const u = UNIT_NAMES[text.trim().toLowerCase()];
  if (!u) throw new SqlError(SqlState.invalidParameterValue, `unit "${text}" not recognized for type ${typeName}`);
  return u;
}

function unsupported(unit: string, typeName: string): SqlError {
  return new SqlError(SqlState.featureNotSupported, `unit "${unit}" not supported for type ${typeName}`);
}

const dec = (n: number | string) => withScale(new Decimal(n), 0);
/** `units / 10^scale` as an exact Decimal of display scale `scale` (extract(second …) prints 30.250000). */
const scaled = (units: number, scale: number) => withScale(new Decimal(`${units}e-${scale}`), scale);

/** ISO day of week (Monday 1 … Sunday 7) of a day number. */
function isoDow(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

function isoWeek(days: number): [number, number] {
  const thu = days - isoDow(days) + 4;
  const [iy] = civilFromDays(thu);
  return [iy, Math.floor((thu - daysFromCivil(iy, 1, 1)) / 7) + 1];
}

function dateField(unit: string, days: number, typeName: string): Decimal {
  const [y, m, d] = civilFromDays(days);
  switch (unit) {
    case 'day':
      return dec(d);
    case 'month':
      return dec(m);
    case 'quarter':
      return dec(Math.floor((m - 1) / 3) + 1);
    case 'year':
      return dec(y > 0 ? y : y - 1);
    case 'decade':
      return dec(Math.floor(y / 10));
    case 'century':
      return dec(y > 0 ? Math.floor((y + 99) / 100) : -Math.floor((99 - (y - 1)) / 100));
    case 'millennium':
      return dec(y > 0 ? Math.floor((y + 999) / 1000) : -Math.floor((999 - (y - 1)) / 1000));
    case 'dow':
      return dec(isoDow(days) % 7);
    case 'isodow':
      return dec(isoDow(days));
    case 'doy':
      return dec(days - daysFromCivil(y, 1, 1) + 1);
    case 'week':
      return dec(isoWeek(days)[1]);
    case 'isoyear':
      return dec(isoWeek(days)[0]);
    case 'julian':
      return dec(days + 2440588);
    default:
      throw unsupported(unit, typeName);
  }
}

function timeField(unit: string, tod: number, typeName: string): Decimal | undefined {
  const secMicros = tod % USECS_PER_MINUTE;
  switch (unit) {
    case 'microseconds':
      return dec(secMicros);
    case 'milliseconds':
      return scaled(secMicros, 3);
    case 'second':
      return scaled(secMicros, 6);
    case 'minute':
      return dec(Math.floor((tod % USECS_PER_HOUR) / USECS_PER_MINUTE));
    case 'hour':
      return dec(Math.floor(tod / USECS_PER_HOUR));
    case 'timezone':
    case 'timezone_hour':
    case 'timezone_minute':
      if (typeName === 'timestamp with time zone') return dec(0);
      throw unsupported(unit, typeName);
    default:
      return undefined;
  }
}

/** EXTRACT(unit FROM timestamp) as numeric (PostgreSQL 14+); `tz` selects the timestamptz type name. */
export function extractTimestamp(unitText: string, ts: number, tz: boolean): Decimal {
  const typeName = tz ? 'timestamp with time zone' : 'timestamp without time zone';
  const unit = unitOf(unitText, typeName);
  if (unit === 'epoch') return scaled(ts, 6);
  const [days, tod] = splitTimestamp(ts);
  // numeric.c's division scale applies, as PostgreSQL computes date2j + tod / 86400000000.
  if (unit === 'julian') return numericAdd(dec(days + 2440588), numericDiv(dec(tod), dec(USECS_PER_DAY)));
  return timeField(unit, tod, typeName) ?? dateField(unit, days, typeName);
}

/** EXTRACT(unit FROM date). */
export function extractDate(unitText: string, days: number): Decimal {
  const unit = unitOf(unitText, 'date');
  if (unit === 'epoch') return dec(days * 86400);
  return dateField(unit, days, 'date');
}

/** EXTRACT(unit FROM time). */
export function extractTime(unitText: string, tod: number): Decimal {
  const unit = unitOf(unitText, 'time without time zone');
  if (unit === 'epoch') return scaled(tod, 6);
  const r = timeField(unit, tod, 'time without time zone');
  if (!r) throw unsupported(unit, 'time without time zone');
  return r;
}

/** EXTRACT(unit FROM interval): fields of the months / days / micros parts, epoch with 365.25-day years. */
export function extractInterval(unitText: string, iv: Interval): Decimal {
  const unit = unitOf(unitText, 'interval');
  const years = Math.trunc(iv.months / 12);
  const t = iv.micros;
  switch (unit) {
    case 'microseconds':
      return dec(t % USECS_PER_MINUTE);
    case 'milliseconds':
      return scaled(t % USECS_PER_MINUTE, 3);
    case 'second':
      return scaled(t % USECS_PER_MINUTE, 6);
    case 'minute':
      return dec(Math.trunc((t % USECS_PER_HOUR) / USECS_PER_MINUTE));
    case 'hour':
      return dec(Math.trunc(t / USECS_PER_HOUR));
    case 'day':
      return dec(iv.days);
    case 'month':
      return dec(iv.months % 12);
    case 'quarter':
      return dec(Math.trunc((iv.months % 12) / 3) + 1);
    case 'year':
      return dec(years);
    case 'decade':
      return dec(Math.trunc(years / 10));
    case 'century':
      return dec(Math.trunc(years / 100));
    case 'millennium':
      return dec(Math.trunc(years / 1000));
    case 'epoch': {
      const secs = new Decimal(years).times('31557600').plus((iv.months % 12) * 30 * 86400).plus(iv.days * 86400);
      return withScale(secs.plus(scaled(t, 6)), 6);
    }
    default:
      throw unsupported(unit, 'interval');
  }
}

/** date_trunc(unit, timestamp): the timestamp (µs) truncated to the start of its unit. */
export function truncTimestamp(unitText: string, ts: number, typeName = 'timestamp without time zone'): number {
  const unit = unitOf(unitText, typeName);
  const [days, tod] = splitTimestamp(ts);
  const floorTo = (u: number) => Math.floor(ts / u) * u;
  const at = (y: number, m: number) => daysFromCivil(y, m, 1) * USECS_PER_DAY;
  const [y, m] = civilFromDays(days);
  switch (unit) {
    case 'microseconds':
      return ts;
    case 'milliseconds':
      return floorTo(1000);
    case 'second':
      return floorTo(USECS_PER_SEC);
    case 'minute':
      return floorTo(USECS_PER_MINUTE);
    case 'hour':
      return floorTo(USECS_PER_HOUR);
    case 'day':
      return ts - tod;
    case 'week':
      return (days - isoDow(days) + 1) * USECS_PER_DAY;
    case 'month':
      return at(y, m);
    case 'quarter':
      return at(y, Math.floor((m - 1) / 3) * 3 + 1);
    case 'year':
      return at(y, 1);
    case 'decade':
      return at(Math.floor(y / 10) * 10, 1);
    case 'century':
      return at(y > 0 ? Math.floor((y - 1) / 100) * 100 + 1 : -(Math.floor(-y / 100) * 100) - 99, 1);
    case 'millennium':
      return at(y > 0 ? Math.floor((y - 1) / 1000) * 1000 + 1 : -(Math.floor(-y / 1000) * 1000) - 999, 1);
    default:
      throw new SqlError(SqlState.invalidParameterValue, `unit "${unitText}" not supported for type ${typeName}`);
  }
}

/** date_trunc(unit, interval). */
export function truncInterval(unitText: string, iv: Interval): Interval {
  const unit = unitOf(unitText, 'interval');
  const t = iv.micros;
  const tr = (u: number) => Math.trunc(t / u) * u;
  const years = Math.trunc(iv.months / 12);
  switch (unit) {
    case 'microseconds':
      return iv;
    case 'milliseconds':
      return { ...iv, micros: tr(1000) };
    case 'second':
      return { ...iv, micros: tr(USECS_PER_SEC) };
    case 'minute':
      return { ...iv, micros: tr(USECS_PER_MINUTE) };
    case 'hour':
      return { ...iv, micros: tr(USECS_PER_HOUR) };
    case 'day':
      return { ...iv, micros: 0 };
    case 'month':
      return { months: iv.months, days: 0, micros: 0 };
    case 'quarter':
      return { months: years * 12 + Math.trunc((iv.months % 12) / 3) * 3, days: 0, micros: 0 };
    case 'year':
      return { months: years * 12, days: 0, micros: 0 };
    case 'decade':
      return { months: Math.trunc(years / 10) * 120, days: 0, micros: 0 };
    case 'century':
      return { months: Math.trunc(years / 100) * 1200, days: 0, micros: 0 };
    case 'millennium':
      return { months: Math.trunc(years / 1000) * 12000, days: 0, micros: 0 };
    default:
      throw new SqlError(SqlState.invalidParameterValue, `unit "${unitText}" not supported for type interval`);
  }
}
