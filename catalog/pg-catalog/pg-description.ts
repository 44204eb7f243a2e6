/** pg_description (PostgreSQL docs §53.19): COMMENT ON TABLE / VIEW / MATERIALIZED VIEW text (classoid 1259 pg_class, objsubid 0) and COMMENT ON COLUMN text (objsubid = the column's attnum). */
import { C, systemRelation } from './system-relation.ts';

export const pgDescription = systemRelation('pg_catalog', 'pg_description', 2609, [
  ['objoid', C.oid], ['classoid', C.oid], ['objsubid', C.int4], ['description', C.text],
], (ctx) =>
  ctx.catalog.relations().flatMap((r) => [
    ...(r.comment !== undefined ? [[r.oid, 1259, 0, r.comment]] : []),
    ...r.columns.flatMap((c, i) => (c.comment !== undefined ? [[r.oid, 1259, i + 1, c.comment]] : [])),
  ]),
);
