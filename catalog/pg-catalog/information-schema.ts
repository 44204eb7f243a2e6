/**
 * information_schema (PostgreSQL docs chapter 37): schemata, tables, views, columns,
 * table_constraints and key_column_usage over Strom's relations (catalog `strom`, schema `public`),
 * plus the system schemas in schemata. Column types follow the standard's domains as PostgreSQL
 * reports them: sql_identifier / character_data → text, cardinal_number → integer, yes_or_no → text.
 */
import { formatType, type SqlType } from '../../common/types.ts';
import { C, systemRelation } from './system-relation.ts';
import { pkeyName, tablesWithKeys } from './objects.ts';
import type { RelationInfo } from '../catalog.ts';

const IS = 'information_schema';

/** information_schema.columns data_type: the SQL-standard name (`integer`, `character varying`, `ARRAY`, `USER-DEFINED`). */
function dataType(t: SqlType): string {
  if (t.id === 'array') return 'ARRAY';
  if (t.id === 'map' || t.id === 'row') return 'USER-DEFINED';
  return formatType({ id: t.id } as SqlType);
}

function tableType(r: RelationInfo): string {
  return r.kind === 'table' ? 'BASE TABLE' : r.kind === 'view' ? 'VIEW' : 'MATERIALIZED VIEW';
}

export const isSchemata = systemRelation(IS, 'schemata', 13001, [
  ['catalog_name', C.text], ['schema_name', C.text], ['schema_owner', C.text], ['default_character_set_catalog', C.text],
  ['default_character_set_schema', C.text], ['default_character_set_name', C.text], ['sql_path', C.text],
], (ctx) => ['pg_catalog', 'public', 'information_schema'].map((s) => [ctx.database, s, 'strom', null, null, null, null]));

export const isTables = systemRelation(IS, 'tables', 13002, [
  ['table_catalog', C.text], ['table_schema', C.text], ['table_name', C.text], ['table_type', C.text],
  ['self_referencing_column_name', C.text], ['reference_generation', C.text], ['user_defined_type_catalog', C.text],
  ['user_defined_type_schema', C.text], ['user_defined_type_name', C.text], ['is_insertable_into', C.text], ['is_typed', C.text],
  ['commit_action', C.text],
], (ctx) =>
  ctx.catalog.relations().map((r) => [
    ctx.database, 'public', r.name, tableType(r), null, null, null, null, null, r.kind === 'table' ? 'YES' : 'NO', 'NO', null,
  ]),
);

export const isViews = systemRelation(IS, 'views', 13003, [
  ['table_catalog', C.text], ['table_schema', C.text], ['table_name', C.text], ['view_definition', C.text], ['check_option', C.text],
  ['is_updatable', C.text], ['is_insertable_into', C.text], ['is_trigger_updatable', C.text], ['is_trigger_deletable', C.text],
  ['is_trigger_insertable_into', C.text],
], (ctx) =>
  ctx.catalog.relations().flatMap((r) => (r.kind === 'view' ? [[ctx.database, 'public', r.name, r.query, 'NONE', 'NO', 'NO', 'NO', 'NO', 'NO']] : [])),
);

