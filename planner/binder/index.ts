/**
 * planner/binder/: name and type resolution (DESIGN.md, section "Planner: binding"). Turns parsed
 * queries into LogicalPlans and scalar AST expressions into BoundExprs, following PostgreSQL's
 * parse-analysis rules (scoping, implicit casts, output column names, GROUP BY checks) and planning
 * subqueries as joins. Entry points: bindQuery, bindScalar, bindInsert, bindUpdate, bindDelete.
 */
import type { Query } from '../../parser/ast.ts';
import type { BindContext, BoundQuery } from './context.ts';
import { bindQueryInner } from './bind-query.ts';
import { rootEnv, settleParams } from './bind-scalar.ts';

export type { BindContext, BoundQuery, BoundInsert, BoundUpdate, BoundDelete, BoundOnConflict } from './context.ts';
export { bindScalar } from './bind-scalar.ts';
export { bindInsert, bindUpdate, bindDelete } from './bind-dml.ts';
export { columnName } from './naming.ts';

/**
 * Binds a query to a LogicalPlan with its output column names and the relations it reads. Untyped
 * parameters are inferred from context and written back into `ctx.paramTypes` (text when
 * unconstrained). Throws SqlError with PostgreSQL's SQLSTATE, message and 1-based position.
 */
export function bindQuery(q: Query, ctx: BindContext): BoundQuery {
  const env = rootEnv(ctx);
  const r = bindQueryInner(q, env, {});
  settleParams(ctx);
  return { plan: r.plan, columnNames: r.names, relationsRead: [...env.state.relationsRead] };
}
