/**
 * PostgreSQL text I/O: the output functions (`formatValue`, what a client sees in text format) and
 * input functions (`parseValue`, what a literal or a text-format parameter becomes) for every Strom
 * type, over the JS value representation of common/types.ts. Also the calendar and time-zone helpers
 * that the date/time functions share.
 *
 * Follows PostgreSQL docs §8 (Data Types): §8.1 numeric output (float shortest round-trip text since
 * PG 12, extra_float_digits), §8.4 bytea hex format, §8.5 date/time input and output (ISO DateStyle,
 * postgres IntervalStyle), §8.6 boolean, §8.12 uuid, §8.14 json, §8.15.6 array literals.
 * Errors are SqlErrors with PostgreSQL's codes and wording: 22P02 invalid input syntax, 22003 out of
 * range, 22007 / 22008 for bad date/time text and out-of-range fields.
 */
import type { Decimal } from 'decimal.js';
import { SqlError, SqlState, assertNever } from './errors.ts';
import type { Interval, SqlType } from './types.ts';
import { numericText } from './numeric-scale.ts';
import { regText, type RegType } from './oid-names.ts';

/** Session settings that shape output. */
export interface FormatOptions {
  /** PostgreSQL's extra_float_digits (default 1: shortest round-trip text). */
  extraFloatDigits?: number;
  /** DateStyle; only ISO is implemented (the value is accepted and ignored). */
  dateStyle?: string;
  /** Session TimeZone for timestamptz output: 'UTC', an IANA name, or a POSIX offset such as '+05'. */
  timeZone?: string;
  /** The session's reg* names (regclass → relation name), for output outside the statement's context. */
  regName?: (type: RegType, oid: number) => string | undefined;
}

/** Microseconds per day / hour / minute / second. */
export const USECS_PER_DAY = 86_400_000_000;
export const USECS_PER_HOUR = 3_600_000_000;
export const USECS_PER_MINUTE = 60_000_000;
export const USECS_PER_SEC = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Calendar (proleptic Gregorian, astronomical year numbering: year 0 = 1 BC)

/** Days since 1970-01-01 of a civil date (month 1..12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date [year, month 1..12, day] of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

/** Days in a month of a year. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));
const padN = (n: number, w: number) => String(n).padStart(w, '0');

function formatDateParts(y: number, m: number, d: number): [string, string] {
  const bc = y <= 0;
  return [`${padN(bc ? 1 - y : y, 4)}-${pad2(m)}-${pad2(d)}`, bc ? ' BC' : ''];
}

/** `2026-11-22` (or `0044-03-15 BC`) for a day number. */
export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  const [s, bc] = formatDateParts(y, m, d);
  return s + bc;
}

/** `hh:mm:ss[.ffffff]` (trailing fraction zeros dropped) for microseconds since midnight. */
export function formatTime(micros: number): string {
  const secs = Math.floor(micros / USECS_PER_SEC);
  const frac = micros - secs * USECS_PER_SEC;
  const h = Math.floor(secs / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return `${pad2(h)}:${pad2(mi)}:${pad2(s)}${fraction(frac)}`;
}

function fraction(frac: number): string {
  if (frac === 0) return '';
  return '.' + padN(frac, 6).replace(/0+$/, '');
}

/** Splits microseconds since epoch into [day number, microseconds since midnight]. */
export function splitTimestamp(micros: number): [number, number] {
  const days = Math.floor(micros / USECS_PER_DAY);
  return [days, micros - days * USECS_PER_DAY];
}

/** `2026-11-22 05:49:34.123456` (ISO DateStyle) for a timestamp (µs since epoch). */
export function formatTimestamp(micros: number): string {
  const [days, tod] = splitTimestamp(micros);
  const [y, m, d] = civilFromDays(days);
  const [ds, bc] = formatDateParts(y, m, d);
  return `${ds} ${formatTime(tod)}${bc}`;
}

// ---------------------------------------------------------------------------------------------
// Time zones

const dtfCache = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number | null>();

/**
 * A fixed offset in seconds east of UTC for `tz`, or null when `tz` is a region name. Accepts UTC,
 * GMT, Z and POSIX-style offsets (`+05`, `-03:30`, `UTC+3`), which as in PostgreSQL count hours WEST of
 * Greenwich (docs §8.5.3.3): SET TIME ZONE '+05' means UTC-05.
 */
function fixedOffset(tz: string): number | null {
  let c = offsetCache.get(tz);
  if (c !== undefined) return c;
  const u = tz.trim().toUpperCase();
  if (u === 'UTC' || u === 'GMT' || u === 'Z' || u === 'ZULU' || u === 'UCT' || u === 'ETC/UTC' || u === 'ETC/GMT') c = 0;
  else {
    const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(u);
    if (m) c = -(m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
    else c = null;
  }
  offsetCache.set(tz, c);
  return c;
}

function dtf(tz: string): Intl.DateTimeFormat {
  let f = dtfCache.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new SqlError(SqlState.invalidParameterValue, `time zone "${tz}" not recognized`);
    }
    dtfCache.set(tz, f);
  }
  return f;
}

