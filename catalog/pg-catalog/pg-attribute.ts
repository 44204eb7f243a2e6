/**
 * pg_attribute (PostgreSQL docs §53.7): one row per column of every relation in pg_class (user
 * relations, primary-key indexes, system relations), attnum from 1; no system columns (ctid, xmin…)
 * and no dropped columns (Strom has no ALTER TABLE … DROP COLUMN).
 */
import type { ColumnInfo } from '../catalog.ts';
import { C, systemRelation } from './system-relation.ts';
import { columnTypeOid, pgTypeByOid } from './pg-types.ts';
import { typeModifier } from '../../common/types.ts';
import { indexOid, primaryKeyAttnums } from './objects.ts';
import { allSystemRelations } from './registry.ts';

/** typstorage of a type: p plain (fixed length), m main (numeric), x extended. */
export function storageOf(typeOid: number): string {
  const t = pgTypeByOid(typeOid);
  if (!t || t.len > 0) return 'p';
  return t.name === 'numeric' ? 'm' : 'x';
}

export const pgAttribute = systemRelation('pg_catalog', 'pg_attribute', 1249, [
  ['attrelid', C.oid], ['attname', C.name], ['atttypid', C.oid], ['attstattarget', C.int4], ['attlen', C.int2], ['attnum', C.int2],
  ['attndims', C.int4], ['attcacheoff', C.int4], ['atttypmod', C.int4], ['attbyval', C.bool], ['attalign', C.char], ['attstorage', C.char],
  ['attcompression', C.char], ['attnotnull', C.bool], ['atthasdef', C.bool], ['atthasmissing', C.bool], ['attidentity', C.char],
  ['attgenerated', C.char], ['attisdropped', C.bool], ['attislocal', C.bool], ['attinhcount', C.int4], ['attcollation', C.oid],
  ['attacl', C.textArray], ['attoptions', C.textArray], ['attfdwoptions', C.textArray], ['attmissingval', C.textArray],
], (ctx) => {
  const out: unknown[][] = [];
  const add = (rel: number, c: ColumnInfo, attnum: number, notNull: boolean) => {
    const typ = columnTypeOid(c.type);
    const t = pgTypeByOid(typ);
    const len = t?.len ?? -1;
    out.push([
      rel, c.name, typ, -1, len, attnum, c.type.id === 'array' ? 1 : 0, -1, typeModifier(c.type), len > 0 && len <= 8,
      len === 8 || len === 16 ? 'd' : len === 2 ? 's' : len === 1 ? 'c' : 'i', storageOf(typ), '', notNull,
      c.default !== undefined, false, '', c.computed !== undefined ? 's' : '', false, true, 0, t?.collation ?? 0, null, null, null, null,
    ]);
  };
  for (const r of ctx.catalog.relations()) {
    const pk = primaryKeyAttnums(r);
    // Only tables have NOT NULL columns; a view's columns are nullable in PostgreSQL whatever its query proves.
    r.columns.forEach((c, i) => add(r.oid, c, i + 1, r.kind === 'table' && (!c.nullable || (pk?.includes(i + 1) ?? false))));
    pk?.forEach((n, i) => add(indexOid(r), r.columns[n - 1]!, i + 1, false));
  }
  for (const s of allSystemRelations()) s.columns.forEach((c, i) => add(s.oid, c, i + 1, false));
  return out;
});
