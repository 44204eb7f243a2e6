/**
 * System information and catalog functions (PostgreSQL docs §9.26 System Information Functions and
 * Operators, §9.27 System Administration Functions) and the array functions catalog queries use
 * (§9.19: array_to_string, array_upper, array_lower, array_length, cardinality).
 *
 * Functions that read the session or the catalog (current_user, current_setting, set_config,
 * pg_backend_pid, obj_description, pg_get_viewdef, `'t'::regclass` lookups, …) get them from the
 * statement's system context (catalog/pg-catalog/context.ts) and are registered volatile, so they are
 * evaluated when the query runs and never folded at plan time. Their OID parameters are bigint (oid
 * and the reg* types convert to it implicitly, common/types.ts). Privilege functions answer true: Strom has no
 * privileges. Errors: 42P01 `relation "x" does not exist` (regclass), 42704 `type "x" does not exist`
 * (regtype), 42704 `unrecognized configuration parameter "x"` (current_setting without missing_ok).
 */
import { SqlError, SqlState } from '../../../common/errors.ts';
import { T, arrayOf, type SqlType } from '../../../common/types.ts';
import { systemContext } from '../../../catalog/pg-catalog/context.ts';
import { formatTypeOid, pgTypeByName } from '../../../catalog/pg-catalog/pg-types.ts';
import { NS, DATABASE_OID } from '../../../catalog/pg-catalog/system-relation.ts';
import { constraintOid, indexOid, primaryKeyDef, primaryKeyIndexDef, roles } from '../../../catalog/pg-catalog/objects.ts';
import { systemRelation, systemRelationByOid } from '../../../catalog/pg-catalog/registry.ts';
import { procs } from '../../../catalog/pg-catalog/pg-proc.ts';
import { viewDefinition } from '../../../catalog/pg-catalog/view-definition.ts';
import { STROM_VERSION } from '../../../common/version.ts';
import { ANY_ARRAY, def, type FunctionImpl } from './types.ts';

const V = { volatile: true } as const;
const LOOSE = { strict: false } as const;
const oid = T.int8;
const text = T.text;

const ctx = (what: string) => systemContext(what);

/** The pg_class OID of relation `name` (`t`, `public.t`, `pg_catalog.pg_class`, `"T"`); 42P01 when there is none. */
export function regclassIn(name: string, missingOk = false): number | null {
  const parts = splitQualified(name);
  const rel = parts.at(-1)!;
  const schema = parts.length > 1 ? parts.at(-2)! : undefined;
  if (schema === 'pg_catalog' || schema === 'information_schema' || schema === undefined) {
    const s = systemRelation(schema ?? 'pg_catalog', rel);
    if (s) return s.oid;
  }
  if (schema === undefined || schema === 'public') {
    const r = ctx('regclass').catalog.getRelation(rel);
    if (r) return r.oid;
  }
  if (missingOk) return null;
  throw new SqlError(SqlState.undefinedTable, `relation "${name}" does not exist`);
}

/** Splits `a.b` / `"A".b` into lower-cased (unless quoted) parts. */
function splitQualified(s: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^."]+))\s*(?:\.|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < s.length && (m = re.exec(s))) {
    out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.trim().toLowerCase());
  }
  return out.length ? out : [s];
}

const TYPE_ALIASES: Readonly<Record<string, string>> = {
  integer: 'int4', int: 'int4', smallint: 'int2', bigint: 'int8', real: 'float4', 'double precision': 'float8', boolean: 'bool',
  'character varying': 'varchar', character: 'bpchar', char: 'bpchar', decimal: 'numeric', 'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz', 'time without time zone': 'time', '"char"': 'char',
};

