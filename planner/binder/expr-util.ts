/**
 * Helpers over bound expressions: structural equality (GROUP BY matching, de-duplication of
 * aggregate calls and sort keys), conjunction building and splitting, and a tree search.
 */
import { T } from '../../common/types.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { children } from '../logical/expr.ts';

function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => valueEquals(x, b[i]));
  const pa = Object.getPrototypeOf(a) as unknown;
  if (pa !== Object.prototype && pa !== null) return Object.getPrototypeOf(b) === pa && String(a) === String(b);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => valueEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Structural equality of two bound expressions (types, constants and column positions included). */
export function exprEquals(a: BoundExpr, b: BoundExpr): boolean {
  return valueEquals(a, b);
}

/** Whether `pred` holds for `e` or any expression below it. */
export function someExpr(e: BoundExpr, pred: (x: BoundExpr) => boolean): boolean {
  if (pred(e)) return true;
  return children(e).some((c) => someExpr(c, pred));
}

/** The AND of `preds` (undefined when empty, the predicate itself when single; nested ANDs flattened). */
export function conjunction(preds: readonly BoundExpr[]): BoundExpr | undefined {
  const flat = preds.flatMap((p) => (p.kind === 'And' ? p.args : [p]));
  if (flat.length === 0) return undefined;
  if (flat.length === 1) return flat[0];
  return { kind: 'And', args: flat, type: T.bool };
}

/** The index of an expression equal to `e` in `list`, appending it when absent. */
export function slotOf(list: BoundExpr[], e: BoundExpr): number {
  const i = list.findIndex((x) => exprEquals(x, e));
  if (i >= 0) return i;
  list.push(e);
  return list.length - 1;
}