/** True when `tz` names a time zone Strom can use. */
export function isValidTimeZone(tz: string): boolean {
  if (fixedOffset(tz) !== null) return true;
  try {
    dtf(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The UTC offset in seconds (east positive) of zone `tz` at the instant `utcMicros`.
 * Throws 22023 `time zone "x" not recognized`.
 */
export function zoneOffsetAt(tz: string, utcMicros: number): number {
  const fixed = fixedOffset(tz);
  if (fixed !== null) return fixed;
  const ms = Math.floor(utcMicros / 1000);
  const wholeSec = Math.floor(ms / 1000) * 1000;
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const p of dtf(tz).formatToParts(new Date(wholeSec))) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      case 'second':
        s = Number(p.value);
        break;
      case 'era':
        bc = p.value === 'BC' || p.value === 'B';
        break;
      default:
        break;
    }
  }
  if (bc) y = 1 - y;
  const local = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return local - wholeSec / 1000;
}

/** UTC micros of a local wall-clock time (µs since epoch as if UTC) in zone `tz`. */
export function localToUtc(tz: string, localMicros: number): number {
  const fixed = fixedOffset(tz);
  if (fixed !== null) return localMicros - fixed * USECS_PER_SEC;
  let off = zoneOffsetAt(tz, localMicros);
  const guess = localMicros - off * USECS_PER_SEC;
  const off2 = zoneOffsetAt(tz, guess);
  if (off2 !== off) off = off2;
  return localMicros - off * USECS_PER_SEC;
}

/** Wall-clock micros in zone `tz` of a UTC instant. */
export function utcToLocal(tz: string, utcMicros: number): number {
  return utcMicros + zoneOffsetAt(tz, utcMicros) * USECS_PER_SEC;
}

function formatOffset(sec: number): string {
  const sign = sec < 0 ? '-' : '+';
  const a = Math.abs(sec);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  return `${sign}${pad2(h)}${m || s ? ':' + pad2(m) : ''}${s ? ':' + pad2(s) : ''}`;
}

/** `2026-11-22 05:49:34.123+00` for a timestamptz in zone `tz` (ISO DateStyle). */
export function formatTimestamptz(micros: number, tz = 'UTC'): string {
  const off = zoneOffsetAt(tz, micros);
  const [days, tod] = splitTimestamp(micros + off * USECS_PER_SEC);
  const [y, m, d] = civilFromDays(days);
  const [ds, bc] = formatDateParts(y, m, d);
  return `${ds} ${formatTime(tod)}${formatOffset(off)}${bc}`;
}

// ---------------------------------------------------------------------------------------------
// Intervals

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** An interval in IntervalStyle postgres: `1 year 2 mons 3 days 04:05:06.5`, `-1 days +02:00:00`, `00:00:00`. */
export function formatInterval(iv: Interval): string {
  const parts: string[] = [];
  let before = false;
  const add = (v: number, unit: string) => {
    if (v === 0) return;
    parts.push((before && v > 0 ? '+' : '') + plural(v, unit));
    before = v < 0;
  };
  const years = Math.trunc(iv.months / 12);
  add(years, 'year');
  add(iv.months - years * 12, 'mon');
  add(iv.days, 'day');
  const us = iv.micros;
  if (parts.length === 0 || us !== 0) {
    const a = Math.abs(us);
    const h = Math.floor(a / USECS_PER_HOUR);
    const rest = a - h * USECS_PER_HOUR;
    const mi = Math.floor(rest / USECS_PER_MINUTE);
    const sr = rest - mi * USECS_PER_MINUTE;
    const s = Math.floor(sr / USECS_PER_SEC);
    const sign = us < 0 ? '-' : before ? '+' : '';
    parts.push(`${sign}${pad2(h)}:${pad2(mi)}:${pad2(s)}${fraction(sr - s * USECS_PER_SEC)}`);
  }
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Floats

function expDigits(e: number): string {
  const a = Math.abs(e);
  return (e < 0 ? 'e-' : 'e+') + (a < 10 ? '0' + a : String(a));
}

/** Formats digits `d` (no dot) with decimal exponent `e` (of the first digit) the way printf %g does. */
function layoutDigits(neg: boolean, d: string, e: number, fixedBelow: number): string {
  let s: string;
  if (e >= -4 && e < fixedBelow) {
    if (e < 0) s = '0.' + '0'.repeat(-e - 1) + d;
    else if (d.length <= e + 1) s = d + '0'.repeat(e + 1 - d.length);
    else s = d.slice(0, e + 1) + '.' + d.slice(e + 1);
  } else {
    s = d.length > 1 ? d[0] + '.' + d.slice(1) : d;
    s += expDigits(e);
  }
  return neg ? '-' + s : s;
}

function splitExponential(str: string): [boolean, string, number] {
  const neg = str.startsWith('-');
  const body = neg ? str.slice(1) : str;
  const ei = body.indexOf('e');
  const mant = body.slice(0, ei).replace('.', '');
  return [neg, mant.replace(/0+$/, '') || '0', Number(body.slice(ei + 1))];
}

/**
 * float8/float4 output as PostgreSQL 12+: with extra_float_digits > 0 the shortest text that reads
 * back to the same value, fixed notation for decimal exponents -4 ≤ e < 15 (6 for float4), else
 * `1e+20` style; with extra_float_digits ≤ 0, %g with 15 (6) + extra_float_digits significant digits.
 */
export function formatFloat(v: number, single: boolean, extraFloatDigits = 1): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const dig = single ? 6 : 15;
  if (extraFloatDigits > 0) {
    let str: string;
    if (single) {
      str = v.toExponential(8);
      for (let p = 0; p < 9; p++) {
        const t = v.toExponential(p);
        if (Math.fround(Number(t)) === v) {
          str = t;
          break;
        }
      }
    } else {
      str = v.toExponential();
    }
    const [neg, d, e] = splitExponential(str);
    return layoutDigits(neg, d, e, dig);
  }
  const prec = Math.max(1, dig + extraFloatDigits);
  const [neg, d, e] = splitExponential(v.toExponential(prec - 1));
  return layoutDigits(neg, d, e, prec);
}

