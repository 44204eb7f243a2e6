/**
 * Whole-plan helpers: mapping every expression of a plan, and substituting `$n` parameters with
 * their bound values before optimization (so constant folding and pushdown see them).
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { BoundExpr } from './expr.ts';
import { mapChildren } from './expr.ts';
import type { LogicalPlan } from './plan.ts';
import { inputsOf, withInputs } from './plan.ts';

/** `plan` with `f` applied to every expression of every node (inputs first). */
export function mapPlanExprs(plan: LogicalPlan, f: (e: BoundExpr) => BoundExpr): LogicalPlan {
  const ins = inputsOf(plan).map((i) => mapPlanExprs(i, f));
  const p = ins.length ? withInputs(plan, ins) : plan;
  switch (p.kind) {
    case 'Project':
      return { ...p, exprs: p.exprs.map(f) };
    case 'Filter':
      return { ...p, predicate: f(p.predicate) };
    case 'Join':
      return p.condition ? { ...p, condition: f(p.condition) } : p;
    case 'SubqueryFilter':
      return { ...p, operands: p.operands.map(f), comparisons: p.comparisons.map(f), correlation: p.correlation && f(p.correlation) };
    case 'ScalarSubqueryJoin':
      return p.correlation ? { ...p, correlation: f(p.correlation) } : p;
    case 'LookupJoin':
      return p.condition ? { ...p, condition: f(p.condition) } : p;
    case 'Values':
      return { ...p, rows: p.rows.map((r) => r.map(f)) };
    case 'TableFunction':
      return { ...p, args: p.args.map(f) };
    case 'Correlate':
      return { ...p, calls: p.calls.map((c) => ({ ...c, args: c.args.map(f) })) };
    case 'Scan':
    case 'Aggregate':
    case 'SetOp':
    case 'Sort':
    case 'Window':
    case 'Rank':
    case 'Deduplicate':
      return p;
  }
}

/** Replaces ParamRef nodes in `e` with constants from `values` (1-based $n). Throws 08P01 if one is missing. */
export function bindParams(e: BoundExpr, values: readonly unknown[], types: readonly (SqlType | undefined)[]): BoundExpr {
  if (e.kind === 'ParamRef') {
    if (e.index < 1 || e.index > values.length) {
      throw new SqlError(SqlState.undefinedParameter, `there is no parameter $${e.index}`);
    }
    return { kind: 'Const', value: values[e.index - 1] ?? null, type: types[e.index - 1] ?? e.type };
  }
  return mapChildren(e, (c) => bindParams(c, values, types));
}

/** `plan` with every `$n` replaced by its value. */
export function bindParamsInPlan(plan: LogicalPlan, values: readonly unknown[], types: readonly (SqlType | undefined)[]): LogicalPlan {
  return mapPlanExprs(plan, (e) => bindParams(e, values, types));
}
