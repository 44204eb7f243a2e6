/**
 * Strom's SQL type system: the logical types every stage shares (parser type names are resolved to
 * these by the binder; the executor lays them out in binary rows; the server maps them to OIDs).
 *
 * JavaScript value representation of each type (what expressions compute, what the server encodes):
 *  - bool → boolean
 *  - int2, int4 → number (integer)
 *  - int8 → number when |v| ≤ 2^53-1, else bigint (canonical: never a bigint for a safe integer, so
 *    `===` works on canonical values and `<` works across both)
 *  - float4, float8 → number
 *  - numeric → Decimal (decimal.js), arbitrary precision as PostgreSQL's numeric, carrying a display
 *    scale (digits printed after the point; common/numeric-scale.ts `withScale`/`dscaleOf`, printed by
 *    `numericText` as `toFixed(dscale)`, never in exponent form). Every producer sets it with
 *    PostgreSQL's rules (numeric.c): literal / text input → digits after the point minus the exponent
 *    (`1.50` → 2, `1e3` → 0); int → numeric → 0; float → numeric → that of its %g text; numeric(p,s)
 *    → s; + − % → max of the inputs'; * → their sum; / → select_div_scale (max(16 − estimated leading
 *    digits, inputs' scales), 0..1000); round/trunc(x, n) → n; ceil/floor/sign → 0; sum → max of the
 *    inputs'; avg → the division's; min/max → the chosen input's. Equal values with different scales
 *    are equal (1.5 = 1.50): comparison, hashing and keys ignore the scale
 *  - text, varchar, char → string
 *  - bytea → Uint8Array
 *  - date → number: days since 1970-01-01
 *  - time → number: microseconds since midnight
 *  - timestamp, timestamptz → number: microseconds since 1970-01-01 00:00:00 (UTC for timestamptz)
 *  - interval → Interval { months, days, micros }
 *  - json, jsonb → string (the JSON text, normalized for jsonb)
 *  - uuid → string (lower-case canonical form)
 *  - array → Array of element values (null allowed)
 *  - map → Map of key → value; row → Array of field values
 *  - unknown → string (an untyped literal, as PostgreSQL's `unknown` pseudo-type)
 *  - oid, regclass, regtype, regproc → number (the unsigned 32-bit OID; derived objects' OIDs may
 *    exceed 2^31); the reg* types print as the object's name (docs §8.19 Object Identifier Types)
 *  - name, "char" (id `char`) → string (pg_catalog's identifier and one-byte types, docs §8.3)
 *  - xid → number (a transaction id), tid → string `(block,offset)` (the system columns xmin, ctid)
 *  - SQL NULL → null, in every type
 *
 * Semantics follow PostgreSQL docs §8 (Data Types); Flink type names are accepted as aliases
 * (STRING = text, TIMESTAMP_LTZ = timestamptz, ARRAY<T>, MAP<K,V>, ROW<…>).
 */

/** Names of the scalar type ids. */
export type ScalarTypeId =
  | 'bool'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'text'
  | 'varchar'
  | 'bpchar'
  | 'bytea'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'json'
  | 'jsonb'
  | 'uuid'
  | 'oid'
  | 'regclass'
  | 'regtype'
  | 'regproc'
  | 'name'
  | 'char'
  | 'xid'
  | 'tid'
  | 'unknown';

/** A scalar type; `precision`/`scale` for numeric, `length` for varchar/bpchar, `precision` (fractional digits) for time stamps. */
export interface ScalarType {
  readonly id: ScalarTypeId;
  readonly precision?: number;
  readonly scale?: number;
  readonly length?: number;
}
export interface ArrayType {
  readonly id: 'array';
  readonly element: SqlType;
}
export interface MapType {
  readonly id: 'map';
  readonly key: SqlType;
  readonly value: SqlType;
}
export interface RowType {
  readonly id: 'row';
  readonly fields: readonly { readonly name: string; readonly type: SqlType }[];
}
/** Any SQL type. */
export type SqlType = ScalarType | ArrayType | MapType | RowType;

