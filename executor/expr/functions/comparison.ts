/**
 * Comparison operators `= <> < <= > >=` for every type (PostgreSQL docs §9.2), by id
 * `<type>_eq|ne|lt|le|gt|ge`: integers and date/time types by their numbers (int8 mixing number and
 * bigint), floats with NaN equal to itself and above everything, numeric by value (1.5 = 1.50), text
 * by code point (C collation), char(n) ignoring trailing spaces, intervals by total span (1 mon =
 * 30 days), arrays element-wise (anyarray). Also array and map subscripts `[]` (NULL when out of range).
 */
import type { Decimal } from 'decimal.js';
import { T, type SqlType } from '../../../common/types.ts';
import { compareAny, compareFloat, compareInterval, compareText, compareValues } from '../../row/key-codec.ts';
import { ANY_ARRAY, def, type FunctionImpl } from './types.ts';

type Cmp = (a: any, b: any) => number;
const OPS = [
  ['eq', '='],
  ['ne', '<>'],
  ['lt', '<'],
  ['le', '<='],
  ['gt', '>'],
  ['ge', '>='],
] as const;

/** The six operators from a three-way comparison. */
function fromCmp(prefix: string, ty: SqlType, cmp: Cmp): FunctionImpl[] {
  const b = T.bool;
  return [
    def(`${prefix}_eq`, '=', [ty, ty], b, (x: unknown, y: unknown) => cmp(x, y) === 0),
    def(`${prefix}_ne`, '<>', [ty, ty], b, (x: unknown, y: unknown) => cmp(x, y) !== 0),
    def(`${prefix}_lt`, '<', [ty, ty], b, (x: unknown, y: unknown) => cmp(x, y) < 0),
    def(`${prefix}_le`, '<=', [ty, ty], b, (x: unknown, y: unknown) => cmp(x, y) <= 0),
    def(`${prefix}_gt`, '>', [ty, ty], b, (x: unknown, y: unknown) => cmp(x, y) > 0),
    def(`${prefix}_ge`, '>=', [ty, ty], b, (x: unknown, y: unknown) => cmp(x, y) >= 0),
  ];
}

/** The six operators with JS operators (integers, dates, timestamps: number | bigint values, never NaN). */
function primitive(prefix: string, ty: SqlType): FunctionImpl[] {
  const b = T.bool;
  return [
    def(`${prefix}_eq`, '=', [ty, ty], b, (x: number, y: number) => x === y),
    def(`${prefix}_ne`, '<>', [ty, ty], b, (x: number, y: number) => x !== y),
    def(`${prefix}_lt`, '<', [ty, ty], b, (x: number, y: number) => x < y),
    def(`${prefix}_le`, '<=', [ty, ty], b, (x: number, y: number) => x <= y),
    def(`${prefix}_gt`, '>', [ty, ty], b, (x: number, y: number) => x > y),
    def(`${prefix}_ge`, '>=', [ty, ty], b, (x: number, y: number) => x >= y),
  ];
}

function floats(prefix: string, ty: SqlType): FunctionImpl[] {
  const b = T.bool;
  return [
    def(`${prefix}_eq`, '=', [ty, ty], b, (x: number, y: number) => x === y || (x !== x && y !== y)),
    def(`${prefix}_ne`, '<>', [ty, ty], b, (x: number, y: number) => !(x === y || (x !== x && y !== y))),
    def(`${prefix}_lt`, '<', [ty, ty], b, (x: number, y: number) => x < y || (y !== y && x === x)),
    def(`${prefix}_le`, '<=', [ty, ty], b, (x: number, y: number) => compareFloat(x, y) <= 0),
    def(`${prefix}_gt`, '>', [ty, ty], b, (x: number, y: number) => x > y || (x !== x && y === y)),
    def(`${prefix}_ge`, '>=', [ty, ty], b, (x: number, y: number) => compareFloat(x, y) >= 0),
  ];
}

