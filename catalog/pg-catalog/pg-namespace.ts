/** pg_namespace (PostgreSQL docs §53.32): pg_catalog, public, information_schema. */
import { C, NS, OWNER_OID, systemRelation } from './system-relation.ts';

export const pgNamespace = systemRelation('pg_catalog', 'pg_namespace', 2615, [
  ['oid', C.oid], ['nspname', C.name], ['nspowner', C.oid], ['nspacl', C.textArray],
], () => [
  [NS.pg_catalog, 'pg_catalog', OWNER_OID, null],
  [NS.public, 'public', OWNER_OID, null],
  [NS.information_schema, 'information_schema', OWNER_OID, null],
]);
