/**
 * Helpers over bound expressions used by optimizer rules: conjunct splitting, substitution of
 * column references by the expressions that produce them, and simple predicates about expressions.
 */
import { T } from '../../common/types.ts';
import type { BoundExpr } from './expr.ts';
import { children, mapChildren } from './expr.ts';

/** The AND-ed parts of `e` (flattened); `[e]` when it is not an AND. */
export function conjuncts(e: BoundExpr | undefined): BoundExpr[] {
  if (!e) return [];
  if (e.kind === 'And') return e.args.flatMap((a) => conjuncts(a));
  return [e];
}

/** AND of `parts`; undefined for none, the part itself for one. */
export function andAll(parts: readonly BoundExpr[]): BoundExpr | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return { kind: 'And', args: parts, type: T.bool };
}

/** `e` with each ColRef i replaced by `exprs[i]` (pushing an expression below a projection). */
export function substitute(e: BoundExpr, exprs: readonly BoundExpr[]): BoundExpr {
  if (e.kind === 'ColRef') return exprs[e.index]!;
  return mapChildren(e, (c) => substitute(c, exprs));
}

/** True when `e` contains a call to a volatile function (now(), proctime(), random()). */
export function isVolatile(e: BoundExpr, volatileFn: (id: string) => boolean): boolean {
  if (e.kind === 'Call' && volatileFn(e.fn)) return true;
  return children(e).some((c) => isVolatile(c, volatileFn));
}

/** True when `e` is the boolean constant `value`. */
export function isBoolConst(e: BoundExpr, value: boolean): boolean {
  return e.kind === 'Const' && e.value === value;
}
