/**
 * A view's definition as pg_get_viewdef prints it (PostgreSQL's ruleutils.c, pretty mode): the
 * query deparsed with column references qualified by their relation, one select item a line,
 * `AS name` after any item that is not a plain column, and the clauses on lines of their own:
 *
 *      SELECT t.name,
 *         count(*) AS c
 *        FROM t
 *       GROUP BY t.name;
 *
 * Strom keeps the text the view was created with, and deparses the shapes this covers (one relation
 * in FROM; items, GROUP BY keys and ORDER BY keys made of columns and function calls over columns).
 * Other queries — where PostgreSQL would add casts and parentheses Strom cannot reproduce without
 * the bound tree — print as written.
 */
import { parse } from '../../parser/index.ts';
import type { Expr, Query } from '../../parser/ast.ts';

/** The definition text of a view whose query is `sql`: ` SELECT …;` (leading space, trailing semicolon). */
export function viewDefinition(sql: string): string {
  const asWritten = ` ${sql.trim().replace(/;?\s*$/, '')};`;
  try {
    const stmt = parse(sql)[0]?.statement;
    if (stmt?.kind !== 'QueryStatement') return asWritten;
    return deparse(stmt.query) ?? asWritten;
  } catch {
    return asWritten;
  }
}

function deparse(q: Query): string | undefined {
  const s = q.body;
  if (q.with.length > 0 || q.limit || q.offset || s.kind !== 'Select') return undefined;
  if (s.distinct || s.distinctOn.length > 0 || s.where || s.having || s.windows.length > 0 || s.from.length !== 1) return undefined;
  const from = s.from[0]!;
  if (from.kind !== 'TableRef' || from.forSystemTimeAsOf || from.alias?.columns || from.name.parts.length !== 1) return undefined;
  const table = from.name.parts[0]!;
  const qualifier = from.alias?.name ?? table;
  const expr = (e: Expr): string | undefined => {
    if (e.kind === 'ColumnRef' && !e.star && (e.parts.length === 1 || (e.parts.length === 2 && e.parts[0] === qualifier))) {
      return `${ident(qualifier)}.${ident(e.parts[e.parts.length - 1]!)}`;
    }
    if (e.kind === 'FuncCall' && !e.over && !e.filter && !e.distinct && e.orderBy.length === 0 && !e.noParens && e.name.parts.length === 1) {
      if (e.star) return `${e.name.parts[0]}(*)`;
      const args = e.args.map(expr);
      return args.every((a) => a !== undefined) ? `${e.name.parts[0]}(${args.join(', ')})` : undefined;
    }
    return undefined;
  };
  const items: string[] = [];
  for (const it of s.items) {
    const text = expr(it.expr);
    if (text === undefined) return undefined;
    const natural = it.expr.kind === 'ColumnRef' ? it.expr.parts[it.expr.parts.length - 1] : it.expr.kind === 'FuncCall' ? it.expr.name.parts[0] : undefined;
    const isColumn = it.expr.kind === 'ColumnRef';
    const name = it.alias ?? natural!;
    items.push(isColumn && name === natural ? text : `${text} AS ${ident(name)}`);
  }
  const groups = s.groupBy.map(expr);
  if (groups.some((g) => g === undefined)) return undefined;
  const orders: string[] = [];
  for (const o of q.orderBy) {
    const text = expr(o.expr);
    if (text === undefined || o.nulls) return undefined;
    orders.push(o.direction === 'desc' ? `${text} DESC` : text);
  }
  let out = ` SELECT ${items.join(',\n    ')}\n   FROM ${ident(table)}${from.alias ? ` ${ident(from.alias.name)}` : ''}`;
  if (groups.length > 0) out += `\n  GROUP BY ${groups.join(', ')}`;
  if (orders.length > 0) out += `\n  ORDER BY ${orders.join(', ')}`;
  return `${out};`;
}

/** quote_ident: quoted unless a plain lower-case identifier. */
function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