/** An interval value, as PostgreSQL stores it (docs §8.5.4): months, days and microseconds kept apart. */
export interface Interval {
  readonly months: number;
  readonly days: number;
  readonly micros: number;
}

const scalarCache = new Map<ScalarTypeId, ScalarType>();
/** The unparameterized scalar type for an id (shared instance). */
export function scalar(id: ScalarTypeId): ScalarType {
  let t = scalarCache.get(id);
  if (!t) {
    t = Object.freeze({ id });
    scalarCache.set(id, t);
  }
  return t;
}

/** Common type constants. */
export const T = {
  bool: scalar('bool'),
  int2: scalar('int2'),
  int4: scalar('int4'),
  int8: scalar('int8'),
  float4: scalar('float4'),
  float8: scalar('float8'),
  numeric: scalar('numeric'),
  text: scalar('text'),
  varchar: scalar('varchar'),
  bytea: scalar('bytea'),
  date: scalar('date'),
  time: scalar('time'),
  timestamp: scalar('timestamp'),
  timestamptz: scalar('timestamptz'),
  interval: scalar('interval'),
  json: scalar('json'),
  jsonb: scalar('jsonb'),
  uuid: scalar('uuid'),
  oid: scalar('oid'),
  regclass: scalar('regclass'),
  regtype: scalar('regtype'),
  regproc: scalar('regproc'),
  name: scalar('name'),
  char: scalar('char'),
  xid: scalar('xid'),
  tid: scalar('tid'),
  unknown: scalar('unknown'),
} as const;

/** True for oid and the reg* types (values are OIDs, category N). */
export function isOidType(t: SqlType): boolean {
  return t.id === 'oid' || t.id === 'regclass' || t.id === 'regtype' || t.id === 'regproc';
}

/** An array type of `element`. */
export function arrayOf(element: SqlType): ArrayType {
  return { id: 'array', element };
}

/**
 * PostgreSQL type OIDs (pg_type.oid), from src/include/catalog/pg_type.dat.
 * Used in RowDescription, ParameterDescription and pg_catalog.
 */
export const TypeOid = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int2vector: 22,
  int4: 23,
  regproc: 24,
  text: 25,
  oid: 26,
  tid: 27,
  xid: 28,
  json: 114,
  xml: 142,
  float4: 700,
  float8: 701,
  unknown: 705,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  numeric: 1700,
  regclass: 2205,
  regtype: 2206,
  uuid: 2950,
  jsonb: 3802,
  record: 2249,
  _bool: 1000,
  _bytea: 1001,
  _int2: 1005,
  _int4: 1007,
  _text: 1009,
  _bpchar: 1014,
  _varchar: 1015,
  _int8: 1016,
  _float4: 1021,
  _float8: 1022,
  _timestamp: 1115,
  _date: 1182,
  _time: 1183,
  _timestamptz: 1185,
  _interval: 1187,
  _numeric: 1231,
  _uuid: 2951,
  _json: 199,
  _jsonb: 3807,
  _oid: 1028,
  _name: 1003,
  _char: 1002,
  _regproc: 1008,
  _regclass: 2210,
  _regtype: 2211,
} as const;

/** The OID a value of type `t` is sent with. Maps and rows go as json text (Strom has no composite OIDs yet). */
export function typeOid(t: SqlType): number {
  switch (t.id) {
    case 'array': {
      const el = t.element;
      const name = `_${el.id}` as keyof typeof TypeOid;
      return TypeOid[name] ?? TypeOid._text;
    }
    case 'map':
    case 'row':
      return TypeOid.json;
    default:
      return TypeOid[t.id];
  }
}

/** The fixed size in bytes a value of `t` has on the wire in binary format, or -1 when variable (RowDescription's typlen). */
export function typeLen(t: SqlType): number {
  switch (t.id) {
    case 'bool':
      return 1;
    case 'int2':
      return 2;
    case 'int4':
    case 'float4':
    case 'date':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'xid':
      return 4;
    case 'tid':
      return 6;
    case 'name':
      return 64;
    case 'char':
      return 1;
    case 'int8':
    case 'float8':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return 8;
    case 'interval':
    case 'uuid':
      return 16;
    default:
      return -1;
  }
}

