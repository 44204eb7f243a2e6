/**
 * The context an expression is bound in: its scope, the query environment, the clause (for error
 * messages such as `aggregate functions are not allowed in WHERE`) and the hooks through which the
 * SELECT binder takes over aggregates, window functions and scalar subqueries. A clause without a
 * hook rejects the construct.
 */
import type { SqlType } from '../../common/types.ts';
import type { FuncCall, ScalarSubquery } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { QueryEnv } from './context.ts';
import type { Scope } from './scope.ts';

/** A resolved aggregate: registry name, argument types to cast to, result type. */
export interface AggregateSig {
  readonly name: string;
  readonly argTypes: readonly SqlType[];
  readonly returnType: SqlType;
}

/** Hooks of the clause being bound; each returns the expression standing for the construct. */
export interface ExprHooks {
  /** An aggregate call; `args` are bound over the clause's scope and already cast to `sig.argTypes`. */
  aggregate?(call: FuncCall, sig: AggregateSig, args: readonly BoundExpr[], cx: ExprContext): BoundExpr;
  /** A window function call (`fn` is row_number/rank/dense_rank or an aggregate's name). */
  window?(call: FuncCall, sig: AggregateSig, args: readonly BoundExpr[], cx: ExprContext): BoundExpr;
  /** A scalar subquery used as a value. */
  subquery?(e: ScalarSubquery, cx: ExprContext): BoundExpr;
  /** A set-returning function call (unnest, generate_series…) in a select list. */
  setReturning?(call: FuncCall, name: string, cx: ExprContext): BoundExpr;
}

/** Where an expression is bound. */
export interface ExprContext {
  readonly scope: Scope;
  readonly env: QueryEnv;
  /** The clause name used in messages: `WHERE`, `JOIN conditions`, `GROUP BY`, `VALUES`, … */
  readonly clause: string;
  readonly hooks: ExprHooks;
  /** References to the outer query's columns are allowed here (a subquery's WHERE conjuncts). */
  readonly outerAllowed: boolean;
}

/** A context with no hooks (aggregates, windows and subqueries rejected). */
export function plainContext(scope: Scope, env: QueryEnv, clause: string): ExprContext {
  return { scope, env, clause, hooks: {}, outerAllowed: false };
}
