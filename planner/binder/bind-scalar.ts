/**
 * Standalone scalar expressions: computed columns, WATERMARK, DEFAULT and CHECK expressions bound
 * over a plain schema (no aggregates, window functions or subqueries: 42803 / 42P20 / 0A000).
 */
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import type { Expr } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { BindContext, QueryEnv } from './context.ts';
import { bindExpr } from './bind-expr.ts';
import { plainContext } from './expr-context.ts';
import { resolveUnknown } from './coerce.ts';
import { Scope } from './scope.ts';

/** A fresh top-level environment over `ctx`. */
export function rootEnv(ctx: BindContext): QueryEnv {
  return { state: { ctx, relationsRead: new Set(), viewDepth: 0 }, ctes: new Map(), outer: undefined };
}

/** Parameters still untyped after binding become text (PostgreSQL's choice for unconstrained `$n`). */
export function settleParams(ctx: BindContext): void {
  for (let i = 0; i < ctx.paramTypes.length; i++) ctx.paramTypes[i] ??= T.text;
}

/** Binds `e` over `scope` with no hooks; an unknown result becomes text. */
export function bindScalarIn(e: Expr, scope: Scope, env: QueryEnv, clause = 'this context'): BoundExpr {
  return resolveUnknown(bindExpr(e, plainContext(scope, env, clause)), env.state.ctx);
}

/** A scalar expression over a given schema (for computed columns, WATERMARK, DEFAULT, CHECKs). */
export function bindScalar(e: Expr, schema: readonly { name: string; type: SqlType }[], ctx: BindContext): BoundExpr {
  const out = bindScalarIn(e, Scope.ofSchema(schema), rootEnv(ctx));
  settleParams(ctx);
  return out;
}
