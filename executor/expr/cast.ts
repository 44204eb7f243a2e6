/**
 * Type conversions with PostgreSQL semantics (docs §10 and the pg_cast rules behind `CAST(x AS t)`):
 * numeric → integer rounds half away from zero, float → integer rounds half to even (rint), both
 * range-checked (22003 `integer out of range`); float → numeric keeps 15 (float4: 6) significant
 * digits as PostgreSQL's float8_numeric; any type → text through its output function (bool → `true`);
 * text → any type through its input function; varchar(n) truncates and char(n) pads on explicit cast;
 * numeric(p,s) rounds to s and raises 22003 `numeric field overflow`; date ↔ timestamp ↔ timestamptz
 * (timestamptz taken in UTC); bool ↔ int4; json ↔ jsonb ↔ text; arrays element by element.
 * Display scales of numeric results (common/numeric-scale.ts): numeric(p,s) → s, integer → 0,
 * float → that of its %g text, text → its digits after the point.
 */
import { Decimal } from 'decimal.js';
import { SqlError, SqlState } from '../../common/errors.ts';
import { formatValue, parseValue, USECS_PER_DAY } from '../../common/pg-text.ts';
import { normalizeJsonb } from '../../common/pg-text-input.ts';
import { withScale } from '../../common/numeric-scale.ts';
import { T, formatType, isOidType, typeCategory, type Interval, type SqlType } from '../../common/types.ts';
import { canonInt8, checkInt2, checkInt4, decimalToInt, floatToDecimal, floatToInt, outOfRange, toDecimal } from './numeric-util.ts';

/** A conversion of one non-null value. */
export type Caster = (v: unknown) => unknown;

const identity: Caster = (v) => v;
const INT_IDS = new Set(['int2', 'int4', 'int8']);
const FLOAT_IDS = new Set(['float4', 'float8']);
const STRING_IDS = new Set(['text', 'varchar', 'bpchar', 'unknown', 'name', 'char']);
const DATETIME_IDS = new Set(['date', 'timestamp', 'timestamptz']);

function intRange(to: 'int2' | 'int4' | 'int8'): Caster {
  if (to === 'int8') return (v) => (typeof v === 'bigint' ? canonInt8(v) : v);
  const check = to === 'int2' ? checkInt2 : checkInt4;
  return (v) => {
    if (typeof v === 'bigint') throw outOfRange(to);
    return check(v as number);
  };
}

/** Counts code points of `s` up to `n` and cuts there (varchar(n) / char(n) truncation). */
function cutChars(s: string, n: number): string {
  if (s.length <= n) return s;
  let i = 0;
  let count = 0;
  while (i < s.length && count < n) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    count++;
  }
  return s.slice(0, i);
}

/**
 * varchar(n)/char(n) length coercion: truncates on an explicit cast; in assignment context raises
 * 22001 when the cut characters are not all spaces (PostgreSQL's varchar()/bpchar() with isExplicit).
 */
function lengthAdjust(to: SqlType, base: Caster, assignment: boolean): Caster {
  const n = to.id !== 'array' && to.id !== 'map' && to.id !== 'row' ? to.length : undefined;
  const cut = (s: string, len: number): string => {
    const c = cutChars(s, len);
    if (assignment && c.length < s.length && s.slice(c.length).trim() !== '') {
      throw new SqlError(SqlState.stringDataRightTruncation, `value too long for type ${formatType(to)}`);
    }
    return c;
  };
  if (to.id === 'bpchar') {
    const len = n ?? 1;
    return (v) => {
      const s = cut(base(v) as string, len);
      const chars = [...s].length;
      return chars < len ? s + ' '.repeat(len - chars) : s;
    };
  }
  if (to.id === 'varchar' && n !== undefined) return (v) => cut(base(v) as string, n);
  return base;
}

