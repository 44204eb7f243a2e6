/**
 * Primary expressions (PostgreSQL docs §4.2 "Value Expressions"): literals, typed literals
 * (`DATE '…'`, `INTERVAL '1' DAY`, `int4 '1'`), column references, `$n`, parenthesized expressions,
 * row constructors, scalar subqueries, CASE, CAST/TRY_CAST, EXISTS, ARRAY[…]/ARRAY(…), ROW(…),
 * function calls with DISTINCT / ORDER BY / FILTER / OVER, the special forms EXTRACT, POSITION,
 * SUBSTRING, TRIM, OVERLAY (§9.4, §9.9) and CURRENT_TIMESTAMP & co (§9.9.5), and Flink's window-TVF
 * arguments `TABLE t`, `DESCRIPTOR(c)`, `name => value`.
 */
import type { Expr, FuncCall, TypedLiteral } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { isReserved, TYPE_FUNC_NAME } from './keywords.ts';
import { isParenthesizedQueryStart, isQueryStart, parseQuery } from './parse-query.ts';
import { Prec, callOf, continueExpr, parseExpr, parseExprList, parseOrderBy, parseQualifiedName, parseWindowSpec } from './parse-expr.ts';
import { parseTypeRef } from './type-names.ts';

/** SQL-standard functions written without parentheses (`CURRENT_TIMESTAMP`), by keyword → call name. */
const NO_PAREN_FUNCS: ReadonlyMap<string, string> = new Map([
  ['current_date', 'current_date'],
  ['current_time', 'current_time'],
  ['current_timestamp', 'current_timestamp'],
  ['localtime', 'localtime'],
  ['localtimestamp', 'localtimestamp'],
  ['current_user', 'current_user'],
  ['current_role', 'current_role'],
  ['session_user', 'session_user'],
  ['user', 'current_user'],
  ['current_schema', 'current_schema'],
  ['current_catalog', 'current_catalog'],
]);

const INTERVAL_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second']);

