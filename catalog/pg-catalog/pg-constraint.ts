/** pg_constraint (PostgreSQL docs §53.13): each table's primary key (contype p, conkey its column numbers). */
import { C, NS, systemRelation } from './system-relation.ts';
import { constraintOid, indexOid, pkeyName, tablesWithKeys } from './objects.ts';

export const pgConstraint = systemRelation('pg_catalog', 'pg_constraint', 2606, [
  ['oid', C.oid], ['conname', C.name], ['connamespace', C.oid], ['contype', C.char], ['condeferrable', C.bool], ['condeferred', C.bool],
  ['convalidated', C.bool], ['conrelid', C.oid], ['contypid', C.oid], ['conindid', C.oid], ['conparentid', C.oid], ['confrelid', C.oid],
  ['confupdtype', C.char], ['confdeltype', C.char], ['confmatchtype', C.char], ['conislocal', C.bool], ['coninhcount', C.int4],
  ['connoinherit', C.bool], ['conkey', C.int2Array], ['confkey', C.int2Array], ['conpfeqop', C.oidArray], ['conppeqop', C.oidArray],
  ['conffeqop', C.oidArray], ['confdelsetcols', C.int2Array], ['conexclop', C.oidArray], ['conbin', C.nodeTree],
], (ctx) =>
  tablesWithKeys(ctx).map(({ table, attnums }) => [
    constraintOid(table), pkeyName(table), NS.public, 'p', false, false, true, table.oid, 0, indexOid(table), 0, 0, ' ', ' ', ' ',
    true, 0, true, attnums, null, null, null, null, null, null, null,
  ]),
);