/** The pg_type OID of type name `name` (`integer`, `int4`, `text[]`); 42704 when there is none. */
export function regtypeIn(name: string): number {
  let n = name.trim().toLowerCase().replace(/^pg_catalog\./, '');
  const isArray = n.endsWith('[]');
  if (isArray) n = n.slice(0, -2).trim();
  n = TYPE_ALIASES[n] ?? n;
  const t = pgTypeByName(isArray ? `_${n}` : n);
  if (!t) throw new SqlError(SqlState.undefinedObject, `type "${name}" does not exist`);
  return t.oid;
}

/** The pg_namespace OID of schema `name`; 3F000 when there is none. */
export function regnamespaceIn(name: string): number {
  const n = splitQualified(name)[0]!;
  const o = (NS as Record<string, number>)[n];
  if (o === undefined) throw new SqlError('3F000', `schema "${name}" does not exist`);
  return o;
}

/** The role OID of `name`; 42704 when there is none. */
export function regroleIn(name: string): number {
  const n = splitQualified(name)[0]!;
  const r = roles(ctx('regrole')).find((x) => x.name === n);
  if (!r) throw new SqlError(SqlState.undefinedObject, `role "${name}" does not exist`);
  return r.oid;
}

function relationByOid(o: number) {
  return ctx('catalog function').catalog.getRelationByOid(o);
}

function viewdef(o: number | string): string | null {
  const rel = typeof o === 'string' ? ctx('pg_get_viewdef').catalog.getRelation(splitQualified(o).at(-1)!) : relationByOid(o);
  if (!rel || rel.kind === 'table') return null;
  return viewDefinition(rel.query);
}

function constraintdef(o: number): string | null {
  const rel = ctx('pg_get_constraintdef').catalog.relations().find((r) => constraintOid(r) === o);
  return rel ? primaryKeyDef(rel) : null;
}

function indexdef(o: number, column: number): string | null {
  const rel = ctx('pg_get_indexdef').catalog.relations().find((r) => indexOid(r) === o);
  if (!rel || rel.kind !== 'table') return null;
  if (column > 0) return rel.primaryKey?.[column - 1] ?? null;
  return primaryKeyIndexDef(rel);
}

function description(o: number, catalogName?: string): string | null {
  if (catalogName !== undefined && catalogName !== 'pg_class') return null;
  return relationByOid(o)?.comment ?? null;
}

function userById(o: number): string {
  return roles(ctx('pg_get_userbyid')).find((r) => r.oid === o)?.name ?? `unknown (OID=${o})`;
}

function currentSetting(name: string, missingOk = false): string | null {
  const v = ctx('current_setting').setting(name);
  if (v !== undefined) return name.toLowerCase() === 'statement_timeout' ? (v === '0' ? '0' : `${v}ms`) : v;
  if (missingOk) return null;
  throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
}

function procArgs(o: number): string | null {
  const p = procs().find((x) => x.oid === o);
  return p ? p.args.map((a) => formatTypeOid(a, -1)).join(', ') : null;
}

function procResult(o: number): string | null {
  const p = procs().find((x) => x.oid === o);
  return p ? `${p.retset ? 'SETOF ' : ''}${formatTypeOid(p.result, -1)}` : null;
}

/** Every overload of a has_*_privilege function: optional user (name or oid), the object (name or oid, and a column for column privileges), the privilege text. */
function privilegeFunctions(name: string, objectArgs: readonly (readonly SqlType[])[]): FunctionImpl[] {
  const out: FunctionImpl[] = [];
  let i = 0;
  for (const user of [[], [text], [oid]] as const) {
    for (const obj of objectArgs) {
      out.push(def(`${name}_${i++}`, name, [...user, ...obj, text], T.bool, () => true));
    }
  }
  return out;
}

const relArg = [[text], [oid]] as const;
const colArg = [[text, text], [text, T.int2], [oid, text], [oid, T.int2]] as const;

function arrayDims(a: readonly unknown[] | null, dim: number): number | null {
  if (a === null || dim !== 1 || a.length === 0) return null;
  return a.length;
}

const VERSION = `PostgreSQL 15.0 (Strom ${STROM_VERSION}) on x86_64-pc-linux-gnu, compiled by Node.js ${process.versions.node}, 64-bit`;