/** The type for an OID, for declared parameter types in Parse; undefined when Strom has no such type. */
export function typeFromOid(oid: number): SqlType | undefined {
  for (const [name, o] of Object.entries(TypeOid)) {
    if (o !== oid) continue;
    if (name.startsWith('_')) {
      const el = typeFromOid(TypeOid[name.slice(1) as keyof typeof TypeOid]);
      return el ? arrayOf(el) : undefined;
    }
    if (name === 'xml' || name === 'int2vector' || name === 'record') return undefined;
    return scalar(name as ScalarTypeId);
  }
  return undefined;
}

/** The name of `t` as PostgreSQL's format_type prints it (e.g. `bigint`, `character varying(10)`, `numeric(10,2)`, `integer[]`). */
export function formatType(t: SqlType): string {
  switch (t.id) {
    case 'bool':
      return 'boolean';
    case 'int2':
      return 'smallint';
    case 'int4':
      return 'integer';
    case 'int8':
      return 'bigint';
    case 'float4':
      return 'real';
    case 'float8':
      return 'double precision';
    case 'numeric':
      return t.precision !== undefined ? `numeric(${t.precision},${t.scale ?? 0})` : 'numeric';
    case 'text':
      return 'text';
    case 'varchar':
      return t.length !== undefined ? `character varying(${t.length})` : 'character varying';
    case 'bpchar':
      return `character(${t.length ?? 1})`;
    case 'bytea':
      return 'bytea';
    case 'date':
      return 'date';
    case 'time':
      return t.precision !== undefined ? `time(${t.precision}) without time zone` : 'time without time zone';
    case 'timestamp':
      return t.precision !== undefined ? `timestamp(${t.precision}) without time zone` : 'timestamp without time zone';
    case 'timestamptz':
      return t.precision !== undefined ? `timestamp(${t.precision}) with time zone` : 'timestamp with time zone';
    case 'interval':
      return 'interval';
    case 'json':
      return 'json';
    case 'jsonb':
      return 'jsonb';
    case 'uuid':
      return 'uuid';
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'name':
    case 'xid':
    case 'tid':
      return t.id;
    case 'char':
      return '"char"';
    case 'unknown':
      return 'unknown';
    case 'array':
      return `${formatType(t.element)}[]`;
    case 'map':
      return `MAP<${formatType(t.key)}, ${formatType(t.value)}>`;
    case 'row':
      return `ROW<${t.fields.map((f) => `${f.name} ${formatType(f.type)}`).join(', ')}>`;
  }
}

/** Structural type equality, parameters included. */
export function typeEquals(a: SqlType, b: SqlType): boolean {
  if (a.id !== b.id) return false;
  switch (a.id) {
    case 'array':
      return typeEquals(a.element, (b as ArrayType).element);
    case 'map':
      return typeEquals(a.key, (b as MapType).key) && typeEquals(a.value, (b as MapType).value);
    case 'row': {
      const bf = (b as RowType).fields;
      return a.fields.length === bf.length && a.fields.every((f, i) => f.name === bf[i]!.name && typeEquals(f.type, bf[i]!.type));
    }
    default: {
      const bs = b as ScalarType;
      return a.precision === bs.precision && a.scale === bs.scale && a.length === bs.length;
    }
  }
}

/** PostgreSQL's type categories (pg_type.typcategory), which drive implicit-cast resolution (docs §10.2). */
export type TypeCategory = 'B' | 'N' | 'S' | 'D' | 'T' | 'U' | 'A' | 'X' | 'C';

/** The category of `t`: B boolean, N numeric, S string, D date/time, T timespan, U user (json, uuid, bytea), A array, C composite, X unknown. */
export function typeCategory(t: SqlType): TypeCategory {
  switch (t.id) {
    case 'bool':
      return 'B';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'numeric':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
      return 'N';
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
      return 'S';
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return 'D';
    case 'interval':
      return 'T';
    case 'unknown':
      return 'X';
    case 'array':
      return 'A';
    case 'map':
    case 'row':
      return 'C';
    default:
      return 'U';
  }
}

