/**
 * Type names → SqlType, for PostgreSQL spellings (docs §8, and the SQL-standard multi-word names of
 * §8.1–§8.5: `double precision`, `character varying(n)`, `timestamp(p) with time zone`) and Flink's
 * (Flink docs "Data Types": STRING, TINYINT, DOUBLE, BYTES, TIMESTAMP_LTZ(p),
 * `TIMESTAMP(p) WITH LOCAL TIME ZONE`, ARRAY<T>, MAP<K,V>, ROW<a T, …> / ROW(a T, …)).
 *
 * Catalog pseudo-types (regclass, regtype, regproc, regnamespace, oid, name, "char", …) resolve to a
 * TypeRef with `type: undefined` for the binder. `FLOAT` follows PostgreSQL (float8; float(p) with
 * p ≤ 24 is float4), not Flink's 4-byte FLOAT.
 */
import { SqlError, SqlState } from '../common/errors.ts';
import { T, arrayOf, scalar } from '../common/types.ts';
import type { SqlType } from '../common/types.ts';
import type { TypeRef } from './ast.ts';
import type { Cursor } from './cursor.ts';

/** Names that the binder resolves itself (catalog pseudo-types). */
const PSEUDO = new Set([
  'regclass', 'regtype', 'regproc', 'regprocedure', 'regnamespace', 'regoper', 'regoperator', 'regrole',
  'regconfig', 'oid', 'name', 'xid', 'cid', 'tid', 'record', 'void', 'cstring', 'anyelement', 'anyarray',
  'int2vector', 'oidvector', 'pg_node_tree',
]);

type Maker = (mods: readonly number[]) => SqlType;

const withPrecision = (id: 'time' | 'timestamp' | 'timestamptz'): Maker => (m) =>
  m.length > 0 ? { id, precision: m[0] } : scalar(id);
const numeric: Maker = (m) =>
  m.length === 0 ? T.numeric : { id: 'numeric', precision: m[0], scale: m[1] ?? 0 };
const varchar: Maker = (m) => (m.length > 0 ? { id: 'varchar', length: m[0] } : T.varchar);
const float: Maker = (m) => (m.length > 0 && m[0]! <= 24 ? T.float4 : T.float8);

/** One-word type names (lower case) and how their modifiers apply. */
const SIMPLE: ReadonlyMap<string, Maker> = new Map<string, Maker>([
  ['smallint', () => T.int2], ['int2', () => T.int2], ['tinyint', () => T.int2],
  ['integer', () => T.int4], ['int', () => T.int4], ['int4', () => T.int4],
  ['bigint', () => T.int8], ['int8', () => T.int8],
  ['real', () => T.float4], ['float4', () => T.float4],
  ['float8', () => T.float8], ['double', () => T.float8], ['float', float],
  ['numeric', numeric], ['decimal', numeric], ['dec', numeric],
  ['boolean', () => T.bool], ['bool', () => T.bool],
  ['text', () => T.text], ['string', () => T.text],
  ['varchar', varchar],
  ['char', (m) => ({ id: 'bpchar', length: m[0] ?? 1 })], ['character', (m) => ({ id: 'bpchar', length: m[0] ?? 1 })],
  ['bpchar', (m) => (m.length > 0 ? { id: 'bpchar', length: m[0] } : scalar('bpchar'))],
  ['bytea', () => T.bytea], ['bytes', () => T.bytea], ['binary', () => T.bytea], ['varbinary', () => T.bytea],
  ['date', () => T.date],
  ['time', withPrecision('time')],
  ['timestamp', withPrecision('timestamp')],
  ['timestamptz', withPrecision('timestamptz')], ['timestamp_ltz', withPrecision('timestamptz')],
  ['interval', () => T.interval],
  ['json', () => T.json], ['jsonb', () => T.jsonb], ['uuid', () => T.uuid],
]);

/** The canonical lower-case name of a resolved type (`int8`, `varchar`, `int4[]`, `map`, `row`). */
export function canonicalTypeName(t: SqlType): string {
  switch (t.id) {
    case 'array':
      return `${canonicalTypeName(t.element)}[]`;
    case 'map':
      return 'map';
    case 'row':
      return 'row';
    default:
      return t.id;
  }
}

function unknownType(name: string, pos: number): SqlError {
  return new SqlError(SqlState.undefinedObject, `type "${name}" does not exist`, { position: pos + 1 });
}

/**
 * Parses a type name at the cursor: `int`, `pg_catalog.int4`, `numeric(10,2)`, `text[]`, `int[3][]`,
 * `double precision`, `character varying(10)`, `timestamp(3) with time zone`, `TIMESTAMP(3) WITH LOCAL
 * TIME ZONE`, `ARRAY<INT>`, `MAP<STRING, BIGINT>`, `ROW<a INT, b STRING>`, `ROW(a INT)`, `regclass`.
 * Inside angle brackets (`nested`), a trailing `NOT NULL` / `NULL` is accepted and ignored.
 * Throws SqlError 42601 on bad syntax and 42704 `type "x" does not exist` for unknown names.
 */
