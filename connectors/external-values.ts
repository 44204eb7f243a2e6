/**
 * Values crossing into and out of external stores (SQLite, PostgreSQL) for lookups: a driver's value
 * becomes the JavaScript value of the column's Strom type (common/types.ts), by type for numbers and
 * through PostgreSQL's input function for text; a Strom key value becomes a driver parameter (numbers
 * as numbers, everything else as PostgreSQL text, which both stores compare against typed columns).
 * A value that does not fit the column type is SqlError 22P02 (or 22003 / 22007 from the parser).
 */
import type { SqlType } from '../common/types.ts';
import { formatValue, parseValue } from '../common/pg-text.ts';

/** A driver value (number, bigint, string, Buffer/Uint8Array, boolean, null) as a value of `type`. */
export function fromDriver(type: SqlType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      if (type.id === 'float4' || type.id === 'float8') return v;
      if (type.id === 'bool') return v !== 0;
      if ((type.id === 'int2' || type.id === 'int4' || type.id === 'int8') && Number.isInteger(v)) return v;
      return parseValue(type, String(v));
    case 'bigint':
      if (type.id === 'int8') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      return parseValue(type, String(v));
    case 'boolean':
      return type.id === 'bool' ? v : parseValue(type, v ? 'true' : 'false');
    case 'string':
      return type.id === 'text' || type.id === 'varchar' ? v : parseValue(type, v);
    default:
      if (v instanceof Uint8Array) return type.id === 'bytea' ? new Uint8Array(v) : parseValue(type, Buffer.from(v).toString('utf8'));
      return parseValue(type, String(v));
  }
}

/** A key value of `type` as a parameter for an external store's query. */
export function toDriver(type: SqlType, v: unknown, opts: { numbers: boolean }): unknown {
  if (v === null || v === undefined) return null;
  if (opts.numbers && (typeof v === 'number' || typeof v === 'bigint') && type.id !== 'date' && type.id !== 'time' && type.id !== 'timestamp' && type.id !== 'timestamptz') {
    return v;
  }
  if (opts.numbers && type.id === 'bool') return v ? 1 : 0;
  return formatValue(type, v);
}