export const isColumns = systemRelation(IS, 'columns', 13004, [
  ['table_catalog', C.text], ['table_schema', C.text], ['table_name', C.text], ['column_name', C.text], ['ordinal_position', C.int4],
  ['column_default', C.text], ['is_nullable', C.text], ['data_type', C.text], ['character_maximum_length', C.int4],
  ['character_octet_length', C.int4], ['numeric_precision', C.int4], ['numeric_precision_radix', C.int4], ['numeric_scale', C.int4],
  ['datetime_precision', C.int4], ['interval_type', C.text], ['interval_precision', C.int4], ['character_set_catalog', C.text],
  ['character_set_schema', C.text], ['character_set_name', C.text], ['collation_catalog', C.text], ['collation_schema', C.text],
  ['collation_name', C.text], ['domain_catalog', C.text], ['domain_schema', C.text], ['domain_name', C.text], ['udt_catalog', C.text],
  ['udt_schema', C.text], ['udt_name', C.text], ['scope_catalog', C.text], ['scope_schema', C.text], ['scope_name', C.text],
  ['maximum_cardinality', C.int4], ['dtd_identifier', C.text], ['is_self_referencing', C.text], ['is_identity', C.text],
  ['identity_generation', C.text], ['identity_start', C.text], ['identity_increment', C.text], ['identity_maximum', C.text],
  ['identity_minimum', C.text], ['identity_cycle', C.text], ['is_generated', C.text], ['generation_expression', C.text],
  ['is_updatable', C.text],
], (ctx) =>
  ctx.catalog.relations().flatMap((r) => {
    const pk = r.kind === 'table' ? (r.primaryKey ?? []) : [];
    return r.columns.map((c, i) => {
      const t = c.type;
      const numPrec = t.id === 'int2' ? 16 : t.id === 'int4' ? 32 : t.id === 'int8' ? 64 : t.id === 'float4' ? 24 : t.id === 'float8' ? 53 : t.id === 'numeric' ? (t.precision ?? null) : null;
      const radix = numPrec === null ? null : t.id === 'numeric' ? 10 : 2;
      const scale = t.id === 'numeric' ? (t.scale ?? (t.precision !== undefined ? 0 : null)) : ['int2', 'int4', 'int8'].includes(t.id) ? 0 : null;
      const charLen = (t.id === 'varchar' || t.id === 'bpchar') && t.length !== undefined ? t.length : null;
      const dtPrec = ['date'].includes(t.id) ? 0 : ['time', 'timestamp', 'timestamptz', 'interval'].includes(t.id) ? (('precision' in t ? t.precision : undefined) ?? 6) : null;
      const udt = t.id === 'array' ? `_${t.element.id}` : t.id === 'map' || t.id === 'row' ? 'json' : t.id;
      return [
        ctx.database, 'public', r.name, c.name, i + 1, c.default ?? null, r.kind !== 'table' || (c.nullable && !pk.includes(c.name)) ? 'YES' : 'NO', dataType(t),
        charLen, charLen !== null ? charLen * 4 : ['text', 'varchar', 'bpchar'].includes(t.id) ? 1073741824 : null, numPrec, radix, scale,
        dtPrec, null, null, null, null, null, null, null, null, null, null, null, ctx.database, 'pg_catalog', udt, null, null, null, null,
        String(i + 1), 'NO', 'NO', null, null, null, null, null, 'NO', c.computed !== undefined ? 'ALWAYS' : 'NEVER', c.computed ?? null,
        r.kind === 'table' ? 'YES' : 'NO',
      ];
    });
  }),
);

export const isTableConstraints = systemRelation(IS, 'table_constraints', 13005, [
  ['constraint_catalog', C.text], ['constraint_schema', C.text], ['constraint_name', C.text], ['table_catalog', C.text],
  ['table_schema', C.text], ['table_name', C.text], ['constraint_type', C.text], ['is_deferrable', C.text], ['initially_deferred', C.text],
  ['enforced', C.text], ['nulls_distinct', C.text],
], (ctx) =>
  tablesWithKeys(ctx).map(({ table }) => [ctx.database, 'public', pkeyName(table), ctx.database, 'public', table.name, 'PRIMARY KEY', 'NO', 'NO', 'YES', null]),
);

export const isKeyColumnUsage = systemRelation(IS, 'key_column_usage', 13006, [
  ['constraint_catalog', C.text], ['constraint_schema', C.text], ['constraint_name', C.text], ['table_catalog', C.text],
  ['table_schema', C.text], ['table_name', C.text], ['column_name', C.text], ['ordinal_position', C.int4],
  ['position_in_unique_constraint', C.int4],
], (ctx) =>
  tablesWithKeys(ctx).flatMap(({ table, attnums }) =>
    attnums.map((n, i) => [ctx.database, 'public', pkeyName(table), ctx.database, 'public', table.name, table.columns[n - 1]!.name, i + 1, null]),
  ),
);
