/** pg_type (PostgreSQL docs §53.64): the base, array and pseudo types of catalog/pg-catalog/pg-types.ts. */
import { C, NS, OWNER_OID, systemRelation } from './system-relation.ts';
import { PG_TYPES, typeIo } from './pg-types.ts';
import { storageOf } from './pg-attribute.ts';

export const pgType = systemRelation('pg_catalog', 'pg_type', 1247, [
  ['oid', C.oid], ['typname', C.name], ['typnamespace', C.oid], ['typowner', C.oid], ['typlen', C.int2], ['typbyval', C.bool],
  ['typtype', C.char], ['typcategory', C.char], ['typispreferred', C.bool], ['typisdefined', C.bool], ['typdelim', C.char],
  ['typrelid', C.oid], ['typsubscript', C.text], ['typelem', C.oid], ['typarray', C.oid], ['typinput', C.text], ['typoutput', C.text],
  ['typreceive', C.text], ['typsend', C.text], ['typmodin', C.text], ['typmodout', C.text], ['typanalyze', C.text], ['typalign', C.char],
  ['typstorage', C.char], ['typnotnull', C.bool], ['typbasetype', C.oid], ['typtypmod', C.int4], ['typndims', C.int4],
  ['typcollation', C.oid], ['typdefaultbin', C.nodeTree], ['typdefault', C.text], ['typacl', C.textArray],
], () =>
  PG_TYPES.map((t) => [
    t.oid, t.name, NS.pg_catalog, OWNER_OID, t.len, t.len > 0 && t.len <= 8, t.type, t.category,
    ['bool', 'float8', 'text', 'timestamptz', 'interval', 'oid'].includes(t.name), true, ',', 0,
    t.elem !== 0 ? 'array_subscript_handler' : '-', t.elem, t.array, typeIo(t, 'in'), typeIo(t, 'out'), typeIo(t, 'recv'),
    typeIo(t, 'send'), '-', '-', t.elem !== 0 ? 'array_typanalyze' : '-', t.len === 8 || t.len === 16 ? 'd' : t.len === 2 ? 's' : t.len === 1 ? 'c' : 'i',
    storageOf(t.oid), false, 0, -1, 0, t.collation, null, null, null,
  ]),
);
