/**
 * INSERT, UPDATE, DELETE. An INSERT whose target is a connector table, or whose query reads a
 * streaming (connector) table, starts a continuous job (as Flink's INSERT INTO) and returns at once
 * with its id in a NOTICE. Any other INSERT into a DML table runs once, with PostgreSQL semantics
 * (23505 on a duplicate key, ON CONFLICT DO NOTHING / DO UPDATE). UPDATE and DELETE apply to DML
 * tables and publish -U/+U and -D changes to every reader.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { Delete, Insert, Update } from '../../parser/ast.ts';
import { parseExpression } from '../../parser/index.ts';
import type { Catalog, TableInfo } from '../../catalog/catalog.ts';
import { bindDelete, bindInsert, bindScalar, bindUpdate } from '../../planner/binder/index.ts';
import type { BoundInsert } from '../../planner/binder/index.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import type { LogicalPlan } from '../../planner/logical/plan.ts';
import { inputsOf } from '../../planner/logical/plan.ts';
import { bindParams, bindParamsInPlan } from '../../planner/logical/plan-utils.ts';
import { optimize } from '../../planner/optimizer/optimizer.ts';
import { compileExpr } from '../../executor/expr/compile.ts';
import { RowBatchBuilder, RowKind } from '../../executor/row/binary-row.ts';
import type { StatementResult } from '../api.ts';
import type { StatementContext } from '../session.ts';
import type { ConflictAction, TableStore } from '../table-store.ts';
import { rowsOf } from './columns.ts';
import { parallelismNotice } from '../parallel/index.ts';

/** Runs INSERT/UPDATE/DELETE. */
export async function executeDml(s: Insert | Update | Delete, ctx: StatementContext): Promise<StatementResult> {
  if (s.returning.length > 0) throw new SqlError(SqlState.featureNotSupported, 'RETURNING is not supported yet', { position: s.returning[0]!.pos + 1 });
  switch (s.kind) {
    case 'Insert':
      return insert(s, ctx);
    case 'Update':
      return update(s, ctx);
    case 'Delete':
      return del(s, ctx);
  }
}

/** The physical (non-computed) columns of a table, as indices into table.columns. */
export function physicalColumns(t: TableInfo): number[] {
  return t.columns.map((c, i) => (c.computed ? -1 : i)).filter((i) => i >= 0);
}

/**
 * The plan producing full rows of the target's physical columns from a bound INSERT: target columns
 * from the source, the others from their DEFAULT (or NULL).
 */
export function insertSourcePlan(b: BoundInsert, catalog: Catalog): LogicalPlan {
  const cols = physicalColumns(b.table);
  if (cols.length === b.targetColumns.length && cols.every((c, i) => b.targetColumns[i] === c)) return b.source;
  const exprs: BoundExpr[] = cols.map((c) => {
    const j = b.targetColumns.indexOf(c);
    const col = b.table.columns[c]!;
    if (j >= 0) return { kind: 'ColRef', index: j, type: col.type };
    return defaultExpr(b.table, c, catalog);
  });
  return {
    kind: 'Project',
    input: b.source,
    exprs,
    schema: cols.map((c) => ({ name: b.table.columns[c]!.name, type: b.table.columns[c]!.type, nullable: true })),
  };
}

function defaultExpr(t: TableInfo, c: number, catalog: Catalog): BoundExpr {
  const col = t.columns[c]!;
  if (!col.default) return { kind: 'Const', value: null, type: col.type };
  const e = bindScalar(parseExpression(col.default), [], { catalog, paramTypes: [] });
  return e.type.id === col.type.id ? e : { kind: 'Cast', operand: e, type: col.type, tryCast: false };
}

/** True when the plan reads a connector (streaming) table. */
export function readsStream(p: LogicalPlan): boolean {
  if (p.kind === 'Scan') return p.relation.kind === 'table' && p.relation.connector !== undefined;
  return inputsOf(p).some(readsStream);
}

