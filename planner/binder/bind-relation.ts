/**
 * Named relations in FROM (PostgreSQL docs §7.2.1.1): CTEs (inlined at each reference), tables (a
 * Scan; computed columns of connector tables computed by a Project over the physical columns),
 * materialized views (a Scan of the stored result) and plain views (their query bound recursively
 * and renamed to the view's columns). Errors: 42P01 `relation "x" does not exist`, 42P10 for too
 * many column aliases.
 */
import { SqlError, SqlState, InternalError } from '../../common/errors.ts';
import type { RelationInfo, TableInfo, ViewInfo } from '../../catalog/catalog.ts';
import { parse, parseExpression } from '../../parser/index.ts';
import type { Alias, TableRef } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { LogicalPlan, Scan } from '../logical/plan.ts';
import type { QueryEnv } from './context.ts';
import { bindError } from './diag.ts';
import { Scope } from './scope.ts';
import { project, rename } from './plan-util.ts';
import { bindScalarIn } from './bind-scalar.ts';
import { bindQueryInner } from './bind-query.ts';
import type { SystemRelationInfo } from '../../catalog/pg-catalog/system-relation.ts';
import { systemRelation } from '../../catalog/pg-catalog/registry.ts';
import { withSystemColumns } from './system-columns.ts';

/** A bound FROM item: its plan and the names it makes visible. */
export interface FromResult {
  readonly plan: LogicalPlan;
  readonly scope: Scope;
}

const SCHEMAS = new Set(['public', 'pg_catalog']);

/**
 * The scope of a relation with output `names`, qualified by the alias (or `qualifier`), its columns
 * renamed by the alias's column list. 42P10 when the alias lists more columns than exist.
 */
export function aliasScope(plan: LogicalPlan, names: readonly string[], alias: Alias | undefined, qualifier: string | undefined, pos: number): FromResult {
  const cols = alias?.columns ?? [];
  if (cols.length > names.length) {
    throw bindError(
      SqlState.invalidColumnReference,
      `table "${alias!.name}" has ${names.length} columns available but ${cols.length} columns specified`,
      pos,
    );
  }
  const q = alias?.name ?? qualifier;
  return {
    plan,
    scope: new Scope(plan.schema.map((f, index) => ({ name: cols[index] ?? names[index]!, qualifier: q, type: f.type, index, hidden: false }))),
  };
}

/** Binds a table, view, materialized view or CTE reference (without FOR SYSTEM_TIME AS OF). */
export function bindTableRef(ref: TableRef, env: QueryEnv): FromResult {
  if (ref.forSystemTimeAsOf) {
    throw bindError(SqlState.featureNotSupported, 'FOR SYSTEM_TIME AS OF is only supported on the right side of a JOIN', ref.pos);
  }
  const parts = ref.name.parts;
  const name = parts[parts.length - 1]!;
  const cte = parts.length === 1 ? env.ctes.get(name) : undefined;
  if (cte) return aliasScope(cte.plan, cte.names, ref.alias, name, ref.pos);
  const sys = lookupSystemRelation(parts, ref.pos);
  if (sys) return aliasScope(scanAll(sys), sys.columns.map((c) => c.name), ref.alias, name, ref.pos);
  const rel = lookupRelation(ref, env);
  env.state.relationsRead.add(rel.name);
  const r = aliasScope(relationPlan(rel, env), rel.columns.map((c) => c.name), ref.alias, name, ref.pos);
  return env.systemColumns && rel.kind !== 'view' ? withSystemColumns(r, rel, ref.alias?.name ?? name, env) : r;
}

/**
 * The system relation `parts` names: `pg_catalog.x` and `information_schema.x`, or an unqualified
 * `x` found in pg_catalog (implicitly first in the search_path, PostgreSQL docs §5.9.5). Undefined
 * for other names; 42P01 for a missing relation of a system schema.
 */