/** The system information and catalog overloads. */
export const SYSTEM_FUNCTIONS: readonly FunctionImpl[] = [
  def('version', 'version', [], text, () => VERSION),
  def('current_database', 'current_database', [], text, () => 'strom'),
  def('current_schema', 'current_schema', [], text, () => 'public'),
  def('current_schemas', 'current_schemas', [T.bool], arrayOf(text), (implicit: boolean) => (implicit ? ['pg_catalog', 'public'] : ['public'])),
  def('current_user', 'current_user', [], text, () => ctx('current_user').user, V),
  def('session_user', 'session_user', [], text, () => ctx('session_user').user, V),
  def('current_setting1', 'current_setting', [text], text, (n: string) => currentSetting(n), V),
  def('current_setting2', 'current_setting', [text, T.bool], text, (n: string, ok: boolean) => currentSetting(n, ok), V),
  def('set_config', 'set_config', [text, text, T.bool], text, (n: string, v: string) => ctx('set_config').setSetting(n, v), V),
  def('pg_backend_pid', 'pg_backend_pid', [], T.int4, () => ctx('pg_backend_pid').pid, V),
  def('inet_server_port', 'inet_server_port', [], T.int4, () => null, { ...V, ...LOOSE }),
  def('format_type', 'format_type', [oid, T.int4], text, (o: number | null, m: number | null) => (o === null ? null : formatTypeOid(Number(o), m)), LOOSE),
  def('pg_get_expr2', 'pg_get_expr', [text, oid], text, (e: string) => e),
  def('pg_get_expr3', 'pg_get_expr', [text, oid, T.bool], text, (e: string) => e),
  def('pg_get_indexdef1', 'pg_get_indexdef', [oid], text, (o: number) => indexdef(Number(o), 0), V),
  def('pg_get_indexdef3', 'pg_get_indexdef', [oid, T.int4, T.bool], text, (o: number, c: number) => indexdef(Number(o), c), V),
  def('pg_get_constraintdef1', 'pg_get_constraintdef', [oid], text, (o: number) => constraintdef(Number(o)), V),
  def('pg_get_constraintdef2', 'pg_get_constraintdef', [oid, T.bool], text, (o: number) => constraintdef(Number(o)), V),
  def('pg_get_viewdef_oid', 'pg_get_viewdef', [oid], text, (o: number) => viewdef(Number(o)), V),
  def('pg_get_viewdef_oid2', 'pg_get_viewdef', [oid, T.bool], text, (o: number) => viewdef(Number(o)), V),
  def('pg_get_viewdef_name', 'pg_get_viewdef', [text], text, (n: string) => viewdef(n), V),
  def('pg_get_viewdef_name2', 'pg_get_viewdef', [text, T.bool], text, (n: string) => viewdef(n), V),
  def('pg_get_ruledef', 'pg_get_ruledef', [oid, T.bool], text, () => null, LOOSE),
  def('pg_get_triggerdef', 'pg_get_triggerdef', [oid, T.bool], text, () => null, LOOSE),
  def('pg_get_statisticsobjdef_columns', 'pg_get_statisticsobjdef_columns', [oid], text, () => null, LOOSE),
  def('pg_get_function_arguments', 'pg_get_function_arguments', [oid], text, (o: number) => procArgs(Number(o))),
  def('pg_get_function_identity_arguments', 'pg_get_function_identity_arguments', [oid], text, (o: number) => procArgs(Number(o))),
  def('pg_get_function_result', 'pg_get_function_result', [oid], text, (o: number) => procResult(Number(o))),
  def('pg_get_partkeydef', 'pg_get_partkeydef', [oid], text, () => null, LOOSE),
  def('pg_relation_is_publishable', 'pg_relation_is_publishable', [oid], T.bool, () => false),
  // information_schema is not on the search_path (PostgreSQL docs §5.9.3): its relations are not visible.
  def('pg_table_is_visible', 'pg_table_is_visible', [oid], T.bool, (o: number) => systemRelationByOid(Number(o))?.schema !== 'information_schema'),
  def('pg_type_is_visible', 'pg_type_is_visible', [oid], T.bool, () => true),
  def('pg_function_is_visible', 'pg_function_is_visible', [oid], T.bool, () => true),
  def('pg_is_in_recovery', 'pg_is_in_recovery', [], T.bool, () => false),
  def('pg_postmaster_start_time', 'pg_postmaster_start_time', [], T.timestamptz, () => START_US),
  def('pg_total_relation_size', 'pg_total_relation_size', [oid], T.int8, () => 0),
  def('pg_relation_size', 'pg_relation_size', [oid], T.int8, () => 0),
  def('pg_size_pretty', 'pg_size_pretty', [T.int8], text, (n: number) => `${n} bytes`),
  def('obj_description1', 'obj_description', [oid], text, (o: number) => description(Number(o)), V),
  def('obj_description2', 'obj_description', [oid, text], text, (o: number, c: string) => description(Number(o), c), V),
  def('shobj_description', 'shobj_description', [oid, text], text, () => null, LOOSE),
  def('col_description', 'col_description', [oid, T.int4], text, (o: number | null, n: number | null) => (o === null || n === null ? null : (relationByOid(Number(o))?.columns[n - 1]?.comment ?? null)), { strict: false, volatile: true }),
  def('pg_get_userbyid', 'pg_get_userbyid', [oid], text, (o: number) => userById(Number(o)), V),
  def('pg_encoding_to_char', 'pg_encoding_to_char', [T.int4], text, (e: number) => (e === 6 ? 'UTF8' : e === 0 ? 'SQL_ASCII' : '')),
  def('pg_get_serial_sequence', 'pg_get_serial_sequence', [text, text], text, () => null, LOOSE),
  def('to_regclass', 'to_regclass', [text], oid, (n: string) => regclassIn(n, true), V),
  def('regclass_in', 'regclass_in', [text], oid, (n: string) => regclassIn(n), V),
  def('regtype_in', 'regtype_in', [text], oid, (n: string) => regtypeIn(n)),
  def('regnamespace_in', 'regnamespace_in', [text], oid, (n: string) => regnamespaceIn(n)),
  def('regrole_in', 'regrole_in', [text], oid, (n: string) => regroleIn(n), V),
  def('txid_current', 'txid_current', [], T.int8, () => 1, V),
  def('array_to_string', 'array_to_string', [ANY_ARRAY, text], text, (a: readonly unknown[], sep: string) => a.filter((x) => x !== null).map(String).join(sep)),
  def('array_upper', 'array_upper', [ANY_ARRAY, T.int4], T.int4, (a: readonly unknown[], d: number) => arrayDims(a, d)),
  def('array_lower', 'array_lower', [ANY_ARRAY, T.int4], T.int4, (a: readonly unknown[], d: number) => (arrayDims(a, d) === null ? null : 1)),
  def('array_length', 'array_length', [ANY_ARRAY, T.int4], T.int4, (a: readonly unknown[], d: number) => arrayDims(a, d)),
  def('cardinality', 'cardinality', [ANY_ARRAY], T.int4, (a: readonly unknown[]) => a.length),
  ...privilegeFunctions('has_table_privilege', relArg),
  ...privilegeFunctions('has_any_column_privilege', relArg),
  ...privilegeFunctions('has_column_privilege', colArg),
  ...privilegeFunctions('has_schema_privilege', relArg),
  ...privilegeFunctions('has_database_privilege', relArg),
  ...privilegeFunctions('has_function_privilege', relArg),
  ...privilegeFunctions('has_sequence_privilege', relArg),
  ...privilegeFunctions('pg_has_role', relArg),
];

const START_US = Date.now() * 1000;
void DATABASE_OID;