function numericTypmod(to: SqlType): Caster | undefined {
  if (to.id !== 'numeric' || to.precision === undefined) return undefined;
  const p = to.precision;
  const s = to.scale ?? 0;
  const limit = new Decimal(10).pow(p - s);
  return (v) => {
    const d = toDecimal(v);
    if (!d.isFinite()) return d;
    const r = withScale(d.toDecimalPlaces(s, Decimal.ROUND_HALF_UP), s);
    if (r.abs().gte(limit)) {
      throw new SqlError(SqlState.numericValueOutOfRange, 'numeric field overflow', {
        detail: `A field with precision ${p}, scale ${s} must round to an absolute value less than ${p - s === 0 ? '1' : `10^${p - s}`}.`,
      });
    }
    return r;
  };
}

function timestampTypmod(to: SqlType): Caster | undefined {
  if ((to.id !== 'timestamp' && to.id !== 'timestamptz' && to.id !== 'time') || to.precision === undefined || to.precision >= 6) return undefined;
  const unit = 10 ** (6 - to.precision);
  return (v) => Math.round((v as number) / unit) * unit;
}

function toTextCaster(from: SqlType): Caster {
  if (from.id === 'bool') return (v) => (v ? 'true' : 'false');
  if (from.id === 'bpchar') return (v) => (v as string).replace(/ +$/, '');
  if (STRING_IDS.has(from.id) || from.id === 'json' || from.id === 'jsonb' || from.id === 'uuid') return identity;
  return (v) => formatValue(from, v);
}

function numericCaster(from: SqlType, to: SqlType): Caster | undefined {
  const f = from.id;
  const t = to.id;
  if (INT_IDS.has(f)) {
    if (INT_IDS.has(t)) return intRange(t as 'int2' | 'int4' | 'int8');
    if (t === 'float4') return (v) => Math.fround(Number(v));
    if (t === 'float8') return (v) => Number(v);
    if (t === 'numeric') return (v) => toDecimal(v);
    if (t === 'bool' && f === 'int4') return (v) => v !== 0;
    return undefined;
  }
  if (FLOAT_IDS.has(f)) {
    if (INT_IDS.has(t)) return (v) => floatToInt(v as number, t as 'int2' | 'int4' | 'int8');
    if (t === 'float8') return identity;
    if (t === 'float4') {
      return (v) => {
        const r = Math.fround(v as number);
        if (!Number.isFinite(r) && Number.isFinite(v)) throw new SqlError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
        if (r === 0 && v !== 0) throw new SqlError(SqlState.numericValueOutOfRange, 'value out of range: underflow');
        return r;
      };
    }
    if (t === 'numeric') return f === 'float4' ? (v) => floatToDecimal(v as number, 6) : (v) => floatToDecimal(v as number, 15);
    return undefined;
  }
  if (f === 'numeric') {
    if (INT_IDS.has(t)) return (v) => decimalToInt(toDecimal(v), t as 'int2' | 'int4' | 'int8');
    if (t === 'float8') return (v) => toDecimal(v).toNumber();
    if (t === 'float4') return (v) => Math.fround(toDecimal(v).toNumber());
    if (t === 'numeric') return identity;
  }
  return undefined;
}

function datetimeCaster(from: SqlType, to: SqlType): Caster | undefined {
  const f = from.id;
  const t = to.id;
  if (f === 'date' && (t === 'timestamp' || t === 'timestamptz')) return (v) => (v as number) * USECS_PER_DAY;
  if ((f === 'timestamp' || f === 'timestamptz') && t === 'date') return (v) => Math.floor((v as number) / USECS_PER_DAY);
  if ((f === 'timestamp' || f === 'timestamptz') && (t === 'timestamp' || t === 'timestamptz')) return identity;
  if ((f === 'timestamp' || f === 'timestamptz') && t === 'time') {
    return (v) => {
      const r = (v as number) % USECS_PER_DAY;
      return r < 0 ? r + USECS_PER_DAY : r;
    };
  }
  if (f === 'time' && t === 'interval') return (v) => ({ months: 0, days: 0, micros: v as number }) satisfies Interval;
  if (f === 'interval' && t === 'time') {
    return (v) => {
      const r = (v as Interval).micros % USECS_PER_DAY;
      return r < 0 ? r + USECS_PER_DAY : r;
    };
  }
  return undefined;
}

