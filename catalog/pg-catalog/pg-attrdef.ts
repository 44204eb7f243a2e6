/** pg_attrdef (PostgreSQL docs §53.6): column defaults (DEFAULT) and computed columns' expressions, as SQL text in adbin. */
import { C, systemRelation } from './system-relation.ts';
import { attrdefOid } from './objects.ts';
import { defaultExprText } from './column-default.ts';

export const pgAttrdef = systemRelation('pg_catalog', 'pg_attrdef', 2604, [
  ['oid', C.oid], ['adrelid', C.oid], ['adnum', C.int2], ['adbin', C.nodeTree],
], (ctx) => {
  const out: unknown[][] = [];
  for (const r of ctx.catalog.relations()) {
    r.columns.forEach((c, i) => {
      const expr = c.default !== undefined ? defaultExprText(c.default, c.type) : c.computed;
      if (expr !== undefined) out.push([attrdefOid(r, i + 1), r.oid, i + 1, expr]);
    });
  }
  return out;
});