/** Parses one primary expression (no postfix operators). Throws `expected an expression`. */
export function parsePrimary(c: Cursor): Expr {
  const t = c.peek();
  switch (t.kind) {
    case 'number':
      c.next();
      return { kind: 'Literal', value: { type: 'number', text: t.value }, pos: t.pos };
    case 'string':
      c.next();
      return { kind: 'Literal', value: { type: 'string', value: t.value }, pos: t.pos };
    case 'param':
      c.next();
      return { kind: 'Param', index: Number(t.value), pos: t.pos };
    case 'op':
      if (t.value === '(') return parseParenthesized(c);
      throw c.error('an expression');
    case 'eof':
      throw c.error('an expression');
    case 'ident':
      break;
  }
  if (t.quoted) return parseNameExpr(c);
  const w = t.value;
  const next = c.peek(1);
  const nextParen = next.kind === 'op' && next.value === '(';
  switch (w) {
    case 'null':
      c.next();
      return { kind: 'Literal', value: { type: 'null' }, pos: t.pos };
    case 'true':
    case 'false':
      c.next();
      return { kind: 'Literal', value: { type: 'bool', value: w === 'true' }, pos: t.pos };
    case 'case':
      return parseCase(c);
    case 'default':
      c.next();
      return { kind: 'Default', pos: t.pos };
    case 'cast':
    case 'try_cast': {
      if (!nextParen) break;
      c.next();
      c.next();
      const operand = parseExpr(c);
      c.expectWord('as');
      const typeRef = parseTypeRef(c);
      c.expectOp(')');
      return { kind: 'Cast', operand, typeRef, syntax: w === 'cast' ? 'cast' : 'try_cast', pos: t.pos };
    }
    case 'exists': {
      if (!nextParen) break;
      c.next();
      c.next();
      const query = parseQuery(c);
      c.expectOp(')');
      return { kind: 'Exists', query, pos: t.pos };
    }
    case 'array':
      if (next.kind === 'op' && next.value === '[') {
        c.next();
        return parseArrayElements(c, t.pos);
      }
      if (nextParen) {
        c.next();
        c.next();
        const query = parseQuery(c);
        c.expectOp(')');
        return { kind: 'ArrayCtor', elements: [], query, pos: t.pos };
      }
      break;
    case 'row':
      if (!nextParen) break;
      c.next();
      c.next();
      return { kind: 'RowCtor', fields: c.acceptOp(')') ? [] : finishList(c), pos: t.pos };
    case 'interval':
      if (next.kind === 'string') return parseIntervalLiteral(c);
      break;
    case 'date':
    case 'time':
    case 'timestamp':
      if (next.kind === 'string' || c.isWord('with', 1) || c.isWord('without', 1)) return parseTypedLiteral(c);
      break;
    case 'table':
      if (next.kind === 'ident') {
        c.next();
        return { kind: 'TableArg', name: parseQualifiedName(c, 'a table name'), pos: t.pos };
      }
      break;
    case 'descriptor': {
      if (!nextParen) break;
      c.next();
      c.next();
      const columns = [c.name('a column name')];
      while (c.acceptOp(',')) columns.push(c.name('a column name'));
      c.expectOp(')');
      return { kind: 'Descriptor', columns, pos: t.pos };
    }
    case 'extract':
    case 'position':
    case 'substring':
    case 'trim':
    case 'overlay': {
      if (!nextParen) break;
      const special = parseSpecialForm(c, w, t.pos);
      if (special) return special;
      break;
    }
    default:
      break;
  }
  const noParen = NO_PAREN_FUNCS.get(w);
  if (noParen !== undefined && !nextParen) {
    c.next();
    return callOf(noParen, [], t.pos, true);
  }
  if (isReserved(w) && !(nextParen && (TYPE_FUNC_NAME.has(w) || noParen !== undefined))) throw c.error('an expression');
  // `typename 'literal'` (PostgreSQL's generic typed constant, §4.2.13)
  if (next.kind === 'string') return parseTypedLiteral(c);
  return parseNameExpr(c);
}

/** `(expr)`, `(a, b)` (a row), `(SELECT …)` (a scalar subquery); `((SELECT 1) UNION …)` tries the expression first. */
function parseParenthesized(c: Cursor): Expr {
  const pos = c.pos;
  c.expectOp('(');
  const asQuery = (): Expr => {
    const query = parseQuery(c);
    c.expectOp(')');
    return { kind: 'ScalarSubquery', query, pos };
  };
  if (isQueryStart(c)) return asQuery();
  const asExpr = (): Expr => {
    const e = parseExpr(c);
    if (c.acceptOp(',')) return { kind: 'RowCtor', fields: [e, ...finishList(c)], pos };
    c.expectOp(')');
    return e;
  };
  return isParenthesizedQueryStart(c) ? c.attempt(asExpr, asQuery) : asExpr();
}

/** The rest of `a, b, …)` after an opening parenthesis; consumes the `)`. */
function finishList(c: Cursor): Expr[] {
  const out = parseExprList(c);
  c.expectOp(')');
  return out;
}

function parseArrayElements(c: Cursor, pos: number): Expr {
  c.expectOp('[');
  const elements: Expr[] = [];
  if (!c.isOp(']')) {
    do {
      if (c.isOp('[')) elements.push(parseArrayElements(c, c.pos));
      else elements.push(parseExpr(c));
    } while (c.acceptOp(','));
  }
  c.expectOp(']');
  return { kind: 'ArrayCtor', elements, pos };
}

function parseCase(c: Cursor): Expr {
  const pos = c.pos;
  c.expectWord('case');
  const operand = c.isWord('when') ? undefined : parseExpr(c);
  const whens: { when: Expr; then: Expr }[] = [];
  while (c.acceptWord('when')) {
    const when = parseExpr(c);
    c.expectWord('then');
    whens.push({ when, then: parseExpr(c) });
  }
  if (whens.length === 0) throw c.error('WHEN');
  const elseExpr = c.acceptWord('else') ? parseExpr(c) : undefined;
  c.expectWord('end');
  return { kind: 'Case', ...(operand && { operand }), whens, ...(elseExpr && { else: elseExpr }), pos };
}