function baseCaster(from: SqlType, to: SqlType): Caster | undefined {
  if (from.id === 'unknown' || (STRING_IDS.has(from.id) && !STRING_IDS.has(to.id))) {
    if (to.id === 'bool' || typeCategory(to) !== 'S') {
      const strip = from.id === 'bpchar';
      return (v) => parseValue(to, strip ? (v as string).replace(/ +$/, '') : (v as string));
    }
  }
  if (to.id === 'char' && (STRING_IDS.has(from.id) || from.id === 'name' || from.id === 'char')) return (v) => (v as string).slice(0, 1);
  if (STRING_IDS.has(to.id) || to.id === 'name') return toTextCaster(from);
  if (from.id === to.id && from.id !== 'array' && from.id !== 'map' && from.id !== 'row') return identity;
  // OIDs: integers and the reg* types convert by value (binary-coercible in PostgreSQL).
  if (isOidType(to) && (INT_IDS.has(from.id) || isOidType(from))) return (v) => (Number(v) < 0 ? Number(v) + 4294967296 : Number(v));
  if (isOidType(from) && INT_IDS.has(to.id)) return intRange(to.id as 'int2' | 'int4' | 'int8');
  if (isOidType(from) && (to.id === 'numeric' || to.id === 'float8')) return numericCaster(T.int8, to);
  const n = numericCaster(from, to);
  if (n) return n;
  if (from.id === 'bool' && to.id === 'int4') return (v) => (v ? 1 : 0);
  const d = datetimeCaster(from, to);
  if (d) return d;
  if (from.id === 'json' && to.id === 'jsonb') return (v) => normalizeJsonb(JSON.parse(v as string));
  if (from.id === 'jsonb' && to.id === 'json') return identity;
  if (from.id === 'array' && to.id === 'array') {
    const el = makeCaster(from.element, to.element);
    return (v) => (v as unknown[]).map((x) => (x === null ? null : el(x)));
  }
  if (from.id === 'map' && to.id === 'map') {
    const k = makeCaster(from.key, to.key);
    const x = makeCaster(from.value, to.value);
    return (v) => new Map([...(v as Map<unknown, unknown>)].map(([a, b]) => [a === null ? null : k(a), b === null ? null : x(b)]));
  }
  if (from.id === 'row' && to.id === 'row' && from.fields.length === to.fields.length) {
    const fs = from.fields.map((f, i) => makeCaster(f.type, to.fields[i]!.type));
    return (v) => (v as unknown[]).map((x, i) => (x === null ? null : fs[i]!(x)));
  }
  return undefined;
}

/**
 * A specialized conversion for non-null values of `from` to `to` (compile once, call per row).
 * Throws 42846 `cannot cast type x to y` when PostgreSQL has no such cast.
 */
export function makeCaster(from: SqlType, to: SqlType, opts: { assignment?: boolean } = {}): Caster {
  const base = baseCaster(from, to);
  if (!base) throw new SqlError(SqlState.cannotCoerce, `cannot cast type ${formatType(from)} to ${formatType(to)}`);
  const typmod = numericTypmod(to) ?? timestampTypmod(to);
  const withMod: Caster = typmod ? (v) => typmod(base(v)) : base;
  return lengthAdjust(to, withMod, opts.assignment ?? false);
}

const casterCache = new Map<string, Caster>();

/**
 * Converts `value` of type `from` to type `to` as PostgreSQL's explicit CAST does; NULL stays NULL.
 * Throws SqlError: 22003 (out of range), 22P02 / 22007 / 22008 (bad text), 42846 (no such cast).
 */
export function castValue(from: SqlType, to: SqlType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const key = formatType(from) + '\u0000' + formatType(to);
  let c = casterCache.get(key);
  if (!c) {
    c = makeCaster(from, to);
    if (casterCache.size > 1000) casterCache.clear();
    casterCache.set(key, c);
  }
  return c(value);
}

/** Whether an explicit CAST from `from` to `to` exists (pg_cast plus I/O conversions to and from text). */
export function canCast(from: SqlType, to: SqlType): boolean {
  try {
    return baseCaster(from, to) !== undefined;
  } catch {
    return false;
  }
}
