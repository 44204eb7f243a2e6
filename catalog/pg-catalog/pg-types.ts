/**
 * The types pg_type lists (PostgreSQL docs §53.64 pg_type, §8 Data Types): OIDs, names, lengths,
 * categories and I/O function names as PostgreSQL 15 has them, written from its documentation;
 * how Strom's SqlTypes map to (oid, typmod) for pg_attribute; and format_type(oid, typmod) (docs
 * §9.26 System Information Functions).
 */
import { typeOid, type SqlType } from '../../common/types.ts';

/** A pg_type row Strom reports. */
export interface PgTypeInfo {
  readonly oid: number;
  readonly name: string;
  /** typlen: bytes, -1 varlena, -2 C string. */
  readonly len: number;
  /** typtype: b base, p pseudo. */
  readonly type: 'b' | 'p';
  /** typcategory (docs Table 53.65). */
  readonly category: string;
  /** typelem (0 unless an array). */
  readonly elem: number;
  /** typarray (0 when no array type). */
  readonly array: number;
  /** typinput / typoutput / typreceive / typsend stem: `int4` → int4in, int4out, int4recv, int4send. */
  readonly io: string;
  /** typcollation: 100 (default) for collatable types, 950 (C) for name, else 0. */
  readonly collation: number;
  /** format_type's name (`integer`, `character varying`). */
  readonly display: string;
}

type Row = readonly [oid: number, name: string, len: number, category: string, array: number, io: string, display: string];

const BASE: readonly Row[] = [
  [16, 'bool', 1, 'B', 1000, 'bool', 'boolean'],
  [17, 'bytea', -1, 'U', 1001, 'bytea', 'bytea'],
  [18, 'char', 1, 'Z', 1002, 'char', '"char"'],
  [19, 'name', 64, 'S', 1003, 'name', 'name'],
  [20, 'int8', 8, 'N', 1016, 'int8', 'bigint'],
  [21, 'int2', 2, 'N', 1005, 'int2', 'smallint'],
  [22, 'int2vector', -1, 'A', 1006, 'int2vector', 'int2vector'],
  [23, 'int4', 4, 'N', 1007, 'int4', 'integer'],
  [24, 'regproc', 4, 'N', 1008, 'regproc', 'regproc'],
  [25, 'text', -1, 'S', 1009, 'text', 'text'],
  [26, 'oid', 4, 'N', 1028, 'oid', 'oid'],
  [27, 'tid', 6, 'U', 1010, 'tid', 'tid'],
  [28, 'xid', 4, 'U', 1011, 'xid', 'xid'],
  [29, 'cid', 4, 'U', 1012, 'cid', 'cid'],
  [30, 'oidvector', -1, 'A', 1013, 'oidvector', 'oidvector'],
  [114, 'json', -1, 'U', 199, 'json_', 'json'],
  [142, 'xml', -1, 'U', 143, 'xml_', 'xml'],
  [194, 'pg_node_tree', -1, 'Z', 0, 'pg_node_tree_', 'pg_node_tree'],
  [700, 'float4', 4, 'N', 1021, 'float4', 'real'],
  [701, 'float8', 8, 'N', 1022, 'float8', 'double precision'],
  [1042, 'bpchar', -1, 'S', 1014, 'bpchar', 'character'],
  [1043, 'varchar', -1, 'S', 1015, 'varchar', 'character varying'],
  [1082, 'date', 4, 'D', 1182, 'date_', 'date'],
  [1083, 'time', 8, 'D', 1183, 'time_', 'time without time zone'],
  [1114, 'timestamp', 8, 'D', 1115, 'timestamp_', 'timestamp without time zone'],
  [1184, 'timestamptz', 8, 'D', 1185, 'timestamptz_', 'timestamp with time zone'],
  [1186, 'interval', 16, 'T', 1187, 'interval_', 'interval'],
  [1266, 'timetz', 12, 'D', 1270, 'timetz_', 'time with time zone'],
  [1700, 'numeric', -1, 'N', 1231, 'numeric_', 'numeric'],
  [2202, 'regprocedure', 4, 'N', 2207, 'regprocedure', 'regprocedure'],
  [2205, 'regclass', 4, 'N', 2210, 'regclass', 'regclass'],
  [2206, 'regtype', 4, 'N', 2211, 'regtype', 'regtype'],
  [2950, 'uuid', 16, 'U', 2951, 'uuid_', 'uuid'],
  [3802, 'jsonb', -1, 'U', 3807, 'jsonb_', 'jsonb'],
  [4089, 'regnamespace', 4, 'N', 4090, 'regnamespace', 'regnamespace'],
  [4096, 'regrole', 4, 'N', 4097, 'regrole', 'regrole'],
];

