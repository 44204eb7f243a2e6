/** pg_database (PostgreSQL docs §53.15): Strom's one database, `strom` (UTF8, C locale, libc provider). */
import { C, DATABASE_OID, OWNER_OID, systemRelation } from './system-relation.ts';

export const pgDatabase = systemRelation('pg_catalog', 'pg_database', 1262, [
  ['oid', C.oid], ['datname', C.name], ['datdba', C.oid], ['encoding', C.int4], ['datlocprovider', C.char], ['datistemplate', C.bool],
  ['datallowconn', C.bool], ['datconnlimit', C.int4], ['datfrozenxid', C.int8], ['datminmxid', C.int8], ['dattablespace', C.oid],
  ['datcollate', C.text], ['datctype', C.text], ['daticulocale', C.text], ['datcollversion', C.text], ['datacl', C.textArray],
], (ctx) => [[DATABASE_OID, ctx.database, OWNER_OID, 6, 'c', false, true, -1, 0, 1, 1663, 'C', 'C', null, null, null]]);
