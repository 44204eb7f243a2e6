/**
 * Query parsing (PostgreSQL docs §7 "Queries", SELECT reference page): WITH [RECURSIVE], SELECT
 * [DISTINCT [ON]], FROM with joins, subqueries, LATERAL, table functions, VALUES, Flink's
 * `TABLE(TUMBLE(…))` window TVFs and `FOR SYSTEM_TIME AS OF`, WHERE, GROUP BY, HAVING, WINDOW,
 * UNION/INTERSECT/EXCEPT (INTERSECT binds tighter), ORDER BY, LIMIT/OFFSET/FETCH FIRST.
 */
import type { Alias, Cte, Expr, FromItem, FuncCall, OrderItem, Query, QueryBody, Select, SelectItem, Values, WindowSpec } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { Prec, parseExpr, parseExprList, parseNameList, parseOrderBy, parseQualifiedName, parseWindowSpec } from './parse-expr.ts';
import { parseCallArgs } from './parse-primary.ts';

/** True when a query starts at the cursor (SELECT, VALUES, WITH). */
export function isQueryStart(c: Cursor, k = 0): boolean {
  return c.isWord('select', k) || c.isWord('with', k) || (c.isWord('values', k) && c.isOp('(', k + 1));
}

/** True when, past any number of opening parentheses at `k`, a query starts (`((SELECT …`). */
export function isParenthesizedQueryStart(c: Cursor, k = 0): boolean {
  while (c.isOp('(', k)) k++;
  return isQueryStart(c, k);
}

/** Parses a full query: `[WITH …] body [ORDER BY …] [LIMIT …] [OFFSET …] [FETCH …]`. */
export function parseQuery(c: Cursor): Query {
  const pos = c.pos;
  const ctes: Cte[] = [];
  let recursive = false;
  if (c.acceptWord('with')) {
    recursive = c.acceptWord('recursive');
    do ctes.push(parseCte(c));
    while (c.acceptOp(','));
  }
  const body = parseSetExpr(c, 1);
  const orderBy: OrderItem[] = c.isWord('order') ? parseOrderBy(c) : [];
  let limit: Expr | undefined;
  let offset: Expr | undefined;
  for (;;) {
    if (c.acceptWord('limit')) {
      if (!c.acceptWord('all')) limit = parseExpr(c);
    } else if (c.acceptWord('offset')) {
      offset = parseExpr(c);
      if (!c.acceptWord('rows')) c.acceptWord('row');
    } else if (c.isWord('fetch') && (c.isWord('first', 1) || c.isWord('next', 1))) {
      c.next();
      c.next();
      if (c.isWord('row') || c.isWord('rows')) limit = { kind: 'Literal', value: { type: 'number', text: '1' }, pos: c.pos };
      else limit = parseExpr(c, Prec.unary);
      if (!c.acceptWord('rows')) c.expectWord('row');
      c.expectWord('only');
    } else {
      break;
    }
  }
  return {
    kind: 'Query',
    with: ctes,
    recursive,
    body,
    orderBy,
    ...(limit && { limit }),
    ...(offset && { offset }),
    pos,
  };
}

function parseCte(c: Cursor): Cte {
  const pos = c.pos;
  const name = c.name('a CTE name');
  const columns = c.isOp('(') ? parseNameList(c) : undefined;
  c.expectWord('as');
  if (!c.acceptWord('materialized')) c.acceptWords('not', 'materialized');
  c.expectOp('(');
  const query = parseQuery(c);
  c.expectOp(')');
  return { name, ...(columns && { columns }), query, pos };
}

const SET_OPS = { union: 1, except: 1, intersect: 2 } as const;

function parseSetExpr(c: Cursor, minPrec: number): QueryBody {
  let left = parseSetPrimary(c);
  for (;;) {
    const t = c.peek();
    if (t.kind !== 'ident' || t.quoted || !(t.value in SET_OPS)) return left;
    const op = t.value as keyof typeof SET_OPS;
    const prec = SET_OPS[op];
    if (prec < minPrec) return left;
    c.next();
    let all = false;
    if (c.acceptWord('all')) all = true;
    else c.acceptWord('distinct');
    const right = parseSetExpr(c, prec + 1);
    left = { kind: 'SetOp', op, all, left, right, pos: left.pos };
  }
}