const NUMERIC_RANK: Partial<Record<ScalarTypeId, number>> = { int2: 1, int4: 2, int8: 3, numeric: 4, float4: 5, float8: 6 };
const DATETIME_RANK: Partial<Record<ScalarTypeId, number>> = { date: 1, timestamp: 2, timestamptz: 3 };

/**
 * Whether a value of `from` converts implicitly to `to`, as PostgreSQL's pg_cast entries with
 * castcontext 'i' (docs §10): numeric widening int2→int4→int8→numeric→float4→float8, any string type
 * to text/varchar, date→timestamp→timestamptz, unknown to anything.
 */
export function canImplicitCast(from: SqlType, to: SqlType): boolean {
  if (typeEquals(from, to) || from.id === to.id) return true;
  if (from.id === 'unknown') return true;
  // OIDs (pg_cast: int2/int4/int8 → oid and reg*, oid ↔ reg* binary-coercible, oid → int8).
  if (isOidType(to)) return isInteger(from) || isOidType(from);
  if (isOidType(from)) return to.id === 'int8' || to.id === 'numeric' || to.id === 'float8';
  if (to.id === 'char') return false;
  const fn = NUMERIC_RANK[from.id as ScalarTypeId];
  const tn = NUMERIC_RANK[to.id as ScalarTypeId];
  if (fn !== undefined && tn !== undefined) return fn <= tn;
  const fd = DATETIME_RANK[from.id as ScalarTypeId];
  const td = DATETIME_RANK[to.id as ScalarTypeId];
  if (fd !== undefined && td !== undefined) return fd <= td;
  if (typeCategory(from) === 'S' && typeCategory(to) === 'S') return to.id !== 'bpchar';
  if (from.id === 'json' && to.id === 'jsonb') return false;
  if (from.id === 'array' && to.id === 'array') return canImplicitCast(from.element, to.element);
  return false;
}

/**
 * The common type of a set of types, as PostgreSQL resolves UNION/CASE/COALESCE/VALUES (docs §10.5):
 * unknowns take the other types' type (text when all are unknown); otherwise the first type that every
 * other converts to implicitly. Returns undefined when there is none (the caller raises 42804).
 */
export function commonType(types: readonly SqlType[]): SqlType | undefined {
  const known = types.filter((t) => t.id !== 'unknown');
  if (known.length === 0) return T.text;
  let best = known[0]!;
  for (const t of known.slice(1)) {
    if (canImplicitCast(t, best)) continue;
    if (canImplicitCast(best, t)) best = t;
    else return undefined;
  }
  // Parameterized types that differ (varchar(3) vs varchar(5)) widen to the unparameterized type.
  if (known.some((t) => t.id === best.id && !typeEquals(t, best))) best = scalar(best.id as ScalarTypeId);
  return best;
}

/** True for the numeric types (category N). */
export function isNumeric(t: SqlType): boolean {
  return typeCategory(t) === 'N';
}

/** True for int2/int4/int8. */
export function isInteger(t: SqlType): boolean {
  return t.id === 'int2' || t.id === 'int4' || t.id === 'int8';
}

/** True for the string types (text, varchar, bpchar). */
export function isString(t: SqlType): boolean {
  return typeCategory(t) === 'S';
}

/**
 * The type modifier PostgreSQL reports for a type: pg_attribute.atttypmod and RowDescription's type
 * modifier; varchar(n)/char(n) → n + 4, numeric(p,s) → (p << 16 | s) + 4, time stamps → precision,
 * else −1.
 */
export function typeModifier(t: SqlType): number {
  switch (t.id) {
    case 'varchar':
    case 'bpchar':
      return t.length !== undefined ? t.length + 4 : -1;
    case 'numeric':
      return t.precision !== undefined ? ((t.precision << 16) | (t.scale ?? 0)) + 4 : -1;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return t.precision ?? -1;
    default:
      return -1;
  }
}
