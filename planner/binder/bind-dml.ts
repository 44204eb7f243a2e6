/**
 * INSERT, UPDATE and DELETE (PostgreSQL docs §6 and the INSERT/UPDATE/DELETE reference pages).
 * Values are converted with assignment casts to the column types (§10.4); DEFAULT takes the column's
 * default expression or NULL; computed columns cannot be targets. INSERT's source is VALUES (bound
 * row by row against the target types, so `'2020-01-01'` lands in a date column as a date) or any
 * query. ON CONFLICT expressions are over [table columns..., excluded columns...].
 * Errors: 42P01, 42703 `column "x" of relation "t" does not exist`, 42701 duplicate target, 42601
 * `INSERT has more expressions than target columns`, 42804 `column "x" is of type integer but
 * expression is of type text`, 42809 / 55000 for views, 0A000 for RETURNING, UPDATE … FROM and
 * DELETE … USING.
 */
import { formatType } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { ColumnInfo, TableInfo } from '../../catalog/catalog.ts';
import { parseExpression } from '../../parser/index.ts';
import type { Delete, Expr, Insert, OnConflict, QualifiedName, SetClause, Update } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { BindContext, BoundDelete, BoundInsert, BoundOnConflict, BoundUpdate, QueryEnv } from './context.ts';
import { bindError } from './diag.ts';
import { Scope } from './scope.ts';
import type { ExprContext } from './expr-context.ts';
import { plainContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { requireBool, tryCoerce } from './coerce.ts';
import { rootEnv, settleParams } from './bind-scalar.ts';
import { bindQueryInner } from './bind-query.ts';
import { project } from './plan-util.ts';

function targetTable(name: QualifiedName, env: QueryEnv, verb: string): TableInfo {
  const parts = name.parts;
  const rel = parts.length <= 2 && (parts.length === 1 || parts[0] === 'public') ? env.state.ctx.catalog.getRelation(parts[parts.length - 1]!) : undefined;
  if (!rel) throw bindError(SqlState.undefinedTable, `relation "${parts.join('.')}" does not exist`, name.pos);
  if (rel.kind === 'materialized view') throw bindError(SqlState.wrongObjectType, `cannot change materialized view "${rel.name}"`, name.pos);
  if (rel.kind !== 'table') throw bindError(SqlState.objectNotInPrerequisiteState, `cannot ${verb} view "${rel.name}"`, name.pos);
  return rel;
}

function noReturning(s: { readonly returning: readonly unknown[]; readonly pos: number }): void {
  if (s.returning.length > 0) throw bindError(SqlState.featureNotSupported, 'RETURNING is not supported yet', s.pos);
}

function columnIndex(table: TableInfo, name: string, pos: number): number {
  const i = table.columns.findIndex((c) => c.name === name);
  if (i < 0) throw bindError(SqlState.undefinedColumn, `column "${name}" of relation "${table.name}" does not exist`, pos);
  return i;
}

/** `e` assignment-cast to the column's type; 42804 when no such cast exists. */
function assign(e: BoundExpr, col: ColumnInfo, pos: number | undefined, ctx: BindContext): BoundExpr {
  const out = tryCoerce(e, col.type, ctx, 'assignment');
  if (!out) {
    throw bindError(SqlState.datatypeMismatch, `column "${col.name}" is of type ${formatType(col.type)} but expression is of type ${formatType(e.type)}`, pos, {
      hint: 'You will need to rewrite or cast the expression.',
    });
  }
  return out;
}

function defaultValue(col: ColumnInfo, env: QueryEnv): BoundExpr {
  if (col.default === undefined) return { kind: 'Const', value: null, type: col.type };
  // Bound without settling unknown literals, so `DEFAULT '2020-01-01'` converts to the column's type.
  const e = bindExpr(parseExpression(col.default), plainContext(Scope.empty, env, 'DEFAULT expressions'));
  return assign(e, col, undefined, env.state.ctx);
}

/** A value for column `col`: DEFAULT or an expression bound in `cx`, assignment-cast. */
function valueFor(e: Expr, col: ColumnInfo, cx: ExprContext): BoundExpr {
  if (e.kind === 'Default') return defaultValue(col, cx.env);
  return assign(bindExpr(e, cx), col, e.pos, cx.env.state.ctx);
}

function generatedError(col: ColumnInfo, pos: number): Error {
  return bindError('428C9', `cannot insert a non-DEFAULT value into column "${col.name}"`, pos, { detail: `Column "${col.name}" is a generated column.` });
}

/** Binds an INSERT (into a DML table or a connector table). */
export function bindInsert(s: Insert, ctx: BindContext): BoundInsert {
  const env = rootEnv(ctx);
  const table = targetTable(s.table, env, 'insert into');
  noReturning(s);
  if (s.overwrite) throw bindError(SqlState.featureNotSupported, 'INSERT OVERWRITE is not supported', s.pos);
  let targets: number[];
  if (s.columns) {
    targets = [];
    for (const name of s.columns) {
      const i = columnIndex(table, name, s.table.pos);
      if (targets.includes(i)) throw bindError(SqlState.duplicateColumn, `column "${name}" specified more than once`, s.table.pos);
      if (table.columns[i]!.computed !== undefined) throw generatedError(table.columns[i]!, s.table.pos);
      targets.push(i);
    }
  } else {
    targets = table.columns.flatMap((c, i) => (c.computed === undefined ? [i] : []));
  }
  const cols = () => targets.map((i) => table.columns[i]!);
  let source: LogicalPlan;
  const q = s.source;
  if (!q) {
    source = { kind: 'Values', rows: [cols().map((c) => defaultValue(c, env))], schema: cols().map((c) => ({ name: c.name, type: c.type, nullable: true })) };
  } else if (q.body.kind === 'Values' && q.with.length === 0 && q.orderBy.length === 0 && !q.limit && !q.offset) {
    const rows = q.body.rows;
    const width = rows[0]?.length ?? 0;
    for (const row of rows) {
      if (row.length !== width) throw bindError(SqlState.syntaxError, 'VALUES lists must all be the same length', row[0]?.pos ?? q.pos);
      if (row.length > targets.length) throw bindError(SqlState.syntaxError, 'INSERT has more expressions than target columns', row[targets.length]!.pos);
    }
    if (width < targets.length) {
      if (s.columns) throw bindError(SqlState.syntaxError, 'INSERT has more target columns than expressions', q.pos);
      targets = targets.slice(0, width);
    }
    const cx = plainContext(Scope.empty, env, 'VALUES');
    const bound = rows.map((row) => row.map((e, j) => valueFor(e, table.columns[targets[j]!]!, cx)));
    source = { kind: 'Values', rows: bound, schema: cols().map((c) => ({ name: c.name, type: c.type, nullable: true })) };
  } else {
    const r = bindQueryInner(q, env, { keepUnknown: true });
    const width = r.names.length;
    if (width > targets.length) throw bindError(SqlState.syntaxError, 'INSERT has more expressions than target columns', q.pos);
    if (width < targets.length) {
      if (s.columns) throw bindError(SqlState.syntaxError, 'INSERT has more target columns than expressions', q.pos);
      targets = targets.slice(0, width);
    }
    const exprs = r.plan.schema.map((f, i) => assign({ kind: 'ColRef', index: i, type: f.type }, table.columns[targets[i]!]!, q.pos, ctx));
    source = exprs.every((e, i) => e.kind === 'ColRef' && e.index === i) ? r.plan : project(r.plan, exprs, cols().map((c) => c.name));
  }
  const onConflict = s.onConflict ? bindOnConflict(s.onConflict, s, table, env) : undefined;
  settleParams(ctx);
  return { table, targetColumns: targets, source, ...(onConflict && { onConflict }) };
}

function bindSet(set: readonly SetClause[], table: TableInfo, cx: ExprContext): { column: number; expr: BoundExpr }[] {
  const out: { column: number; expr: BoundExpr }[] = [];
  for (const sc of set) {
    const i = columnIndex(table, sc.column, sc.pos);
    if (out.some((o) => o.column === i)) throw bindError(SqlState.syntaxError, `multiple assignments to same column "${sc.column}"`, sc.pos);
    const col = table.columns[i]!;
    if (col.computed !== undefined && sc.value.kind !== 'Default') {
      throw bindError('428C9', `column "${col.name}" can only be updated to DEFAULT`, sc.pos, { detail: `Column "${col.name}" is a generated column.` });
    }
    out.push({ column: i, expr: valueFor(sc.value, col, cx) });
  }
  return out;
}

function bindOnConflict(oc: OnConflict, s: Insert, table: TableInfo, env: QueryEnv): BoundOnConflict {
  const pk = (table.primaryKey ?? []).map((n) => table.columns.findIndex((c) => c.name === n));
  let keyColumns = pk;
  if (oc.target.length > 0) {
    keyColumns = oc.target.map((n) => columnIndex(table, n, s.pos));
    const same = keyColumns.length === pk.length && keyColumns.every((k) => pk.includes(k));
    if (!same) throw bindError(SqlState.invalidColumnReference, 'there is no unique or exclusion constraint matching the ON CONFLICT specification', s.pos);
  } else if (oc.action.kind === 'update') {
    throw bindError(SqlState.syntaxError, 'ON CONFLICT DO UPDATE requires inference specification or constraint name', s.pos);
  }
  if (oc.action.kind === 'nothing') return { keyColumns, action: 'nothing' };
  const n = table.columns.length;
  const own = Scope.ofSchema(table.columns, s.alias ?? table.name);
  const excluded = new Scope(table.columns.map((c, i) => ({ name: c.name, qualifier: 'excluded', type: c.type, index: n + i, hidden: true })));
  const cx = plainContext(own.concat(excluded), env, 'ON CONFLICT DO UPDATE');
  const set = bindSet(oc.action.set, table, cx);
  const where = oc.action.where ? requireBool(bindExpr(oc.action.where, cx), 'WHERE', oc.action.where.pos, env.state.ctx) : undefined;
  return { keyColumns, action: { set, ...(where && { where }) } };
}

/** Binds an UPDATE (UPDATE … FROM → 0A000). */
export function bindUpdate(s: Update, ctx: BindContext): BoundUpdate {
  const env = rootEnv(ctx);
  const table = targetTable(s.table, env, 'update');
  noReturning(s);
  if (s.from.length > 0) throw bindError(SqlState.featureNotSupported, 'UPDATE ... FROM is not supported yet', s.from[0]!.pos);
  const scope = Scope.ofSchema(table.columns, s.alias ?? table.name);
  const set = bindSet(s.set, table, plainContext(scope, env, 'UPDATE'));
  const filter = s.where ? requireBool(bindExpr(s.where, plainContext(scope, env, 'WHERE')), 'WHERE', s.where.pos, ctx) : undefined;
  settleParams(ctx);
  return { table, filter, set };
}

/** Binds a DELETE (DELETE … USING → 0A000). */
export function bindDelete(s: Delete, ctx: BindContext): BoundDelete {
  const env = rootEnv(ctx);
  const table = targetTable(s.table, env, 'delete from');
  noReturning(s);
  if (s.using.length > 0) throw bindError(SqlState.featureNotSupported, 'DELETE ... USING is not supported yet', s.using[0]!.pos);
  const scope = Scope.ofSchema(table.columns, s.alias ?? table.name);
  const filter = s.where ? requireBool(bindExpr(s.where, plainContext(scope, env, 'WHERE')), 'WHERE', s.where.pos, ctx) : undefined;
  settleParams(ctx);
  return { table, filter };
}
