/**
 * `ARRAY(subquery)` (PostgreSQL docs §4.2.12): bound as the scalar subquery
 * `COALESCE((SELECT array_agg(item ORDER BY …) FROM … WHERE …), '{}')` (an empty result is an empty
 * array, as PostgreSQL's). Supported for a plain one-column SELECT
 * (no GROUP BY, HAVING, DISTINCT, LIMIT or WITH); other shapes raise 0A000. Used by psql's `\d`
 * queries (`array(select rolname from pg_roles where oid = any (pol.polroles) order by 1)`).
 */
import { SqlState } from '../../common/errors.ts';
import type { ArrayCtor, Expr, OrderItem, Query } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { bindError } from './diag.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';

/** Binds `ARRAY(q)`; 0A000 when `q` is not a plain one-column SELECT. */
export function bindArraySubquery(e: ArrayCtor, q: Query, cx: ExprContext): BoundExpr {
  const s = q.body;
  if (s.kind !== 'Select' || s.items.length !== 1 || s.groupBy.length > 0 || s.having || s.distinct || q.limit || q.offset || q.with.length > 0) {
    throw bindError(SqlState.featureNotSupported, 'ARRAY(subquery) is only supported for a one-column SELECT without GROUP BY, DISTINCT or LIMIT', e.pos);
  }
  const item = s.items[0]!;
  // ORDER BY 1 / ORDER BY alias refer to the select item.
  const orderBy: OrderItem[] = q.orderBy.map((o) => {
    const x = o.expr;
    if (x.kind === 'Literal' && x.value.type === 'number' && x.value.text === '1') return { ...o, expr: item.expr };
    if (x.kind === 'ColumnRef' && item.alias !== undefined && x.parts.length === 1 && x.parts[0] === item.alias) return { ...o, expr: item.expr };
    return o;
  });
  const agg: Expr = {
    kind: 'FuncCall',
    name: { kind: 'QualifiedName', parts: ['array_agg'], pos: e.pos },
    args: [item.expr],
    star: false,
    distinct: false,
    orderBy,
    noParens: false,
    pos: e.pos,
  };
  const sub: Query = { ...q, body: { ...s, items: [{ expr: agg, pos: item.pos }] }, orderBy: [] };
  const value = bindExpr({ kind: 'ScalarSubquery', query: sub, pos: e.pos }, cx);
  // No rows: array_agg gives NULL, ARRAY() an empty array.
  return { kind: 'Coalesce', args: [value, { kind: 'Const', value: [], type: value.type }], type: value.type };
}
