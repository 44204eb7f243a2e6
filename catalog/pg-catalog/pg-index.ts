/** pg_index (PostgreSQL docs §53.26): the unique btree index behind each table's primary key. */
import { C, systemRelation } from './system-relation.ts';
import { indexOid, tablesWithKeys } from './objects.ts';

export const pgIndex = systemRelation('pg_catalog', 'pg_index', 2610, [
  ['indexrelid', C.oid], ['indrelid', C.oid], ['indnatts', C.int2], ['indnkeyatts', C.int2], ['indisunique', C.bool],
  ['indnullsnotdistinct', C.bool], ['indisprimary', C.bool], ['indisexclusion', C.bool], ['indimmediate', C.bool],
  ['indisclustered', C.bool], ['indisvalid', C.bool], ['indcheckxmin', C.bool], ['indisready', C.bool], ['indislive', C.bool],
  ['indisreplident', C.bool], ['indkey', C.int2Array], ['indcollation', C.oidArray], ['indclass', C.oidArray], ['indoption', C.int2Array],
  ['indexprs', C.nodeTree], ['indpred', C.nodeTree],
], (ctx) =>
  tablesWithKeys(ctx).map(({ table, attnums }) => [
    indexOid(table), table.oid, attnums.length, attnums.length, true, false, true, false, true, false, true, false, true, true, false,
    attnums, attnums.map(() => 0), attnums.map(() => 0), attnums.map(() => 0), null, null,
  ]),
);
