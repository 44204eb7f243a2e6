/**
 * PostgreSQL input functions (the text → value half of common/pg-text.ts; import from there).
 * Follows PostgreSQL docs §8.1 (numeric input), §8.4 (bytea), §8.5.1 (date/time input), §8.5.4
 * (interval input, including ISO 8601 `P1Y2M3DT4H5M6S`), §8.6 (boolean), §8.12 (uuid), §8.14 (json),
 * §8.15.6 (array literals). Errors: 22P02 `invalid input syntax for type integer: "x"`, 22003
 * `value "x" is out of range for type integer`, 22007 / 22008 for date/time text.
 */
import { Decimal } from 'decimal.js';
import { SqlError, SqlState, assertNever } from './errors.ts';
import { formatType, type Interval, type SqlType } from './types.ts';
import { USECS_PER_DAY, USECS_PER_HOUR, USECS_PER_MINUTE, USECS_PER_SEC, daysFromCivil, daysInMonth, localToUtc } from './pg-text.ts';
import { parseNumericText } from './numeric-scale.ts';
import { parseOid, regParse } from './oid-names.ts';

function syntax(type: SqlType | string, text: string, code: string = SqlState.invalidTextRepresentation): SqlError {
  const name = typeof type === 'string' ? type : formatType(type);
  return new SqlError(code, `invalid input syntax for type ${name}: "${text}"`);
}

const INT_RANGE: Record<string, [number, number, string]> = {
  int2: [-32768, 32767, 'smallint'],
  int4: [-2147483648, 2147483647, 'integer'],
};
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function parseInteger(type: SqlType, text: string): number | bigint {
  const s = text.trim();
  const name = type.id === 'int2' ? 'smallint' : type.id === 'int4' ? 'integer' : 'bigint';
  if (!/^[+-]?\d+$/.test(s)) throw syntax(name, text);
  const n = Number(s);
  if (type.id === 'int8') {
    if (Number.isSafeInteger(n)) return n + 0;
    const b = BigInt(s);
    if (b < INT8_MIN || b > INT8_MAX) throw new SqlError(SqlState.numericValueOutOfRange, `value "${text}" is out of range for type bigint`);
    return b;
  }
  const [lo, hi] = INT_RANGE[type.id]!;
  if (n < lo || n > hi) throw new SqlError(SqlState.numericValueOutOfRange, `value "${text}" is out of range for type ${name}`);
  return n + 0;
}

function parseFloatText(type: SqlType, text: string): number {
  const s = text.trim();
  const name = type.id === 'float4' ? 'real' : 'double precision';
  const l = s.toLowerCase();
  if (l === 'nan') return NaN;
  if (l === 'infinity' || l === '+infinity' || l === 'inf' || l === '+inf') return Infinity;
  if (l === '-infinity' || l === '-inf') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) throw syntax(name, text);
  let v = Number(s);
  if (type.id === 'float4') v = Math.fround(v);
  if (!Number.isFinite(v) || (v === 0 && /[1-9]/.test(s.replace(/e.*$/i, '')))) {
    throw new SqlError(SqlState.numericValueOutOfRange, `"${s}" is out of range for type ${name}`);
  }
  return v;
}

function parseNumeric(text: string): Decimal {
  const s = text.trim();
  const l = s.toLowerCase();
  if (l === 'nan') return new Decimal(NaN);
  if (l === 'infinity' || l === '+infinity') return new Decimal(Infinity);
  if (l === '-infinity') return new Decimal(-Infinity);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) throw syntax('numeric', text);
  return parseNumericText(s);
}

const BOOL_WORDS: readonly [string, boolean][] = [
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['on', true],
  ['off', false],
];

function parseBool(text: string): boolean {
  const s = text.trim().toLowerCase();
  if (s === '1') return true;
  if (s === '0') return false;
  if (s.length > 0) {
    const hits = BOOL_WORDS.filter(([w]) => w.startsWith(s) && (s.length > 1 || (w !== 'on' && w !== 'off')));
    if (hits.length === 1) return hits[0]![1];
  }
  throw syntax('boolean', text);
}

