/**
 * Joins in FROM (PostgreSQL docs §7.2.1.1 "Joined Tables"): INNER/LEFT/RIGHT/FULL/CROSS with ON,
 * USING and NATURAL (merged columns first, as PostgreSQL: the left column for inner/left joins, the
 * right one for right joins, COALESCE for full joins; `t.x` still names each side's own column), and
 * Flink's lookup join `JOIN dim FOR SYSTEM_TIME AS OF s.proc_time ON s.k = dim.k` (bind-lookup-join.ts).
 * Errors: 42804 `argument of JOIN/ON must be type boolean`, 42703/42702 for USING columns.
 */
import { SqlState } from '../../common/errors.ts';
import type { JoinRef } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { JoinType } from '../logical/plan.ts';
import type { QueryEnv } from './context.ts';
import { bindError } from './diag.ts';
import { Scope } from './scope.ts';
import type { ScopeColumn } from './scope.ts';
import { columnRefs, join, project } from './plan-util.ts';
import type { FromResult } from './bind-relation.ts';
import { bindFromItem, checkDistinctNames } from './bind-from.ts';
import { bindLookupJoin } from './bind-lookup-join.ts';
import { bindExpr } from './bind-expr.ts';
import { plainContext } from './expr-context.ts';
import { applyOperator } from './bind-operators.ts';
import { requireBool, unify } from './coerce.ts';
import { conjunction } from './expr-util.ts';

/** Binds a join. */
export function bindJoin(j: JoinRef, env: QueryEnv): FromResult {
  if (j.right.kind === 'TableRef' && j.right.forSystemTimeAsOf) return bindLookupJoin(j, j.right, env);
  const left = bindFromItem(j.left, env);
  const right = bindFromItem(j.right, env);
  checkDistinctNames(left.scope, right.scope, j.right.pos);
  const wl = left.plan.schema.length;
  const scope = left.scope.concat(right.scope.shift(wl));
  const type: JoinType = j.joinType === 'cross' ? 'inner' : j.joinType;
  const using = j.natural ? naturalColumns(left.scope, right.scope) : j.using;
  if (using) return bindUsing(type, left, right, using, j.pos, env);
  const cx = plainContext(scope, env, 'JOIN conditions');
  const cond = j.on ? requireBool(bindExpr(j.on, cx), 'JOIN/ON', j.on.pos, env.state.ctx) : undefined;
  return { plan: join(type, left.plan, right.plan, cond), scope };
}

function visible(scope: Scope, name: string): ScopeColumn[] {
  return scope.columns.filter((c) => !c.hidden && c.name === name);
}

function naturalColumns(left: Scope, right: Scope): string[] {
  const names = new Set(right.columns.filter((c) => !c.hidden && !c.system).map((c) => c.name));
  return [...new Set(left.columns.filter((c) => !c.hidden && !c.system && names.has(c.name)).map((c) => c.name))];
}

function usingColumn(scope: Scope, name: string, side: 'left' | 'right', pos: number): ScopeColumn {
  const found = visible(scope, name);
  if (found.length === 0) throw bindError(SqlState.undefinedColumn, `column "${name}" specified in USING clause does not exist in ${side} table`, pos);
  if (found.length > 1) throw bindError(SqlState.ambiguousColumn, `common column name "${name}" appears more than once in ${side} table`, pos);
  return found[0]!;
}

/** USING / NATURAL: equality on the named columns; a Project puts the merged columns first. */
function bindUsing(type: JoinType, left: FromResult, right: FromResult, names: readonly string[], pos: number, env: QueryEnv): FromResult {
  const wl = left.plan.schema.length;
  const cx = plainContext(left.scope.concat(right.scope.shift(wl)), env, 'JOIN conditions');
  const conds: BoundExpr[] = [];
  const merged: { name: string; expr: BoundExpr }[] = [];
  const usedL = new Set<number>();
  const usedR = new Set<number>();
  for (const name of names) {
    if (merged.some((m) => m.name === name)) throw bindError(SqlState.duplicateColumn, `column "${name}" appears more than once in USING clause`, pos);
    const l = usingColumn(left.scope, name, 'left', pos);
    const r = usingColumn(right.scope, name, 'right', pos);
    usedL.add(l.index);
    usedR.add(r.index);
    const lref: BoundExpr = { kind: 'ColRef', index: l.index, type: l.type };
    const rref: BoundExpr = { kind: 'ColRef', index: wl + r.index, type: r.type };
    conds.push(applyOperator('=', [lref, rref], pos, cx));
    const { type: t, exprs } = unify([{ expr: lref, pos }, { expr: rref, pos }], 'JOIN/USING', env.state.ctx);
    const expr: BoundExpr = type === 'full' ? { kind: 'Coalesce', args: exprs, type: t } : type === 'right' ? exprs[1]! : exprs[0]!;
    merged.push({ name, expr });
  }
  const plan = join(type, left.plan, right.plan, conjunction(conds));
  const m = merged.length;
  const top = project(plan, [...merged.map((x) => x.expr), ...columnRefs(plan)], [...merged.map((x) => x.name), ...plan.schema.map((f) => f.name)]);
  const scope = new Scope([
    ...merged.map((x, i): ScopeColumn => ({ name: x.name, qualifier: undefined, type: x.expr.type, index: i, hidden: false })),
    ...left.scope.columns.map((c) => ({ ...c, index: c.index + m, hidden: c.hidden || usedL.has(c.index) })),
    ...right.scope.columns.map((c) => ({ ...c, index: c.index + wl + m, hidden: c.hidden || usedR.has(c.index) })),
  ]);
  return { plan: top, scope };
}
