/** pg_matviews (PostgreSQL docs §54.13): Strom's materialized views (always populated: a job maintains them). */
import { viewDefinition } from './view-definition.ts';
import { C, systemRelation } from './system-relation.ts';

export const pgMatviews = systemRelation('pg_catalog', 'pg_matviews', 12006, [
  ['schemaname', C.name], ['matviewname', C.name], ['matviewowner', C.name], ['tablespace', C.name], ['hasindexes', C.bool],
  ['ispopulated', C.bool], ['definition', C.text],
], (ctx) => ctx.catalog.relations().flatMap((r) => (r.kind === 'materialized view' ? [['public', r.name, 'strom', null, false, true, viewDefinition(r.query)]] : [])));