function parseUuid(text: string): string {
  let s = text.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  const groups = s.split('-');
  const hexes = groups.join('');
  const shapeOk = groups.length === 1 || groups.every((g) => g.length % 4 === 0 && g.length > 0);
  if (!shapeOk || !/^[0-9a-fA-F]{32}$/.test(hexes)) throw syntax('uuid', text);
  const h = hexes.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function parseBytea(text: string): Uint8Array {
  if (text.startsWith('\\x')) {
    const h = text.slice(2).replace(/\s+/g, '');
    if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw syntax('bytea', text);
    const out = new Uint8Array(h.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
    return out;
  }
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 92) {
      if (c > 127) for (const b of Buffer.from(text[i]!, 'utf8')) out.push(b);
      else out.push(c);
    } else if (text[i + 1] === '\\') {
      out.push(92);
      i++;
    } else if (/^[0-3][0-7]{2}$/.test(text.substr(i + 1, 3))) {
      out.push(parseInt(text.substr(i + 1, 3), 8));
      i += 3;
    } else {
      throw syntax('bytea', text);
    }
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// Date / time

const DATE_RE = /^(\d{1,})-(\d{1,2})-(\d{1,2})/;

/** Parsed parts of a date/time literal: day number, µs since midnight, zone offset text if any. */
export interface TimestampParts {
  days: number;
  micros: number;
  zone: string | undefined;
}

function parseZone(z: string): string {
  return z.trim();
}

/** An ISO 8601 zone suffix (`Z`, `+02`, `-03:30`, `+0530`) as an offset in seconds east of UTC; a name → undefined. */
function isoZoneOffset(z: string): number | undefined {
  if (/^z$/i.test(z)) return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(z);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
}

function parseTimeOfDay(s: string, typeName: string, text: string): number {
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d*))?)?$/.exec(s);
  if (!m) throw syntax(typeName, text, SqlState.invalidDatetimeFormat);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const sec = Number(m[3] ?? 0);
  const frac = m[4] ? Math.round(Number('0.' + m[4]) * 1e6) : 0;
  const total = ((h * 60 + mi) * 60 + sec) * USECS_PER_SEC + frac;
  if (mi > 59 || sec > 60 || total > USECS_PER_DAY) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `date/time field value out of range: "${text}"`);
  }
  return total;
}

/**
 * Splits a date/time literal ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM[:SS[.ffffff]]', 'T' separator,
 * optional zone `Z`/`+hh[:mm]`/name, optional ` BC'). Throws 22007 for bad syntax and 22008 for
 * out-of-range fields, with PostgreSQL's messages.
 */
export function parseTimestampParts(text: string, typeName: string): TimestampParts {
  let s = text.trim();
  const l = s.toLowerCase();
  if (l === 'epoch') return { days: 0, micros: 0, zone: undefined };
  let bc = false;
  if (/\s+bc$/i.test(s)) {
    bc = true;
    s = s.replace(/\s+bc$/i, '');
  } else if (/\s+ad$/i.test(s)) s = s.replace(/\s+ad$/i, '');
  const dm = DATE_RE.exec(s);
  if (!dm) throw syntax(typeName, text, SqlState.invalidDatetimeFormat);
  let y = Number(dm[1]);
  const mo = Number(dm[2]);
  const d = Number(dm[3]);
  if (bc) y = 1 - y;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || (y === 0 && !bc)) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `date/time field value out of range: "${text}"`);
  }
  const days = daysFromCivil(y, mo, d);
  let rest = s.slice(dm[0].length);
  if (rest === '') return { days, micros: 0, zone: undefined };
  if (!/^[ T]/i.test(rest)) throw syntax(typeName, text, SqlState.invalidDatetimeFormat);
  rest = rest.slice(1).trim();
  const tm = /^(\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d*)?)?)\s*(.*)$/.exec(rest);
  if (!tm) {
    if (/^[a-z_/]+$/i.test(rest)) return { days, micros: 0, zone: parseZone(rest) };
    throw syntax(typeName, text, SqlState.invalidDatetimeFormat);
  }
  const micros = parseTimeOfDay(tm[1]!, typeName, text);
  const zone = tm[2] ? parseZone(tm[2]) : undefined;
  return { days, micros, zone };
}