const PSEUDO: readonly Row[] = [
  [705, 'unknown', -2, 'X', 0, 'unknown', 'unknown'],
  [2249, 'record', -1, 'P', 2287, 'record_', 'record'],
  [2275, 'cstring', -2, 'P', 1263, 'cstring_', 'cstring'],
  [2276, 'any', 4, 'P', 0, 'any_', '"any"'],
  [2277, 'anyarray', -1, 'P', 0, 'anyarray_', 'anyarray'],
  [2278, 'void', 4, 'P', 0, 'void_', 'void'],
  [2283, 'anyelement', 4, 'P', 0, 'anyelement_', 'anyelement'],
];

const COLLATABLE = new Set(['text', 'varchar', 'bpchar']);

function ioName(stem: string, dir: 'in' | 'out' | 'recv' | 'send'): string {
  return stem.endsWith('_') ? `${stem}${dir}` : `${stem}${dir}`;
}

function build(): PgTypeInfo[] {
  const out: PgTypeInfo[] = [];
  for (const [rows, type] of [[BASE, 'b'], [PSEUDO, 'p']] as const) {
    for (const [oid, name, len, category, array, io, display] of rows) {
      out.push({ oid, name, len, type, category, elem: 0, array, io, collation: COLLATABLE.has(name) ? 100 : name === 'name' ? 950 : 0, display });
    }
  }
  for (const [oid, name, , , array, , display] of [...BASE, ...PSEUDO.filter((r) => r[1] === 'record' || r[1] === 'cstring')]) {
    if (array === 0) continue;
    out.push({
      oid: array,
      name: `_${name}`,
      len: -1,
      type: 'b',
      category: 'A',
      elem: oid,
      array: 0,
      io: 'array_',
      collation: COLLATABLE.has(name) ? 100 : 0,
      display: `${display}[]`,
    });
  }
  return out.sort((a, b) => a.oid - b.oid);
}

/** Every pg_type row, by OID. */
export const PG_TYPES: readonly PgTypeInfo[] = build();
const BY_OID = new Map(PG_TYPES.map((t) => [t.oid, t]));
const BY_NAME = new Map(PG_TYPES.map((t) => [t.name, t]));

/** The pg_type row of `oid`. */
export function pgTypeByOid(oid: number): PgTypeInfo | undefined {
  return BY_OID.get(oid);
}

/** The pg_type row named `name` (typname, e.g. `int4`, `_text`). */
export function pgTypeByName(name: string): PgTypeInfo | undefined {
  return BY_NAME.get(name);
}

/** typinput etc. of a type: `int4in`, `array_in`. */
export function typeIo(t: PgTypeInfo, dir: 'in' | 'out' | 'recv' | 'send'): string {
  return ioName(t.io, dir);
}

/** The pg_type OID of a column of type `t` (maps and rows are shown as json, as on the wire). */
export function columnTypeOid(t: SqlType): number {
  return typeOid(t);
}

/**
 * format_type(oid, typmod) (docs §9.26 Table 9.68): `integer`, `character varying(10)`,
 * `numeric(10,2)`, `timestamp(3) without time zone`, `integer[]`; NULL for a NULL oid, `???` for an
 * unknown one as PostgreSQL prints it.
 */
export function formatTypeOid(oid: number, typmod: number | null): string {
  const t = BY_OID.get(oid);
  if (!t) return '???';
  if (t.elem !== 0) return `${formatTypeOid(t.elem, typmod)}[]`;
  const mod = typmod ?? -1;
  switch (t.name) {
    case 'varchar':
    case 'bpchar':
      return mod >= 4 ? `${t.display}(${mod - 4})` : t.display;
    case 'numeric':
      return mod >= 4 ? `numeric(${((mod - 4) >> 16) & 0xffff},${(mod - 4) & 0xffff})` : 'numeric';
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return mod >= 0 ? t.display.replace(/^(\w+)/, `$1(${mod})`) : t.display;
    default:
      return t.display;
  }
}
