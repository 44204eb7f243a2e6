/**
 * Type coercion (PostgreSQL docs §10 "Type Conversion"): implicit casts for operator and function
 * arguments, assignment casts for INSERT/UPDATE targets, explicit casts for CAST/`::`; resolution of
 * `unknown` literals and of untyped `$n` parameters from context (the inferred type is written back
 * into BindContext.paramTypes); and the common type of CASE/COALESCE/IN/VALUES/UNION branches (§10.5).
 */
import type { SqlType } from '../../common/types.ts';
import { T, canImplicitCast, formatType, isNumeric, typeCategory, typeEquals } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { BoundExpr, CastExpr } from '../logical/expr.ts';
import type { BindContext } from './context.ts';
import { bindError } from './diag.ts';

/** Coercion contexts of pg_cast.castcontext: implicit (i), assignment (a), explicit (e). */
export type CoercionMode = 'implicit' | 'assignment' | 'explicit';

/** True for an expression whose type is still open: an untyped literal or an untyped parameter. */
export function isUnknown(e: BoundExpr): boolean {
  return e.type.id === 'unknown';
}

/** Whether an explicit cast from `from` to `to` exists (a permissive approximation of pg_cast plus I/O conversion casts to and from text). */
export function canExplicitCast(from: SqlType, to: SqlType): boolean {
  if (canImplicitCast(from, to) || canAssignCast(from, to)) return true;
  const cf = typeCategory(from);
  const ct = typeCategory(to);
  if (cf === 'S' || ct === 'S') return true;
  if (cf === ct && cf !== 'A') return true;
  if ((from.id === 'bool' && (to.id === 'int4' || to.id === 'int8')) || (to.id === 'bool' && (from.id === 'int4' || from.id === 'int8'))) return true;
  if (from.id === 'array' && to.id === 'array') return canExplicitCast(from.element, to.element);
  if ((from.id === 'json' || from.id === 'jsonb') && (to.id === 'json' || to.id === 'jsonb')) return true;
  return false;
}

/** Whether an assignment cast exists (numeric narrowing, any type to a string type, date/time conversions). */
export function canAssignCast(from: SqlType, to: SqlType): boolean {
  if (canImplicitCast(from, to)) return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  if (typeCategory(to) === 'S') return from.id !== 'array' || to.id === 'text';
  if (typeCategory(from) === 'D' && typeCategory(to) === 'D') return true;
  if ((from.id === 'json' || from.id === 'jsonb') && (to.id === 'json' || to.id === 'jsonb')) return true;
  if (from.id === 'array' && to.id === 'array') return canAssignCast(from.element, to.element);
  return false;
}

/** Records the type of `$index` (1-based) when still open; returns the type it has. */
export function settleParam(ctx: BindContext, index: number, type: SqlType): SqlType {
  const have = ctx.paramTypes[index - 1];
  if (have !== undefined) return have;
  const t = type.id === 'unknown' ? T.text : type;
  while (ctx.paramTypes.length < index) ctx.paramTypes.push(undefined);
  ctx.paramTypes[index - 1] = t;
  return t;
}

function castNode(operand: BoundExpr, type: SqlType, tryCast = false, assignment = false): CastExpr {
  return assignment ? { kind: 'Cast', operand, type, tryCast, assignment } : { kind: 'Cast', operand, type, tryCast };
}

/**
 * `e` converted to `target`, or undefined when `mode` allows no such cast. Unknown literals become a
 * Cast of a text Const (the executor parses them); untyped parameters take `target` as their type.
 */
export function tryCoerce(e: BoundExpr, target: SqlType, ctx: BindContext, mode: CoercionMode, tryCast = false): BoundExpr | undefined {
  if (target.id === 'unknown') return e;
  if (e.kind === 'ParamRef' && e.type.id === 'unknown') {
    const t = settleParam(ctx, e.index, target);
    const p: BoundExpr = { ...e, type: t };
    return typeEquals(t, target) ? p : tryCoerce(p, target, ctx, mode, tryCast);
  }
  if (typeEquals(e.type, target) && !tryCast) return e;
  if (e.kind === 'Const' && e.type.id === 'unknown') {
    if (e.value === null) return { kind: 'Const', value: null, type: target };
    const text: BoundExpr = { kind: 'Const', value: e.value, type: T.text };
    return target.id === 'text' && !tryCast ? text : castNode(text, target, tryCast, mode === 'assignment');
  }
  if (e.type.id === 'unknown') return castNode(e, target, tryCast, mode === 'assignment');
  const ok =
    mode === 'implicit' ? canImplicitCast(e.type, target) : mode === 'assignment' ? canAssignCast(e.type, target) : canExplicitCast(e.type, target);
  if (!ok) return undefined;
  if (e.kind === 'Const' && e.value === null) return { kind: 'Const', value: null, type: target };
  return castNode(e, target, tryCast, mode === 'assignment');
}

/** Implicit coercion that must succeed (the target came from a resolver that accepted `e`'s type). */
export function coerce(e: BoundExpr, target: SqlType, ctx: BindContext): BoundExpr {
  return tryCoerce(e, target, ctx, 'implicit') ?? castNode(e, target);
}

/** Unknown literals and parameters left open become text (PostgreSQL ≥ 10 for SELECT output columns). */
export function resolveUnknown(e: BoundExpr, ctx: BindContext): BoundExpr {
  return isUnknown(e) ? coerce(e, T.text, ctx) : e;
}

/**
 * `e` as a boolean condition of `what` (`WHERE`, `AND`, `JOIN/ON`, …). Throws 42804
 * `argument of WHERE must be type boolean, not type integer` at `pos`.
 */
export function requireBool(e: BoundExpr, what: string, pos: number, ctx: BindContext): BoundExpr {
  if (e.type.id === 'bool') return e;
  if (isUnknown(e)) return coerce(e, T.bool, ctx);
  throw bindError(SqlState.datatypeMismatch, `argument of ${what} must be type boolean, not type ${formatType(e.type)}`, pos);
}

/**
 * The common type of `items` (docs §10.5) with every item coerced to it. Throws 42804
 * `${what} types integer and text cannot be matched` at the first item that does not fit.
 */
export function unify(items: readonly { expr: BoundExpr; pos: number }[], what: string, ctx: BindContext): { type: SqlType; exprs: BoundExpr[] } {
  let best: SqlType | undefined;
  for (const it of items) {
    const t = it.expr.type;
    if (t.id === 'unknown') continue;
    if (best === undefined || canImplicitCast(t, best)) {
      best ??= t;
      continue;
    }
    if (canImplicitCast(best, t)) best = t;
    else throw bindError(SqlState.datatypeMismatch, `${what} types ${formatType(best)} and ${formatType(t)} cannot be matched`, it.pos);
  }
  // Parameterized types that differ (varchar(3) vs varchar(5)) widen to the bare type.
  if (best && items.some((it) => it.expr.type.id === best!.id && !typeEquals(it.expr.type, best!))) best = { id: best.id } as SqlType;
  const type = best ?? T.text;
  return { type, exprs: items.map((it) => coerce(it.expr, type, ctx)) };
}
