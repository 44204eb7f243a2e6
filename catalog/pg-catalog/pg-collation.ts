/** pg_collation (PostgreSQL docs §53.12): default (100), C (950) and POSIX (951), as initdb creates them. */
import { C, NS, OWNER_OID, systemRelation } from './system-relation.ts';

export const pgCollation = systemRelation('pg_catalog', 'pg_collation', 3456, [
  ['oid', C.oid], ['collname', C.name], ['collnamespace', C.oid], ['collowner', C.oid], ['collprovider', C.char],
  ['collisdeterministic', C.bool], ['collencoding', C.int4], ['collcollate', C.text], ['collctype', C.text], ['colliculocale', C.text],
  ['collversion', C.text],
], () => [
  [100, 'default', NS.pg_catalog, OWNER_OID, 'd', true, -1, null, null, null, null],
  [950, 'C', NS.pg_catalog, OWNER_OID, 'c', true, -1, 'C', 'C', null, null],
  [951, 'POSIX', NS.pg_catalog, OWNER_OID, 'c', true, -1, 'POSIX', 'POSIX', null, null],
]);
