/**
 * Strom's objects as PostgreSQL's catalogs number them: each user relation (pg_class oid = the
 * catalog's oid), the index and constraint behind its primary key (PostgreSQL names them
 * `<table>_pkey`), its column defaults (pg_attrdef), and the roles. Shared by the pg_catalog and
 * information_schema relations.
 */
import type { RelationInfo, TableInfo } from '../catalog.ts';
import type { SystemContext } from './context.ts';
import { OWNER_OID } from './system-relation.ts';

/** Offsets that give derived objects OIDs apart from every relation's (the catalog assigns relations 16384 upwards). */
const INDEX_OID_BASE = 1_000_000_000;
const CONSTRAINT_OID_BASE = 2_000_000_000;
const ATTRDEF_OID_BASE = 3_000_000_000;

/** pg_class.relkind of a Strom relation: r table, v view, m materialized view. */
export function relkind(r: RelationInfo): 'r' | 'v' | 'm' {
  return r.kind === 'table' ? 'r' : r.kind === 'view' ? 'v' : 'm';
}

/** The primary key of a relation, as 1-based column numbers; undefined without one. */
export function primaryKeyAttnums(r: RelationInfo): number[] | undefined {
  if (r.kind !== 'table' || !r.primaryKey || r.primaryKey.length === 0) return undefined;
  return r.primaryKey.map((n) => r.columns.findIndex((c) => c.name === n) + 1);
}

/** The pg_class/pg_index OID of a table's primary-key index. */
export function indexOid(r: RelationInfo): number {
  return INDEX_OID_BASE + r.oid;
}

/** The pg_constraint OID of a table's primary key. */
export function constraintOid(r: RelationInfo): number {
  return CONSTRAINT_OID_BASE + r.oid;
}

/** The pg_attrdef OID of column `attnum`'s default. */
export function attrdefOid(r: RelationInfo, attnum: number): number {
  return ATTRDEF_OID_BASE + r.oid * 1000 + attnum;
}

/** `<table>_pkey`, PostgreSQL's name for a primary key's index and constraint. */
export function pkeyName(r: RelationInfo): string {
  return `${r.name}_pkey`;
}

/** Tables with a primary key. */
export function tablesWithKeys(ctx: SystemContext): { table: TableInfo; attnums: number[] }[] {
  const out: { table: TableInfo; attnums: number[] }[] = [];
  for (const r of ctx.catalog.relations()) {
    const k = primaryKeyAttnums(r);
    if (k && r.kind === 'table') out.push({ table: r, attnums: k });
  }
  return out;
}

/** `PRIMARY KEY (a, b)`, as pg_get_constraintdef prints it. */
export function primaryKeyDef(r: RelationInfo): string {
  return `PRIMARY KEY (${(r.kind === 'table' ? (r.primaryKey ?? []) : []).map(quoteIdent).join(', ')})`;
}

/** `CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)`, as pg_get_indexdef prints it. */
export function primaryKeyIndexDef(r: RelationInfo): string {
  return `CREATE UNIQUE INDEX ${quoteIdent(pkeyName(r))} ON public.${quoteIdent(r.name)} USING btree (${(r.kind === 'table' ? (r.primaryKey ?? []) : []).map(quoteIdent).join(', ')})`;
}

/** A role: OID and name. The bootstrap superuser `strom` is OID 10; the session's user and CREATE USER users follow. */
export interface RoleInfo {
  readonly oid: number;
  readonly name: string;
  readonly superuser: boolean;
}

/** The roles pg_roles / pg_user / pg_authid list. */
export function roles(ctx: SystemContext): RoleInfo[] {
  const out: RoleInfo[] = [{ oid: OWNER_OID, name: 'strom', superuser: true }];
  const names = new Set(['strom']);
  const add = (name: string, superuser: boolean) => {
    if (names.has(name)) return;
    names.add(name);
    out.push({ oid: 16_000 + out.length, name, superuser });
  };
  for (const u of ctx.catalog.users()) add(u.name, u.superuser);
  add(ctx.user, true);
  return out;
}

/** quote_ident (docs §9.4): double-quotes an identifier unless it is a lower-case plain name that is not a reserved word. */
export function quoteIdent(s: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(s) && !RESERVED.has(s) ? s : `"${s.replace(/"/g, '""')}"`;
}

const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check', 'collate', 'column',
  'constraint', 'create', 'current_catalog', 'current_date', 'current_role', 'current_time', 'current_timestamp', 'current_user',
  'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant',
  'group', 'having', 'in', 'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some',
  'symmetric', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when', 'where', 'window', 'with',
]);