function text(prefix: string, ty: SqlType): FunctionImpl[] {
  const b = T.bool;
  return [
    def(`${prefix}_eq`, '=', [ty, ty], b, (x: string, y: string) => x === y),
    def(`${prefix}_ne`, '<>', [ty, ty], b, (x: string, y: string) => x !== y),
    def(`${prefix}_lt`, '<', [ty, ty], b, (x: string, y: string) => compareText(x, y) < 0),
    def(`${prefix}_le`, '<=', [ty, ty], b, (x: string, y: string) => compareText(x, y) <= 0),
    def(`${prefix}_gt`, '>', [ty, ty], b, (x: string, y: string) => compareText(x, y) > 0),
    def(`${prefix}_ge`, '>=', [ty, ty], b, (x: string, y: string) => compareText(x, y) >= 0),
  ];
}

const numericCmp = (x: Decimal, y: Decimal) => compareAny(x, y);
const BPCHAR: SqlType = { id: 'bpchar' };
const bpcharCmp = (x: string, y: string) => compareValues(BPCHAR, x, y);

/** 1-based array element, NULL out of range (PostgreSQL array subscripts, docs §8.15.3). */
function arraySubscript(arr: readonly unknown[], i: number | bigint): unknown {
  const n = Number(i);
  return n >= 1 && n <= arr.length ? (arr[n - 1] ?? null) : null;
}

function mapSubscript(m: ReadonlyMap<unknown, unknown>, k: unknown): unknown {
  if (m.has(k)) return m.get(k) ?? null;
  for (const [key, v] of m) if (key !== null && compareAny(key, k) === 0) return v ?? null;
  return null;
}

/** Pseudo-type for any map (matched by identity, see registry.ts). */
export const ANY_MAP: SqlType = Object.freeze({ id: 'map', key: T.unknown, value: T.unknown }) as SqlType;

/** The comparison overloads (and subscripts). */
export const COMPARISON_FUNCTIONS: readonly FunctionImpl[] = [
  ...primitive('bool', T.bool),
  ...primitive('int2', T.int2),
  ...primitive('int4', T.int4),
  ...primitive('int8', T.int8),
  ...floats('float4', T.float4),
  ...floats('float8', T.float8),
  ...fromCmp('numeric', T.numeric, numericCmp),
  ...text('text', T.text),
  ...fromCmp('bpchar', BPCHAR, bpcharCmp),
  ...text('bytea', T.bytea).map((f) => ({ ...f, impl: byteaOp(f.id) })),
  ...primitive('date', T.date),
  ...primitive('time', T.time),
  ...primitive('timestamp', T.timestamp),
  ...primitive('timestamptz', T.timestamptz),
  ...fromCmp('interval', T.interval, compareInterval),
  ...text('uuid', T.uuid),
  // Catalog types: OIDs by number (reg* compare as their OIDs), name and "char" by code point.
  ...primitive('oid', T.oid),
  ...primitive('regclass', T.regclass),
  ...primitive('regtype', T.regtype),
  ...text('name', T.name),
  ...text('char', T.char),
  ...primitive('xid', T.xid),
  ...text('tid', T.tid),
  ...text('jsonb', T.jsonb).filter((f) => f.id === 'jsonb_eq' || f.id === 'jsonb_ne'),
  ...fromCmp('array', ANY_ARRAY, compareAny),
  def('array_subscript', '[]', [ANY_ARRAY, T.int4], T.unknown, arraySubscript),
  def('map_subscript', '[]', [ANY_MAP, T.unknown], T.unknown, mapSubscript),
];

function byteaOp(id: string): (a: Uint8Array, b: Uint8Array) => boolean {
  const op = id.slice(id.lastIndexOf('_') + 1);
  const cmp = (a: Uint8Array, b: Uint8Array) => compareAny(a, b);
  switch (op) {
    case 'eq':
      return (a, b) => cmp(a, b) === 0;
    case 'ne':
      return (a, b) => cmp(a, b) !== 0;
    case 'lt':
      return (a, b) => cmp(a, b) < 0;
    case 'le':
      return (a, b) => cmp(a, b) <= 0;
    case 'gt':
      return (a, b) => cmp(a, b) > 0;
    default:
      return (a, b) => cmp(a, b) >= 0;
  }
}

/** The comparison operator names with their ids' suffixes. */
export const COMPARISON_OPS = OPS;
