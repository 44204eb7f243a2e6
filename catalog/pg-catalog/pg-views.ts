/** pg_views (PostgreSQL docs §54.32): Strom's views with their query text. */
import { viewDefinition } from './view-definition.ts';
import { C, systemRelation } from './system-relation.ts';

export const pgViews = systemRelation('pg_catalog', 'pg_views', 12005, [
  ['schemaname', C.name], ['viewname', C.name], ['viewowner', C.name], ['definition', C.text],
], (ctx) => ctx.catalog.relations().flatMap((r) => (r.kind === 'view' ? [['public', r.name, 'strom', viewDefinition(r.query)]] : [])));
