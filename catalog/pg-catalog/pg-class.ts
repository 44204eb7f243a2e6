/**
 * pg_class (PostgreSQL docs §53.11): Strom's tables (relkind r), views (v), materialized views (m),
 * the index of each primary key (i, `<table>_pkey`), and the system relations themselves (r in
 * pg_catalog / information_schema). reltuples is -1 (never analyzed), as PostgreSQL 14+ reports.
 */
import { C, NS, OWNER_OID, systemRelation } from './system-relation.ts';
import { indexOid, pkeyName, primaryKeyAttnums, relkind } from './objects.ts';
import { allSystemRelations } from './registry.ts';

const HEAP_AM = 2;
const BTREE_AM = 403;

export const pgClass = systemRelation('pg_catalog', 'pg_class', 1259, [
  ['oid', C.oid], ['relname', C.name], ['relnamespace', C.oid], ['reltype', C.oid], ['reloftype', C.oid], ['relowner', C.oid],
  ['relam', C.oid], ['relfilenode', C.oid], ['reltablespace', C.oid], ['relpages', C.int4], ['reltuples', C.float4],
  ['relallvisible', C.int4], ['reltoastrelid', C.oid], ['relhasindex', C.bool], ['relisshared', C.bool], ['relpersistence', C.char],
  ['relkind', C.char], ['relnatts', C.int2], ['relchecks', C.int2], ['relhasrules', C.bool], ['relhastriggers', C.bool],
  ['relhassubclass', C.bool], ['relrowsecurity', C.bool], ['relforcerowsecurity', C.bool], ['relispopulated', C.bool],
  ['relreplident', C.char], ['relispartition', C.bool], ['relrewrite', C.oid], ['relfrozenxid', C.int8], ['relminmxid', C.int8],
  ['relacl', C.textArray], ['reloptions', C.textArray], ['relpartbound', C.nodeTree],
], (ctx) => {
  const row = (oid: number, name: string, ns: number, kind: string, natts: number, am: number, hasIndex: boolean) => [
    oid, name, ns, 0, 0, OWNER_OID, am, oid, 0, 0, -1, 0, 0, hasIndex, false, 'p', kind, natts, 0, kind === 'v', false,
    false, false, false, true, kind === 'i' || kind === 'v' ? 'n' : 'd', false, 0, 0, 0, null, null, null,
  ];
  const out: unknown[][] = [];
  for (const r of ctx.catalog.relations()) {
    const k = relkind(r);
    const pk = primaryKeyAttnums(r);
    out.push(row(r.oid, r.name, NS.public, k, r.columns.length, k === 'v' ? 0 : HEAP_AM, pk !== undefined));
    if (pk) out.push(row(indexOid(r), pkeyName(r), NS.public, 'i', pk.length, BTREE_AM, false));
  }
  for (const s of allSystemRelations()) out.push(row(s.oid, s.name, NS[s.schema], s.oid >= 12000 ? 'v' : 'r', s.columns.length, s.oid >= 12000 ? 0 : HEAP_AM, false));
  return out;
});