async function insert(s: Insert, ctx: StatementContext): Promise<StatementResult> {
  const bound = bindInsert(s, { catalog: ctx.db.catalog, paramTypes: ctx.paramTypes });
  const table = bound.table;
  let plan = insertSourcePlan(bound, ctx.db.catalog);
  if (ctx.params.length) plan = bindParamsInPlan(plan, ctx.params, ctx.paramTypes);
  const config = ctx.session.settings.config();
  if (table.connector !== undefined || readsStream(plan)) {
    if (bound.onConflict) throw new SqlError(SqlState.featureNotSupported, 'ON CONFLICT is not supported for continuous INSERT jobs');
    const id = ctx.db.newJobId();
    const job = ctx.db.startInsertJob(id, ctx.text, table, plan, config);
    ctx.session.notice({ severity: 'NOTICE', code: '00000', message: `started job ${id}`, detail: `SHOW JOBS lists it; STOP JOB '${id}' stops it.` });
    const fallback = parallelismNotice(job);
    if (fallback) ctx.session.notice(fallback);
    return { kind: 'command', tag: 'INSERT 0 0' };
  }
  const store = ctx.db.tables.get(table.name)!;
  const physical = ctx.db.physical(optimize(plan, { config }), true, { config });
  const rows = rowsOf(ctx.db.runBounded(physical, config));
  const n = store.insert(rows, bound.onConflict ? conflictAction(bound, store, ctx) : undefined);
  return { kind: 'command', tag: `INSERT 0 ${n}` };
}

function conflictAction(b: BoundInsert, store: TableStore, ctx: StatementContext): ConflictAction {
  const oc = b.onConflict!;
  const pk = (b.table.primaryKey ?? []).map((n) => b.table.columns.findIndex((c) => c.name === n));
  const same = pk.length === oc.keyColumns.length && pk.every((k) => oc.keyColumns.includes(k));
  if (!same) throw new SqlError(SqlState.invalidColumnReference, 'there is no unique or exclusion constraint matching the ON CONFLICT specification');
  if (oc.action === 'nothing') return { kind: 'nothing' };
  const { set, where } = oc.action;
  const types = [...store.types, ...store.types];
  const p = (e: BoundExpr) => (ctx.params.length ? bindParams(e, ctx.params, ctx.paramTypes) : e);
  const setEval = rowEvaluator(set.map((x) => p(x.expr)), types);
  const whereEval = where ? rowEvaluator([p(where)], types) : undefined;
  return {
    kind: 'update',
    compute: (existing, excluded) => {
      const both = [...existing, ...excluded];
      if (whereEval && whereEval(both)[0] !== true) return undefined;
      const vals = setEval(both);
      const out = [...existing];
      set.forEach((x, i) => (out[x.column] = vals[i]));
      return out;
    },
  };
}

/**
 * Evaluates `exprs` over one row of JavaScript values of `types` (DML paths; not a hot path:
 * each call builds a one-row batch).
 */
export function rowEvaluator(exprs: readonly BoundExpr[], types: readonly SqlType[]): (row: readonly unknown[]) => unknown[] {
  const evals = exprs.map((e) => compileExpr(e, types));
  const b = new RowBatchBuilder(types, 256, 2);
  return (row) => {
    b.addRow(RowKind.INSERT, row);
    const batch = b.finish();
    return evals.map((f) => f(batch, 0));
  };
}

function dmlTable(t: TableInfo, ctx: StatementContext, verb: string): TableStore {
  const store = ctx.db.tables.get(t.name);
  if (!store) {
    throw new SqlError(SqlState.wrongObjectType, `cannot ${verb} table "${t.name}": it is a connector table ('connector' = '${t.connector}')`, {
      hint: 'Only tables created without a connector are stored by Strom and can be updated or deleted from.',
    });
  }
  return store;
}

async function update(s: Update, ctx: StatementContext): Promise<StatementResult> {
  const b = bindUpdate(s, { catalog: ctx.db.catalog, paramTypes: ctx.paramTypes });
  const store = dmlTable(b.table, ctx, 'update');
  const p = (e: BoundExpr) => (ctx.params.length ? bindParams(e, ctx.params, ctx.paramTypes) : e);
  const filter = b.filter ? rowEvaluator([p(b.filter)], store.types) : undefined;
  const setEval = rowEvaluator(b.set.map((x) => p(x.expr)), store.types);
  const plan = new Map<unknown[], unknown[]>();
  for (const r of store.values()) {
    if (filter && filter(r)[0] !== true) continue;
    const vals = setEval(r);
    const nr = [...r];
    b.set.forEach((x, i) => (nr[x.column] = vals[i]));
    plan.set(r, nr);
  }
  const n = store.update((r) => plan.has(r), (r) => plan.get(r)!);
  return { kind: 'command', tag: `UPDATE ${n}` };
}

async function del(s: Delete, ctx: StatementContext): Promise<StatementResult> {
  const b = bindDelete(s, { catalog: ctx.db.catalog, paramTypes: ctx.paramTypes });
  const store = dmlTable(b.table, ctx, 'delete from');
  const filter = b.filter ? rowEvaluator([ctx.params.length ? bindParams(b.filter, ctx.params, ctx.paramTypes) : b.filter], store.types) : undefined;
  const n = store.delete((r) => !filter || filter(r)[0] === true);
  return { kind: 'command', tag: `DELETE ${n}` };
}