// ---------------------------------------------------------------------------------------------
// Output

function hex(b: Uint8Array): string {
  let s = '\\x';
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? '0' : '') + b[i]!.toString(16);
  return s;
}

function formatNumeric(type: SqlType, v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  const d = v as Decimal;
  if (type.id === 'numeric' && type.scale !== undefined && d.isFinite()) return d.toFixed(type.scale);
  return numericText(d);
}

function quoteArrayElement(s: string): string {
  if (s === '' || /[{}",\\\s]/.test(s) || s.toUpperCase() === 'NULL') return '"' + s.replace(/["\\]/g, '\\$&') + '"';
  return s;
}

function formatArray(element: SqlType, v: readonly unknown[], opts: FormatOptions | undefined): string {
  const parts = v.map((x) => {
    if (x === null || x === undefined) return 'NULL';
    if (element.id === 'array') return formatArray(element.element, x as unknown[], opts);
    return quoteArrayElement(formatValue(element, x, opts));
  });
  return '{' + parts.join(',') + '}';
}

function toJsonValue(type: SqlType, v: unknown, opts: FormatOptions | undefined): unknown {
  if (v === null || v === undefined) return null;
  switch (type.id) {
    case 'bool':
    case 'int2':
    case 'int4':
      return v;
    case 'float4':
    case 'float8':
      return Number.isFinite(v) ? v : formatValue(type, v, opts);
    case 'int8':
    case 'numeric':
      return new RawJson(formatValue(type, v, opts));
    case 'json':
    case 'jsonb':
      return new RawJson(v as string);
    case 'array':
      return (v as unknown[]).map((x) => toJsonValue(type.element, x, opts));
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const [k, x] of v as Map<unknown, unknown>) o[formatValue(type.key, k, opts)] = toJsonValue(type.value, x, opts);
      return o;
    }
    case 'row': {
      const o: Record<string, unknown> = {};
      type.fields.forEach((f, i) => (o[f.name] = toJsonValue(f.type, (v as unknown[])[i], opts)));
      return o;
    }
    default:
      return formatValue(type, v, opts);
  }
}

class RawJson {
  constructor(readonly text: string) {}
}

function stringifyJson(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return '[' + v.map(stringifyJson).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    return '{' + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ':' + stringifyJson(x)).join(',') + '}';
  }
  return JSON.stringify(v);
}

/**
 * PostgreSQL's output function for `type`: the text a client receives in text format.
 * NULL (null/undefined) formats as `NULL` (only meaningful inside arrays; the wire sends NULL apart).
 */
export function formatValue(type: SqlType, value: unknown, opts?: FormatOptions): string {
  if (value === null || value === undefined) return 'NULL';
  switch (type.id) {
    case 'bool':
      return value ? 't' : 'f';
    case 'int2':
    case 'int4':
    case 'int8':
      return String(value);
    case 'float4':
    case 'float8':
      return formatFloat(value as number, type.id === 'float4', opts?.extraFloatDigits ?? 1);
    case 'numeric':
      return formatNumeric(type, value);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'json':
    case 'jsonb':
    case 'uuid':
    case 'unknown':
      return String(value);
    case 'bytea':
      return hex(value as Uint8Array);
    case 'oid':
    case 'xid':
    case 'tid':
      return String(value);
    case 'regclass':
    case 'regtype':
    case 'regproc':
      return opts?.regName?.(type.id, Number(value)) ?? regText(type.id, Number(value));
    case 'name':
    case 'char':
      return String(value);
    case 'date':
      return formatDate(value as number);
    case 'time':
      return formatTime(value as number);
    case 'timestamp':
      return formatTimestamp(Number(value));
    case 'timestamptz':
      return formatTimestamptz(Number(value), opts?.timeZone ?? 'UTC');
    case 'interval':
      return formatInterval(value as Interval);
    case 'array':
      return formatArray(type.element, value as unknown[], opts);
    case 'map':
    case 'row':
      return stringifyJson(toJsonValue(type, value, opts));
    default:
      return assertNever(type, 'type');
  }
}

export { parseValue, parseInterval, parseTimestampParts } from './pg-text-input.ts';