export function parseTypeRef(c: Cursor, nested = false): TypeRef {
  const pos = c.pos;
  const base = parseBaseType(c);
  let name = base.name;
  let type = base.type;
  while (c.isOp('[')) {
    c.next();
    if (!c.isOp(']')) c.integer('an array bound');
    c.expectOp(']');
    name += '[]';
    type = type && arrayOf(type);
  }
  if (nested) {
    if (!c.acceptWords('not', 'null')) c.acceptWord('null');
  }
  const text = c.sliceFrom(pos).replace(/\s+/g, ' ');
  return { kind: 'TypeRef', name, type, text, pos };
}

function parseMods(c: Cursor): number[] {
  const mods: number[] = [];
  if (!c.acceptOp('(')) return mods;
  do mods.push(c.integer('a type modifier'));
  while (c.acceptOp(','));
  c.expectOp(')');
  return mods;
}

/** `WITH [LOCAL] TIME ZONE` → 'tz', `WITHOUT TIME ZONE` → 'plain', nothing → undefined. */
function parseZoneSuffix(c: Cursor): 'tz' | 'plain' | undefined {
  if (c.isWords('with', 'time', 'zone') || c.isWords('with', 'local', 'time', 'zone')) {
    c.next();
    c.acceptWord('local');
    c.next();
    c.next();
    return 'tz';
  }
  if (c.acceptWords('without', 'time', 'zone')) return 'plain';
  return undefined;
}

const INTERVAL_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second']);

function parseBaseType(c: Cursor): { name: string; type: SqlType | undefined } {
  const t = c.peek();
  if (t.kind !== 'ident') throw c.error('a type name');
  c.next();
  let word = t.value;
  if (t.quoted && word === 'char') return { name: 'char', type: undefined };
  if (c.isOp('.') && c.peek(1).kind === 'ident') {
    if (word !== 'pg_catalog') {
      const rest = c.peek(1).value;
      throw unknownType(`${word}.${rest}`, t.pos);
    }
    c.next();
    const t2 = c.next();
    if (t2.quoted && t2.value === 'char') return { name: 'char', type: undefined };
    word = t2.value;
  }
  if (t.quoted) {
    // a quoted name is looked up as written, without the SQL-standard multi-word forms
    const make = SIMPLE.get(word);
    if (PSEUDO.has(word)) return { name: word, type: undefined };
    if (!make) throw unknownType(word, t.pos);
    const type = make(parseMods(c));
    return { name: canonicalTypeName(type), type };
  }
  switch (word) {
    case 'double':
      c.acceptWord('precision');
      return { name: 'float8', type: T.float8 };
    case 'character':
    case 'char':
    case 'national': {
      if (word === 'national' && !c.acceptWord('character')) c.acceptWord('char');
      if (c.acceptWord('varying')) {
        const type = varchar(parseMods(c));
        return { name: 'varchar', type };
      }
      const m = parseMods(c);
      return { name: 'bpchar', type: { id: 'bpchar', length: m[0] ?? 1 } };
    }
    case 'time':
    case 'timestamp': {
      const m = parseMods(c);
      const zone = parseZoneSuffix(c);
      if (word === 'time' && zone === 'tz') throw unknownType('time with time zone', t.pos);
      const id = word === 'time' ? 'time' : zone === 'tz' ? 'timestamptz' : 'timestamp';
      return { name: id, type: withPrecision(id)(m) };
    }
    case 'interval': {
      while (c.peek().kind === 'ident' && !c.peek().quoted && (INTERVAL_FIELDS.has(c.peek().value) || c.peek().value === 'to')) c.next();
      parseMods(c);
      return { name: 'interval', type: T.interval };
    }
    case 'array': {
      if (!c.isOp('<')) throw c.error('"<"');
      c.next();
      const el = parseTypeRef(c, true);
      c.expectCloseAngle();
      return { name: `${el.name}[]`, type: el.type && arrayOf(el.type) };
    }
    case 'map': {
      if (!c.isOp('<')) throw unknownType('map', t.pos);
      c.next();
      const k = parseTypeRef(c, true);
      c.expectOp(',');
      const v = parseTypeRef(c, true);
      c.expectCloseAngle();
      if (!k.type || !v.type) return { name: 'map', type: undefined };
      return { name: 'map', type: { id: 'map', key: k.type, value: v.type } };
    }
    case 'row': {
      const angle = c.isOp('<');
      if (!angle && !c.isOp('(')) throw unknownType('row', t.pos);
      c.next();
      const fields: { name: string; type: SqlType }[] = [];
      let ok = true;
      if (!(angle ? c.isOp('>') : c.isOp(')'))) {
        do {
          const fname = c.label('a field name');
          const ft = parseTypeRef(c, true);
          if (c.acceptWord('comment')) c.string();
          if (ft.type) fields.push({ name: fname, type: ft.type });
          else ok = false;
        } while (c.acceptOp(','));
      }
      if (angle) c.expectCloseAngle();
      else c.expectOp(')');
      return { name: 'row', type: ok ? { id: 'row', fields } : undefined };
    }
    default:
      break;
  }
  if (PSEUDO.has(word)) return { name: word, type: undefined };
  const make = SIMPLE.get(word);
  if (!make) throw unknownType(word, t.pos);
  const type = make(parseMods(c));
  return { name: canonicalTypeName(type), type };
}