function parseSetPrimary(c: Cursor): QueryBody {
  if (c.isWord('select')) return parseSelect(c);
  if (c.isWord('values')) return parseValues(c);
  if (c.isOp('(')) {
    const pos = c.pos;
    c.next();
    const query = parseQuery(c);
    c.expectOp(')');
    return { kind: 'NestedQuery', query, pos };
  }
  throw c.error('SELECT or VALUES');
}

/** `VALUES (a, b), (c, d)`. */
export function parseValues(c: Cursor): Values {
  const pos = c.pos;
  c.expectWord('values');
  const rows: Expr[][] = [];
  do {
    c.expectOp('(');
    rows.push(parseExprList(c));
    c.expectOp(')');
  } while (c.acceptOp(','));
  return { kind: 'Values', rows, pos };
}

/** Words that end a select list (so `SELECT FROM t` has no items). */
const AFTER_ITEMS = ['from', 'where', 'group', 'having', 'window', 'order', 'limit', 'offset', 'fetch', 'union', 'intersect', 'except', 'into'];

function parseSelect(c: Cursor): Select {
  const pos = c.pos;
  c.expectWord('select');
  let distinct = false;
  let distinctOn: Expr[] = [];
  if (c.acceptWord('distinct')) {
    distinct = true;
    if (c.acceptWord('on')) {
      c.expectOp('(');
      distinctOn = parseExprList(c);
      c.expectOp(')');
    }
  } else {
    c.acceptWord('all');
  }
  const ended = c.atEnd() || c.isOp(')') || c.isOp(';') || AFTER_ITEMS.some((w) => c.isWord(w));
  const items = ended ? [] : parseSelectItems(c);
  const from = c.acceptWord('from') ? parseFromList(c) : [];
  const where = c.acceptWord('where') ? parseExpr(c) : undefined;
  let groupBy: Expr[] = [];
  if (c.acceptWord('group')) {
    c.expectWord('by');
    groupBy = parseExprList(c);
  }
  const having = c.acceptWord('having') ? parseExpr(c) : undefined;
  const windows: { name: string; spec: WindowSpec }[] = [];
  if (c.acceptWord('window')) {
    do {
      const name = c.name('a window name');
      c.expectWord('as');
      windows.push({ name, spec: parseWindowSpec(c) });
    } while (c.acceptOp(','));
  }
  return {
    kind: 'Select',
    distinct,
    distinctOn,
    items,
    from,
    ...(where && { where }),
    groupBy,
    ...(having && { having }),
    windows,
    pos,
  };
}

/** A select list (also RETURNING): `*`, `t.*`, `expr [[AS] alias]`, comma-separated. */
export function parseSelectItems(c: Cursor): SelectItem[] {
  const out: SelectItem[] = [];
  do {
    const pos = c.pos;
    if (c.acceptOp('*')) {
      out.push({ expr: { kind: 'ColumnRef', parts: [], star: true, pos }, pos });
      continue;
    }
    const expr = parseExpr(c);
    let alias: string | undefined;
    if (c.acceptWord('as')) alias = c.label('an alias');
    else if (c.isName()) alias = c.next().value;
    out.push({ expr, ...(alias !== undefined && { alias }), pos });
  } while (c.acceptOp(','));
  return out;
}

/** `a, b JOIN c ON …, …`: a FROM list. */
export function parseFromList(c: Cursor): FromItem[] {
  const out = [parseJoined(c)];
  while (c.acceptOp(',')) out.push(parseJoined(c));
  return out;
}

function parseJoinType(c: Cursor): 'inner' | 'left' | 'right' | 'full' | 'cross' | undefined {
  if (c.acceptWords('cross', 'join')) return 'cross';
  if (c.acceptWord('join') || c.acceptWords('inner', 'join')) return 'inner';
  for (const side of ['left', 'right', 'full'] as const) {
    if (c.acceptWords(side, 'join') || c.acceptWords(side, 'outer', 'join')) return side;
  }
  return undefined;
}