/** `DATE '…'`, `TIMESTAMP WITH TIME ZONE '…'`, `uuid '…'`: a type name, then a string. */
function parseTypedLiteral(c: Cursor): TypedLiteral {
  const pos = c.pos;
  const typeRef = parseTypeRef(c);
  return { kind: 'TypedLiteral', typeRef, value: c.string(), pos };
}

/** `INTERVAL '…' [qualifier]` where the qualifier is `DAY`, `SECOND(3)`, `HOUR TO MINUTE`, … (§8.5.4). */
function parseIntervalLiteral(c: Cursor): TypedLiteral {
  const pos = c.pos;
  const typeRef = parseTypeRef(c);
  const value = c.string();
  const field = (): string | undefined => {
    const t = c.peek();
    if (t.kind !== 'ident' || t.quoted || !INTERVAL_FIELDS.has(t.value)) return undefined;
    c.next();
    if (c.isOp('(') && c.peek(1).kind === 'number') {
      c.next();
      const p = c.integer();
      c.expectOp(')');
      return `${t.value}(${p})`;
    }
    return t.value;
  };
  let qualifier = field();
  if (qualifier !== undefined && c.acceptWord('to')) {
    const to = field();
    if (to === undefined) throw c.error('an interval field');
    qualifier += ` to ${to}`;
  }
  return { kind: 'TypedLiteral', typeRef, value, ...(qualifier !== undefined && { intervalQualifier: qualifier }), pos };
}

/** A column reference `a`, `t.a`, `t.*`, or a function call `f(…)`, `pg_catalog.f(…)`. */
function parseNameExpr(c: Cursor): Expr {
  const pos = c.pos;
  const parts = [c.next().value];
  while (c.isOp('.')) {
    const after = c.peek(1);
    if (after.kind === 'op' && after.value === '*') {
      c.next();
      c.next();
      return { kind: 'ColumnRef', parts, star: true, pos };
    }
    if (after.kind !== 'ident') break;
    c.next();
    parts.push(c.next().value);
  }
  if (c.isOp('(')) return parseCallArgs(c, parts, pos);
  return { kind: 'ColumnRef', parts, star: false, pos };
}

/**
 * The argument list and trailing clauses of a call whose name is parsed: `(*)`, `(DISTINCT a ORDER BY b)`,
 * named arguments `name => v`, then `FILTER (WHERE …)` and `OVER (…)` / `OVER w`.
 */
export function parseCallArgs(c: Cursor, parts: string[], pos: number): FuncCall {
  c.expectOp('(');
  let star = false;
  let distinct = false;
  const args: Expr[] = [];
  let orderBy: FuncCall['orderBy'] = [];
  if (c.acceptOp('*')) {
    star = true;
  } else if (!c.isOp(')')) {
    if (c.acceptWord('distinct')) distinct = true;
    else c.acceptWord('all');
    do args.push(parseArg(c));
    while (c.acceptOp(','));
    if (c.isWord('order')) orderBy = parseOrderBy(c);
  }
  c.expectOp(')');
  return finishCall(c, { kind: 'FuncCall', name: { kind: 'QualifiedName', parts, pos }, args, star, distinct, orderBy, noParens: false, pos });
}

function parseArg(c: Cursor): Expr {
  const t = c.peek();
  if (t.kind === 'ident' && c.isOp('=>', 1)) {
    c.next();
    c.next();
    return { kind: 'NamedArg', name: t.value, value: parseExpr(c), pos: t.pos };
  }
  return parseExpr(c);
}

