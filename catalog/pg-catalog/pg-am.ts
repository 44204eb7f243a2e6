/** pg_am (PostgreSQL docs §53.3): heap (tables, materialized views) and btree (primary-key indexes). */
import { C, systemRelation } from './system-relation.ts';

export const pgAm = systemRelation('pg_catalog', 'pg_am', 2601, [
  ['oid', C.oid], ['amname', C.name], ['amhandler', C.text], ['amtype', C.char],
], () => [
  [2, 'heap', 'heap_tableam_handler', 't'],
  [403, 'btree', 'bthandler', 'i'],
]);