function parseJoined(c: Cursor): FromItem {
  let left = parseFromPrimary(c);
  for (;;) {
    const natural = c.acceptWord('natural');
    const joinType = parseJoinType(c);
    if (!joinType) {
      if (natural) throw c.error('JOIN');
      return left;
    }
    const right = parseFromPrimary(c);
    let on: Expr | undefined;
    let using: string[] | undefined;
    if (joinType !== 'cross' && !natural) {
      if (c.acceptWord('on')) on = parseExpr(c);
      else if (c.acceptWord('using')) using = parseNameList(c);
      else throw c.error('ON or USING');
    }
    left = { kind: 'JoinRef', joinType, left, right, ...(on && { on }), ...(using && { using }), natural, pos: left.pos };
  }
}

/** `[AS] name [(col, …)]`, or undefined when no alias follows. */
function parseAlias(c: Cursor): Alias | undefined {
  let name: string;
  if (c.acceptWord('as')) name = c.label('an alias');
  else if (c.isName()) name = c.next().value;
  else return undefined;
  if (!c.isOp('(')) return { name };
  return { name, columns: parseNameList(c) };
}

function parseForSystemTime(c: Cursor): Expr | undefined {
  if (!c.acceptWords('for', 'system_time', 'as', 'of')) return undefined;
  return parseExpr(c);
}

function parseFromPrimary(c: Cursor): FromItem {
  const pos = c.pos;
  const lateral = c.acceptWord('lateral');
  if (c.isOp('(')) {
    const subquery = (): FromItem => {
      c.expectOp('(');
      const query = parseQuery(c);
      c.expectOp(')');
      const alias = parseAlias(c);
      const plainValues = query.body.kind === 'Values' && query.with.length === 0 && query.orderBy.length === 0 && !query.limit && !query.offset;
      if (plainValues && !lateral && query.body.kind === 'Values') {
        return { kind: 'ValuesRef', values: query.body, ...(alias && { alias }), pos };
      }
      return { kind: 'SubqueryRef', query, ...(alias && { alias }), lateral, pos };
    };
    if (lateral) return subquery();
    const nestedJoin = (): FromItem => {
      c.expectOp('(');
      const j = parseJoined(c);
      c.expectOp(')');
      return j;
    };
    return isParenthesizedQueryStart(c, 1) ? c.attempt(subquery, nestedJoin) : nestedJoin();
  }
  if (c.isWord('table') && c.isOp('(', 1)) {
    c.next();
    c.next();
    const fpos = c.pos;
    const name = parseQualifiedName(c, 'a function name');
    const call = parseCallArgs(c, [...name.parts], fpos);
    c.expectOp(')');
    return finishFunctionRef(c, call, lateral, true, pos);
  }
  if (c.isWord('values') && c.isOp('(', 1) && !lateral) {
    const values = parseValues(c);
    const alias = parseAlias(c);
    return { kind: 'ValuesRef', values, ...(alias && { alias }), pos };
  }
  const name = parseQualifiedName(c, 'a table name');
  if (c.isOp('(')) return finishFunctionRef(c, parseCallArgs(c, [...name.parts], name.pos), lateral, false, pos);
  if (lateral) throw c.error('a subquery or function call after LATERAL');
  let forSystemTimeAsOf = parseForSystemTime(c);
  const alias = parseAlias(c);
  forSystemTimeAsOf ??= parseForSystemTime(c);
  return { kind: 'TableRef', name, ...(alias && { alias }), ...(forSystemTimeAsOf && { forSystemTimeAsOf }), pos };
}

function finishFunctionRef(c: Cursor, call: FuncCall, lateral: boolean, tableWrapper: boolean, pos: number): FromItem {
  const withOrdinality = c.acceptWords('with', 'ordinality');
  const alias = parseAlias(c);
  return { kind: 'FunctionRef', call, ...(alias && { alias }), lateral, withOrdinality, tableWrapper, pos };
}