function lookupSystemRelation(parts: readonly string[], pos: number): SystemRelationInfo | undefined {
  const name = parts[parts.length - 1]!;
  if (parts.length === 1) return systemRelation('pg_catalog', name);
  const schema = parts[parts.length - 2];
  if (parts.length > 3 || (schema !== 'pg_catalog' && schema !== 'information_schema')) return undefined;
  const r = systemRelation(schema, name);
  if (!r) throw bindError(SqlState.undefinedTable, `relation "${parts.join('.')}" does not exist`, pos);
  return r;
}

/** The catalog relation a TableRef names; 42P01 `relation "x" does not exist`. */
export function lookupRelation(ref: TableRef, env: QueryEnv): RelationInfo {
  const parts = ref.name.parts;
  const name = parts[parts.length - 1]!;
  const schemaOk = parts.length === 1 || (parts.length === 2 && SCHEMAS.has(parts[0]!));
  const rel = schemaOk ? env.state.ctx.catalog.getRelation(name) : undefined;
  if (!rel) throw bindError(SqlState.undefinedTable, `relation "${parts.join('.')}" does not exist`, ref.pos);
  return rel;
}

/** The plan reading all columns of `rel`, in catalog order. */
export function relationPlan(rel: RelationInfo, env: QueryEnv): LogicalPlan {
  switch (rel.kind) {
    case 'table':
      return tablePlan(rel, env);
    case 'materialized view':
      return scanAll(rel);
    case 'view':
      return viewPlan(rel, env);
  }
}

function scanAll(rel: RelationInfo | SystemRelationInfo): Scan {
  return {
    kind: 'Scan',
    relation: rel,
    columns: rel.columns.map((_, i) => i),
    schema: rel.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
  };
}

/** A table's Scan of its physical columns, with a Project computing its computed columns (`proc_time AS PROCTIME()`). */
function tablePlan(rel: TableInfo, env: QueryEnv): LogicalPlan {
  const physical = rel.columns.flatMap((c, i) => (c.computed === undefined ? [i] : []));
  if (physical.length === rel.columns.length) return scanAll(rel);
  const scan: Scan = {
    kind: 'Scan',
    relation: rel,
    columns: physical,
    schema: physical.map((i) => ({ name: rel.columns[i]!.name, type: rel.columns[i]!.type, nullable: rel.columns[i]!.nullable })),
  };
  const physSchema = scan.schema.map((f) => ({ name: f.name, type: f.type }));
  const exprs = rel.columns.map((c, i): BoundExpr => {
    if (c.computed === undefined) return { kind: 'ColRef', index: physical.indexOf(i), type: c.type };
    const e = bindScalarIn(parseExpression(c.computed), Scope.ofSchema(physSchema), env);
    return e.type.id === c.type.id ? e : { kind: 'Cast', operand: e, type: c.type, tryCast: false };
  });
  return project(scan, exprs, rel.columns.map((c) => c.name));
}

/** A plain view's query, bound afresh (its own CTEs, no outer scope), renamed to the view's columns. */
function viewPlan(view: ViewInfo, env: QueryEnv): LogicalPlan {
  if (env.state.viewDepth > 32) throw new SqlError('42P17', `infinite recursion detected in view "${view.name}"`);
  const stmts = parse(view.query);
  const stmt = stmts[0]?.statement;
  if (stmts.length !== 1 || stmt?.kind !== 'QueryStatement') throw new InternalError(`view "${view.name}" does not hold a query`);
  const inner: QueryEnv = {
    state: { ctx: env.state.ctx, relationsRead: new Set(), viewDepth: env.state.viewDepth + 1 },
    ctes: new Map(),
    outer: undefined,
  };
  try {
    const r = bindQueryInner(stmt.query, inner, {});
    return r.plan.schema.length === view.columns.length ? rename(r.plan, view.columns.map((c) => c.name)) : r.plan;
  } catch (e) {
    // Positions point into the view's text, not the statement's.
    if (e instanceof SqlError) e.position = undefined;
    throw e;
  }
}