function parseDate(text: string): number {
  const p = parseTimestampParts(text, 'date');
  return p.days;
}

function parseTime(text: string): number {
  const s = text.trim();
  const m = /^(\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d*)?)?)/.exec(s);
  if (!m) {
    // A full timestamp is accepted too; the date part is ignored.
    const p = parseTimestampParts(text, 'time without time zone');
    return p.micros;
  }
  return parseTimeOfDay(m[1]!, 'time without time zone', text);
}

function parseTimestamp(text: string, tz: boolean, sessionZone: string): number {
  const name = tz ? 'timestamp with time zone' : 'timestamp without time zone';
  const p = parseTimestampParts(text, name);
  const local = p.days * USECS_PER_DAY + p.micros;
  if (!tz) return local;
  if (p.zone === undefined) return localToUtc(sessionZone, local);
  const off = isoZoneOffset(p.zone);
  if (off !== undefined) return local - off * USECS_PER_SEC;
  try {
    return localToUtc(p.zone, local);
  } catch {
    throw new SqlError(SqlState.invalidParameterValue, `time zone "${p.zone}" not recognized`);
  }
}

// ---------------------------------------------------------------------------------------------
// Intervals

const UNIT_ALIASES: Record<string, string> = {
  microsecond: 'us', microseconds: 'us', us: 'us', usec: 'us', usecs: 'us', useconds: 'us', microsecon: 'us',
  millisecond: 'ms', milliseconds: 'ms', ms: 'ms', msec: 'ms', msecs: 'ms', mseconds: 'ms',
  second: 's', seconds: 's', s: 's', sec: 's', secs: 's',
  minute: 'min', minutes: 'min', m: 'min', min: 'min', mins: 'min',
  hour: 'h', hours: 'h', h: 'h', hr: 'h', hrs: 'h',
  day: 'd', days: 'd', d: 'd',
  week: 'w', weeks: 'w', w: 'w',
  month: 'mon', months: 'mon', mon: 'mon', mons: 'mon',
  year: 'y', years: 'y', y: 'y', yr: 'y', yrs: 'y',
  decade: 'dec', decades: 'dec', dec: 'dec', decs: 'dec',
  century: 'c', centuries: 'c', c: 'c', cent: 'c',
  millennium: 'mil', millennia: 'mil', millenniums: 'mil', mil: 'mil', mils: 'mil',
};

class IntervalAcc {
  months = 0;
  days = 0;
  micros = 0;
  addMonths(v: number): void {
    const whole = Math.trunc(v);
    this.months += whole;
    this.addDays((v - whole) * 30);
  }
  addDays(v: number): void {
    const whole = Math.trunc(v);
    this.days += whole;
    this.micros += Math.round((v - whole) * USECS_PER_DAY);
  }
  add(unit: string, v: number): void {
    switch (unit) {
      case 'us':
        this.micros += Math.round(v);
        return;
      case 'ms':
        this.micros += Math.round(v * 1000);
        return;
      case 's':
        this.micros += Math.round(v * USECS_PER_SEC);
        return;
      case 'min':
        this.micros += Math.round(v * USECS_PER_MINUTE);
        return;
      case 'h':
        this.micros += Math.round(v * USECS_PER_HOUR);
        return;
      case 'd':
        return this.addDays(v);
      case 'w':
        return this.addDays(v * 7);
      case 'mon':
        return this.addMonths(v);
      case 'y':
        return this.addMonths(v * 12);
      case 'dec':
        return this.addMonths(v * 120);
      case 'c':
        return this.addMonths(v * 1200);
      case 'mil':
        return this.addMonths(v * 12000);
      default:
        throw new Error(unit);
    }
  }
  result(neg: boolean): Interval {
    const s = neg ? -1 : 1;
    return { months: s * this.months + 0, days: s * this.days + 0, micros: s * this.micros + 0 };
  }
}

