/**
 * Clause helpers of the SELECT binder: select-list expansion (`*`, `t.*`, output names), output
 * column references of ORDER BY / DISTINCT ON (output name, ordinal or expression — PostgreSQL's
 * findTargetlistEntrySQL92), and LIMIT / OFFSET constants.
 * Errors: 42601 `SELECT * with no tables specified is not valid`, 42702 `ORDER BY "x" is ambiguous`,
 * 42P10 `ORDER BY position 3 is not in select list`, 0A000 for a parameter or expression as LIMIT,
 * 2201W / 2201X for negative LIMIT / OFFSET.
 */
import { Decimal } from 'decimal.js';
import { formatType } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { Expr, SelectItem } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { QueryEnv } from './context.ts';
import { blockOuter } from './context.ts';
import { bindError } from './diag.ts';
import { Scope, columnOrigins } from './scope.ts';
import type { ExprContext } from './expr-context.ts';
import { plainContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { exprEquals } from './expr-util.ts';
import { columnName } from './naming.ts';
import type { SelectItemBinding } from './bind-aggregate.ts';

/** Phase A of the select list: stars expanded, each item bound over the FROM scope and named. */
export function expandItems(items: readonly SelectItem[], cx: ExprContext): SelectItemBinding[] {
  const out: SelectItemBinding[] = [];
  for (const item of items) {
    const e = item.expr;
    if (e.kind !== 'ColumnRef' || !e.star) {
      out.push({ expr: bindExpr(e, cx), name: item.alias ?? columnName(e), pos: item.pos });
      continue;
    }
    const qualifier = e.parts[e.parts.length - 1];
    if (qualifier === undefined && cx.scope.columns.length === 0) {
      throw bindError(SqlState.syntaxError, 'SELECT * with no tables specified is not valid', e.pos);
    }
    const cols = (qualifier === undefined ? cx.scope.columns.filter((c) => !c.hidden) : cx.scope.columns.filter((c) => c.qualifier === qualifier)).filter((c) => !c.system);
    if (qualifier !== undefined && cols.length === 0) {
      throw bindError(SqlState.undefinedTable, `missing FROM-clause entry for table "${qualifier}"`, e.pos);
    }
    for (const c of cols) {
      const ref: BoundExpr = { kind: 'ColRef', index: c.index, type: c.type };
      columnOrigins.set(ref, { name: c.qualifier === undefined ? c.name : `${c.qualifier}.${c.name}`, pos: e.pos });
      out.push({ expr: ref, name: c.name, pos: item.pos });
    }
  }
  return out;
}

/** An ORDER BY / DISTINCT ON item: a select-list column, or an expression over the FROM scope. */
export type OutputRef =
  | { readonly kind: 'out'; readonly index: number; readonly pos: number }
  | { readonly kind: 'expr'; readonly expr: BoundExpr; readonly pos: number };

/** Resolves an ORDER BY / DISTINCT ON item against the select list first (output name, then ordinal), else binds it. */
export function resolveOutputRef(e: Expr, items: readonly SelectItemBinding[], cx: ExprContext, clause: string): OutputRef {
  if (e.kind === 'ColumnRef' && !e.star && e.parts.length === 1) {
    const hits = items.flatMap((it, index) => (it.name === e.parts[0] ? [index] : []));
    if (hits.length > 0) {
      if (hits.some((h) => !exprEquals(items[h]!.expr, items[hits[0]!]!.expr))) {
        throw bindError(SqlState.ambiguousColumn, `${clause} "${e.parts[0]}" is ambiguous`, e.pos);
      }
      return { kind: 'out', index: hits[0]!, pos: e.pos };
    }
  }
  if (e.kind === 'Literal' && e.value.type === 'number') {
    if (!/^\d+$/.test(e.value.text)) throw bindError(SqlState.syntaxError, `non-integer constant in ${clause}`, e.pos);
    const n = Number(e.value.text);
    if (n < 1 || n > items.length) throw bindError(SqlState.invalidColumnReference, `${clause} position ${n} is not in select list`, e.pos);
    return { kind: 'out', index: n - 1, pos: e.pos };
  }
  return { kind: 'expr', expr: bindExpr(e, cx), pos: e.pos };
}

function constCount(e: Expr, what: 'LIMIT' | 'OFFSET', env: QueryEnv): number | undefined {
  let b = bindExpr(e, plainContext(Scope.empty, blockOuter(env), what));
  if (b.kind === 'ParamRef') throw bindError(SqlState.featureNotSupported, `${what} with a parameter is not supported yet`, e.pos);
  if (b.kind === 'Cast' && b.operand.kind === 'Const') b = b.operand;
  if (b.kind !== 'Const') throw bindError(SqlState.featureNotSupported, `${what} must be a constant`, e.pos);
  const v = b.value;
  if (v === null) return undefined;
  let n: number;
  if (typeof v === 'number') n = Math.round(v);
  else if (typeof v === 'bigint') n = Number(v);
  else if (v instanceof Decimal) n = v.round().toNumber();
  else if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) n = Number(v);
  else if (typeof v === 'string') throw bindError(SqlState.invalidTextRepresentation, `invalid input syntax for type bigint: "${v}"`, e.pos);
  else throw bindError(SqlState.datatypeMismatch, `argument of ${what} must be type bigint, not type ${formatType(b.type)}`, e.pos);
  if (n < 0) throw bindError(what === 'LIMIT' ? '2201W' : '2201X', `${what} must not be negative`, e.pos);
  return n;
}

/** LIMIT / OFFSET as numbers (LIMIT NULL / ALL → undefined). */
export function bindLimits(tail: { readonly limit?: Expr; readonly offset?: Expr }, env: QueryEnv): { limit: number | undefined; offset: number } {
  return {
    limit: tail.limit ? constCount(tail.limit, 'LIMIT', env) : undefined,
    offset: tail.offset ? (constCount(tail.offset, 'OFFSET', env) ?? 0) : 0,
  };
}