/** `FILTER (WHERE …)` and `OVER …` after a call's closing parenthesis. */
function finishCall(c: Cursor, call: FuncCall): FuncCall {
  let out = call;
  if (c.isWord('filter') && c.isOp('(', 1)) {
    c.next();
    c.next();
    c.expectWord('where');
    const filter = parseExpr(c);
    c.expectOp(')');
    out = { ...out, filter };
  }
  if (c.isWord('over') && (c.isOp('(', 1) || c.peek(1).kind === 'ident')) {
    c.next();
    if (c.isOp('(')) {
      out = { ...out, over: parseWindowSpec(c) };
    } else {
      const pos = c.pos;
      out = { ...out, over: { kind: 'WindowRef', name: c.name('a window name'), pos } };
    }
  }
  return out;
}

/**
 * EXTRACT(f FROM x), POSITION(a IN b), SUBSTRING(x FROM a FOR b), TRIM([BOTH|LEADING|TRAILING] [c] FROM x),
 * OVERLAY(a PLACING b FROM c [FOR d]) normalized to plain calls (see FuncCall in ast.ts). Returns undefined,
 * consuming nothing, when the call is written with plain comma arguments.
 */
function parseSpecialForm(c: Cursor, w: string, pos: number): Expr | undefined {
  const start = c.idx;
  c.next();
  c.next();
  const call = (name: string, args: Expr[]): FuncCall => {
    c.expectOp(')');
    return finishCall(c, callOf(name, args, pos));
  };
  switch (w) {
    case 'extract': {
      const f = c.peek();
      if ((f.kind === 'ident' || f.kind === 'string') && c.isWord('from', 1)) {
        c.next();
        c.next();
        const field: Expr = { kind: 'Literal', value: { type: 'string', value: f.value.toLowerCase() }, pos: f.pos };
        return call('extract', [field, parseExpr(c)]);
      }
      break;
    }
    case 'position': {
      const a = parseExpr(c, Prec.like + 1);
      if (c.acceptWord('in')) return call('position', [parseExpr(c), a]);
      return finishGeneric(c, w, pos, continueExpr(c, a));
    }
    case 'substring': {
      const x = parseExpr(c);
      let from: Expr | undefined;
      let forExpr: Expr | undefined;
      if (c.acceptWord('from')) {
        from = parseExpr(c);
        if (c.acceptWord('for')) forExpr = parseExpr(c);
      } else if (c.acceptWord('for')) {
        forExpr = parseExpr(c);
        if (c.acceptWord('from')) from = parseExpr(c);
      } else {
        return finishGeneric(c, w, pos, x);
      }
      const one: Expr = { kind: 'Literal', value: { type: 'number', text: '1' }, pos };
      return call('substring', forExpr ? [x, from ?? one, forExpr] : [x, from!]);
    }
    case 'trim': {
      let name = 'btrim';
      if (c.acceptWord('both')) name = 'btrim';
      else if (c.acceptWord('leading')) name = 'ltrim';
      else if (c.acceptWord('trailing')) name = 'rtrim';
      if (c.acceptWord('from')) return call(name, parseExprList(c));
      const first = parseExpr(c);
      if (c.acceptWord('from')) {
        const args = parseExprList(c);
        return call(name, [...args, first]);
      }
      const rest = c.acceptOp(',') ? parseExprList(c) : [];
      return call(name, [first, ...rest]);
    }
    case 'overlay': {
      const a = parseExpr(c);
      if (c.acceptWord('placing')) {
        const b = parseExpr(c);
        c.expectWord('from');
        const from = parseExpr(c);
        const args = [a, b, from];
        if (c.acceptWord('for')) args.push(parseExpr(c));
        return call('overlay', args);
      }
      return finishGeneric(c, w, pos, a);
    }
    default:
      break;
  }
  c.idx = start;
  return undefined;
}

/** A special-form name used as a plain call: `first` is the parsed first argument. */
function finishGeneric(c: Cursor, name: string, pos: number, first: Expr): FuncCall {
  const args = [first];
  while (c.acceptOp(',')) args.push(parseExpr(c));
  c.expectOp(')');
  return finishCall(c, callOf(name, args, pos));
}