function parseIsoInterval(s: string, text: string): Interval {
  const m = /^P(?:([-+]?[\d.]+)Y)?(?:([-+]?[\d.]+)M)?(?:([-+]?[\d.]+)W)?(?:([-+]?[\d.]+)D)?(?:T(?:([-+]?[\d.]+)H)?(?:([-+]?[\d.]+)M)?(?:([-+]?[\d.]+)S)?)?$/i.exec(s);
  if (!m || s === 'P' || /T$/i.test(s)) throw syntax('interval', text, SqlState.invalidDatetimeFormat);
  const acc = new IntervalAcc();
  const units = ['y', 'mon', 'w', 'd', 'h', 'min', 's'];
  for (let i = 0; i < units.length; i++) if (m[i + 1] !== undefined) acc.add(units[i]!, Number(m[i + 1]));
  return acc.result(false);
}

/**
 * PostgreSQL interval input (docs §8.5.4): `1 day`, `2 hours 3 minutes`, `1 year 2 mons 3 days
 * 04:05:06.5`, `-1 days +02:00:00`, `01:02:03`, `10` (seconds), `1 s`, `@ 1 day ago`, ISO 8601
 * `P1Y2M3DT4H5M6S`. Fractions spill to smaller units (months of 30 days). Throws 22007.
 */
export function parseInterval(text: string): Interval {
  let s = text.trim();
  if (/^P/i.test(s)) return parseIsoInterval(s, text);
  if (s.startsWith('@')) s = s.slice(1).trim();
  let neg = false;
  if (/\sago$/i.test(s) || /^ago$/i.test(s)) {
    neg = true;
    s = s.replace(/\s*ago$/i, '');
  }
  const acc = new IntervalAcc();
  const re = /\s*(?:([+-]?)(\d+):(\d+)(?::(\d+(?:\.\d*)?))?|([+-]?(?:\d+\.?\d*|\.\d+))\s*([a-zA-Z]+)?)\s*,?/y;
  let pos = 0;
  let any = false;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m || m[0].length === 0) throw syntax('interval', text, SqlState.invalidDatetimeFormat);
    pos = re.lastIndex;
    any = true;
    if (m[2] !== undefined) {
      const sign = m[1] === '-' ? -1 : 1;
      const h = Number(m[2]);
      const mi = Number(m[3]);
      const sec = m[4] !== undefined ? Number(m[4]) : 0;
      acc.micros += sign * (h * USECS_PER_HOUR + mi * USECS_PER_MINUTE + Math.round(sec * USECS_PER_SEC));
    } else {
      const v = Number(m[5]);
      const unitText = (m[6] ?? 's').toLowerCase();
      const unit = UNIT_ALIASES[unitText];
      if (!unit) throw syntax('interval', text, SqlState.invalidDatetimeFormat);
      acc.add(unit, v);
    }
  }
  if (!any) throw syntax('interval', text, SqlState.invalidDatetimeFormat);
  return acc.result(neg);
}

// ---------------------------------------------------------------------------------------------
// Arrays and JSON

/** Splits an array literal `{a,"b c",NULL,{1,2}}` into raw element texts (null for NULL); nested braces stay as text. */
function splitArrayLiteral(text: string, type: SqlType): (string | null)[] {
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) throw syntax(type, text);
  const out: (string | null)[] = [];
  let i = 1;
  const end = s.length - 1;
  const skipWs = () => {
    while (i < end && /\s/.test(s[i]!)) i++;
  };
  skipWs();
  if (i === end) return out;
  for (;;) {
    skipWs();
    let item: string | null;
    if (s[i] === '"') {
      i++;
      let v = '';
      while (i < end && s[i] !== '"') {
        if (s[i] === '\\') i++;
        v += s[i];
        i++;
      }
      if (s[i] !== '"') throw syntax(type, text);
      i++;
      item = v;
    } else if (s[i] === '{') {
      let depth = 0;
      const start = i;
      let inQ = false;
      for (; i < end; i++) {
        const c = s[i];
        if (inQ) {
          if (c === '\\') i++;
          else if (c === '"') inQ = false;
        } else if (c === '"') inQ = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      if (depth !== 0) throw syntax(type, text);
      i++;
      item = s.slice(start, i);
    } else {
      let v = '';
      while (i < end && s[i] !== ',') {
        if (s[i] === '\\') i++;
        else if (s[i] === '"' || s[i] === '{' || s[i] === '}') throw syntax(type, text);
        v += s[i];
        i++;
      }
      v = v.trim();
      if (v === '') throw syntax(type, text);
      item = v.toUpperCase() === 'NULL' ? null : v;
    }
    out.push(item);
    skipWs();
    if (i === end) break;
    if (s[i] !== ',') throw syntax(type, text);
    i++;
  }
  return out;
}

