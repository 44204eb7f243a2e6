/**
 * Values to and from JSON as Flink's `json` format writes and reads them: numbers as JSON numbers
 * (int8 beyond 2^53 and DECIMAL as exact number text), TIMESTAMP as `yyyy-MM-dd HH:mm:ss.SSS`
 * (the SQL standard format, Flink's default `json.timestamp-format.standard`), TIMESTAMP_LTZ the same
 * with a trailing `Z`, DATE `yyyy-MM-dd`, TIME `HH:mm:ss[.ffffff]`, BYTES base64, ARRAY as arrays,
 * MAP and ROW as objects. JS values follow common/types.ts.
 */
import { Decimal } from 'decimal.js';
import type { SqlType } from '../common/types.ts';

const US_PER_DAY = 86_400_000_000;

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** `HH:mm:ss` plus `.SSS` (whole ms) or `.ffffff`, of µs since midnight. */
export function formatTimeUs(us: number, alwaysMs = false): string {
  const s = Math.floor(us / 1_000_000);
  const frac = us - s * 1_000_000;
  const base = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  if (frac === 0 && !alwaysMs) return base;
  return frac % 1000 === 0 ? `${base}.${pad(frac / 1000, 3)}` : `${base}.${pad(frac, 6)}`;
}

/** `yyyy-MM-dd` of days since 1970-01-01. */
export function formatDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** `yyyy-MM-dd HH:mm:ss.SSS` (or 6 fractional digits when needed) of µs since epoch, UTC. */
export function formatTimestampUs(us: number): string {
  const days = Math.floor(us / US_PER_DAY);
  return `${formatDate(days)} ${formatTimeUs(us - days * US_PER_DAY, true)}`;
}

/** Parses `yyyy-MM-dd[ T]HH:mm:ss[.f…][Z|±hh:mm]` (UTC when no zone) to µs since epoch; undefined when malformed. */
export function parseTimestampUs(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}${m[6] ? (m[6].toUpperCase() === 'Z' ? 'Z' : m[6].length === 5 ? `${m[6].slice(0, 3)}:${m[6].slice(3)}` : m[6]) : 'Z'}`);
  if (!Number.isFinite(ms)) return undefined;
  const frac = m[5] ? Number(m[5].padEnd(6, '0').slice(0, 6)) : 0;
  return ms * 1000 + frac;
}

function bad(what: string): Error {
  return new Error(what);
}

/** The JS value of JSON value `j` for column type `t` (null for null/undefined). Throws Error when `j` does not fit. */
export function valueOfJson(t: SqlType, j: unknown): unknown {
  if (j === null || j === undefined) return null;
  switch (t.id) {
    case 'bool':
      if (typeof j === 'boolean') return j;
      if (j === 'true' || j === 'false') return j === 'true';
      throw bad(`expected a boolean, got ${JSON.stringify(j)}`);
    case 'int2':
    case 'int4':
    case 'int8': {
      const n = typeof j === 'string' && /^\s*[+-]?\d+\s*$/.test(j) ? Number(j) : j;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw bad(`expected an integer, got ${JSON.stringify(j)}`);
      if (t.id === 'int8' && !Number.isSafeInteger(n)) return BigInt(typeof j === 'string' ? j.trim() : n);
      return n;
    }
    case 'float4':
    case 'float8': {
      const n = typeof j === 'string' ? Number(j) : j;
      if (typeof n !== 'number' || Number.isNaN(n)) throw bad(`expected a number, got ${JSON.stringify(j)}`);
      return n;
    }
    case 'numeric':
      if (typeof j !== 'number' && typeof j !== 'string') throw bad(`expected a number, got ${JSON.stringify(j)}`);
      return new Decimal(j);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'unknown':
      return typeof j === 'string' ? j : typeof j === 'object' ? JSON.stringify(j) : String(j);
    case 'uuid':
      if (typeof j !== 'string') throw bad('expected a uuid string');
      return j.toLowerCase();
    case 'json':
    case 'jsonb':
      return JSON.stringify(j);
    case 'bytea':
      if (typeof j !== 'string') throw bad('expected base64 text');
      return new Uint8Array(Buffer.from(j, 'base64'));
    case 'date': {
      const us = typeof j === 'string' ? parseTimestampUs(j) : undefined;
      if (us === undefined) throw bad(`expected a date, got ${JSON.stringify(j)}`);
      return Math.floor(us / US_PER_DAY);
    }
    case 'time': {
      const us = typeof j === 'string' ? parseTimestampUs(`1970-01-01 ${j}`) : undefined;
      if (us === undefined) throw bad(`expected a time, got ${JSON.stringify(j)}`);
      return us;
    }
    case 'timestamp':
    case 'timestamptz': {
      if (typeof j === 'number' && Number.isInteger(j)) return j * 1000; // ms since epoch
      const us = typeof j === 'string' ? parseTimestampUs(j) : undefined;
      if (us === undefined) throw bad(`expected a timestamp, got ${JSON.stringify(j)}`);
      return us;
    }
    case 'interval':
      throw bad('INTERVAL columns are not supported by the json format');
    case 'array':
      if (!Array.isArray(j)) throw bad('expected an array');
      return j.map((x) => valueOfJson(t.element, x));
    case 'map':
      if (typeof j !== 'object' || Array.isArray(j)) throw bad('expected an object');
      return new Map(Object.entries(j as object).map(([k, v]) => [valueOfJson(t.key, k), valueOfJson(t.value, v)]));
    case 'row': {
      if (typeof j !== 'object' || Array.isArray(j)) throw bad('expected an object');
      const o = j as Record<string, unknown>;
      return t.fields.map((f) => valueOfJson(f.type, o[f.name]));
    }
  }
}

/** The JSON text of JS value `v` of type `t` (`null` for null). */
export function jsonOfValue(t: SqlType, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (t.id) {
    case 'bool':
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
      return typeof v === 'number' && !Number.isFinite(v) ? JSON.stringify(String(v)) : String(v);
    case 'int8':
      return String(v);
    case 'numeric':
      return (v as Decimal).isFinite() ? (v as Decimal).toFixed() : JSON.stringify(String(v));
    case 'json':
    case 'jsonb':
      return v as string;
    case 'bytea':
      return JSON.stringify(Buffer.from(v as Uint8Array).toString('base64'));
    case 'date':
      return JSON.stringify(formatDate(v as number));
    case 'time':
      return JSON.stringify(formatTimeUs(v as number));
    case 'timestamp':
      return JSON.stringify(formatTimestampUs(Number(v)));
    case 'timestamptz':
      return JSON.stringify(`${formatTimestampUs(Number(v))}Z`);
    case 'interval':
      return JSON.stringify(v);
    case 'array':
      return `[${(v as unknown[]).map((x) => jsonOfValue(t.element, x)).join(',')}]`;
    case 'map':
      return `{${[...(v as Map<unknown, unknown>)].map(([k, x]) => `${JSON.stringify(String(k))}:${jsonOfValue(t.value, x)}`).join(',')}}`;
    case 'row':
      return `{${t.fields.map((f, i) => `${JSON.stringify(f.name)}:${jsonOfValue(f.type, (v as unknown[])[i])}`).join(',')}}`;
    default:
      return JSON.stringify(v);
  }
}