/** jsonb's normalized text: keys deduplicated (last wins) and ordered by length then bytes, `, ` and `: ` separators. */
export function normalizeJsonb(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(normalizeJsonb).join(', ') + ']';
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return '{' + keys.map((k) => JSON.stringify(k) + ': ' + normalizeJsonb((v as Record<string, unknown>)[k])).join(', ') + '}';
  }
  return JSON.stringify(v);
}

function parseJson(type: SqlType, text: string): string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw syntax(type.id, text);
  }
  return type.id === 'jsonb' ? normalizeJsonb(v) : text;
}

function parseMapOrRow(type: SqlType, text: string): unknown {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw syntax(type, text);
  }
  const conv = (t: SqlType, x: unknown): unknown => {
    if (x === null || x === undefined) return null;
    if (t.id === 'map' || t.id === 'row' || t.id === 'array') return fromJson(t, x);
    return parseValue(t, typeof x === 'string' ? x : JSON.stringify(x));
  };
  const fromJson = (t: SqlType, x: unknown): unknown => {
    if (t.id === 'map') return new Map(Object.entries(x as object).map(([k, v]) => [conv(t.key, k), conv(t.value, v)]));
    if (t.id === 'row') return t.fields.map((f, i) => conv(f.type, Array.isArray(x) ? x[i] : (x as Record<string, unknown>)[f.name]));
    if (t.id === 'array') return (x as unknown[]).map((e) => conv(t.element, e));
    return conv(t, x);
  };
  return fromJson(type, j);
}

/**
 * PostgreSQL's input function for `type`: the value of a literal or a text-format parameter.
 * `opts.timeZone` is the session zone used for timestamptz text without an explicit zone (default UTC).
 * Throws SqlError 22P02 (syntax), 22003 (numeric range), 22007 / 22008 (date/time).
 */
export function parseValue(type: SqlType, text: string, opts?: { timeZone?: string }): unknown {
  switch (type.id) {
    case 'bool':
      return parseBool(text);
    case 'int2':
    case 'int4':
    case 'int8':
      return parseInteger(type, text);
    case 'float4':
    case 'float8':
      return parseFloatText(type, text);
    case 'numeric':
      return parseNumeric(text);
    case 'text':
    case 'varchar':
    case 'unknown':
      return text;
    case 'bpchar':
      return type.length !== undefined && text.length < type.length ? text.padEnd(type.length, ' ') : text;
    case 'bytea':
      return parseBytea(text);
    case 'date':
      return parseDate(text);
    case 'time':
      return parseTime(text);
    case 'timestamp':
      return parseTimestamp(text, false, 'UTC');
    case 'timestamptz':
      return parseTimestamp(text, true, opts?.timeZone ?? 'UTC');
    case 'interval':
      return parseInterval(text);
    case 'json':
    case 'jsonb':
      return parseJson(type, text);
    case 'uuid':
      return parseUuid(text);
    case 'oid':
    case 'xid':
      return parseOid(text);
    case 'tid': {
      const m = /^\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*$/.exec(text);
      if (!m) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type tid: "${text}"`);
      return `(${Number(m[1])},${Number(m[2])})`;
    }
    case 'regclass':
    case 'regtype':
    case 'regproc':
      return regParse(type.id, text);
    case 'name':
      return text;
    case 'char':
      return text.slice(0, 1);
    case 'array': {
      const el = type.element;
      return splitArrayLiteral(text, type).map((x) => (x === null ? null : parseValue(el, x, opts)));
    }
    case 'map':
    case 'row':
      return parseMapOrRow(type, text);
    default:
      return assertNever(type, 'type');
  }
}
