/**
 * Expression parsing: precedence climbing over PostgreSQL's operator precedence (docs §4.1.6,
 * lowest first): OR, AND, NOT, IS/ISNULL/NOTNULL, comparison (< > = <= >= <>), BETWEEN/IN/LIKE/ILIKE/
 * SIMILAR, any other operator, + -, * / %, ^, AT TIME ZONE, COLLATE, unary + -, then postfix
 * [ ] and :: and field selection. Primaries and the SQL special forms (§4.2, §9) are in parse-primary.ts.
 */
import type { BinaryOp, Expr, FuncCall, OrderItem, QualifiedName, Query, WindowFrame, FrameBound, WindowSpec } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { isParenthesizedQueryStart, isQueryStart, parseQuery } from './parse-query.ts';
import { parsePrimary } from './parse-primary.ts';
import { parseTypeRef } from './type-names.ts';

/** Binding powers, higher binds tighter (PostgreSQL docs §4.1.6, Table 4.2). */
export const Prec = {
  or: 1,
  and: 2,
  not: 3,
  is: 4,
  cmp: 5,
  like: 6,
  other: 7,
  add: 8,
  mul: 9,
  exp: 10,
  at: 11,
  collate: 12,
  unary: 13,
} as const;

const COMPARISON = new Set(['=', '<', '>', '<=', '>=', '<>', '!=']);
const NOT_OPERATORS = new Set(['(', ')', '[', ']', ',', ';', '.', ':', '::', ':=', '=>']);

/**
 * Parses an expression whose operators all bind at least as tightly as `minPrec`
 * (0: a full expression). Throws SqlError 42601 `syntax error at or near "x": expected an expression`.
 */
export function parseExpr(c: Cursor, minPrec = 0): Expr {
  return continueExpr(c, parsePrefix(c), minPrec);
}

/** Continues an expression whose left operand `left` is already parsed. */
export function continueExpr(c: Cursor, left: Expr, minPrec = 0): Expr {
  for (;;) {
    const e = parseInfix(c, left, minPrec);
    if (!e) return left;
    left = e;
  }
}

/** A comma-separated list of expressions. */
export function parseExprList(c: Cursor): Expr[] {
  const out = [parseExpr(c)];
  while (c.acceptOp(',')) out.push(parseExpr(c));
  return out;
}

function parsePrefix(c: Cursor): Expr {
  const t = c.peek();
  if (t.kind === 'ident' && !t.quoted && t.value === 'not') {
    c.next();
    return { kind: 'UnaryOp', op: 'NOT', operand: parseExpr(c, Prec.not), pos: t.pos };
  }
  if (t.kind === 'op' && (t.value === '-' || t.value === '+')) {
    c.next();
    const nt = c.peek();
    const operand = parseExpr(c, Prec.unary);
    if (t.value === '-' && nt.kind === 'number' && operand.kind === 'Literal' && operand.pos === nt.pos && operand.value.type === 'number') {
      // fold a negative numeric constant, as PostgreSQL's grammar does (doNegate)
      return { kind: 'Literal', value: { type: 'number', text: '-' + operand.value.text }, pos: t.pos };
    }
    return { kind: 'UnaryOp', op: t.value, operand, pos: t.pos };
  }
  if (t.kind === 'op' && (t.value === '~' || t.value === '@')) {
    c.next();
    return { kind: 'UnaryOp', op: t.value, operand: parseExpr(c, Prec.other + 1), pos: t.pos };
  }
  return parsePostfix(c, parsePrimary(c));
}

/** Postfix `::type`, `[i]`, `[a:b]` and `.field` after a primary. */
export function parsePostfix(c: Cursor, e: Expr): Expr {
  for (;;) {
    if (c.acceptOp('::')) {
      e = { kind: 'Cast', operand: e, typeRef: parseTypeRef(c), syntax: 'colons', pos: e.pos };
    } else if (c.acceptOp('[')) {
      let index: Expr | undefined;
      let upper: Expr | undefined;
      let slice = false;
      if (!c.isOp(':')) index = parseExpr(c);
      if (c.acceptOp(':')) {
        slice = true;
        if (!c.isOp(']')) upper = parseExpr(c);
      }
      c.expectOp(']');
      e = slice
        ? { kind: 'Subscript', operand: e, ...(index && { lower: index }), ...(upper && { upper }), slice: true, pos: e.pos }
        : { kind: 'Subscript', operand: e, index, slice: false, pos: e.pos };
    } else if (c.isOp('.') && c.peek(1).kind === 'ident') {
      c.next();
      e = { kind: 'FieldAccess', operand: e, field: c.next().value, pos: e.pos };
    } else {
      return e;
    }
  }
}

/** A BinaryOp; `pos` is the operator's offset (PostgreSQL reports operator errors there), else the left operand's. */
function binary(op: string, left: Expr, right: Expr, escape?: Expr, pos: number = left.pos): BinaryOp {
  return escape ? { kind: 'BinaryOp', op, left, right, escape, pos } : { kind: 'BinaryOp', op, left, right, pos };
}

/** Right side of a binary operator: `ANY|SOME|ALL (…)` makes a Quantified, otherwise an operand at `prec`. */
function parseRightOperand(c: Cursor, op: string, left: Expr, prec: number, escapeAllowed = false, opPos: number = left.pos): Expr {
  if ((c.isWord('any') || c.isWord('some') || c.isWord('all')) && c.isOp('(', 1)) {
    const quantifier = c.next().value === 'all' ? 'all' : 'any';
    c.next();
    const right = parseSubqueryOrExpr(c);
    c.expectOp(')');
    return { kind: 'Quantified', op, quantifier, left, right, pos: left.pos };
  }
  const right = parseExpr(c, prec + 1);
  if (escapeAllowed && c.acceptWord('escape')) return binary(op, left, right, parseExpr(c, prec + 1), opPos);
  return binary(op, left, right, undefined, opPos);
}

/** Inside parentheses: a query (`SELECT …`) or an expression; `((SELECT 1))`-style input tries the expression first. */
function parseSubqueryOrExpr(c: Cursor): { kind: 'expr'; expr: Expr } | { kind: 'query'; query: Query } {
  if (isQueryStart(c)) return { kind: 'query', query: parseQuery(c) };
  const asExpr = (): { kind: 'expr'; expr: Expr } => {
    const expr = parseExpr(c);
    if (!c.isOp(')')) throw c.error('")"');
    return { kind: 'expr', expr };
  };
  if (!isParenthesizedQueryStart(c)) return asExpr();
  return c.attempt<{ kind: 'expr'; expr: Expr } | { kind: 'query'; query: Query }>(asExpr, () => {
    const query = parseQuery(c);
    if (!c.isOp(')')) throw c.error('")"');
    return { kind: 'query', query };
  });
}

/** `OPERATOR(schema.op)` → the operator text. */
function parseOperatorSyntax(c: Cursor): string {
  c.expectWord('operator');
  c.expectOp('(');
  while (c.peek().kind === 'ident' && c.isOp('.', 1)) {
    c.next();
    c.next();
  }
  const t = c.peek();
  if (t.kind !== 'op' || NOT_OPERATORS.has(t.value)) throw c.error('an operator');
  c.next();
  c.expectOp(')');
  return t.value === '!=' ? '<>' : t.value;
}

function opPrec(op: string): number {
  if (op === '+' || op === '-') return Prec.add;
  if (op === '*' || op === '/' || op === '%') return Prec.mul;
  if (op === '^') return Prec.exp;
  if (COMPARISON.has(op)) return Prec.cmp;
  return Prec.other;
}

/** One infix or postfix-keyword step at binding power ≥ minPrec, or undefined when none applies. */
function parseInfix(c: Cursor, left: Expr, minPrec: number): Expr | undefined {
  const t = c.peek();
  if (t.kind === 'op') {
    if (NOT_OPERATORS.has(t.value)) return undefined;
    const p = opPrec(t.value);
    if (p < minPrec) return undefined;
    c.next();
    return parseRightOperand(c, t.value === '!=' ? '<>' : t.value, left, p, false, t.pos);
  }
  if (t.kind !== 'ident' || t.quoted) return undefined;
  switch (t.value) {
    case 'or':
    case 'and': {
      const p = t.value === 'or' ? Prec.or : Prec.and;
      if (p < minPrec) return undefined;
      c.next();
      return binary(t.value.toUpperCase(), left, parseExpr(c, p + 1));
    }
    case 'is': {
      if (Prec.is < minPrec) return undefined;
      c.next();
      const negated = c.acceptWord('not');
      for (const test of ['null', 'true', 'false', 'unknown'] as const) {
        if (c.acceptWord(test)) return { kind: 'IsTest', operand: left, test, negated, pos: left.pos };
      }
      if (c.acceptWords('distinct', 'from')) {
        return binary(negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM', left, parseExpr(c, Prec.is + 1));
      }
      throw c.error('NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM');
    }
    case 'isnull':
    case 'notnull':
      if (Prec.is < minPrec) return undefined;
      c.next();
      return { kind: 'IsTest', operand: left, test: 'null', negated: t.value === 'notnull', pos: left.pos };
    case 'not':
    case 'between':
    case 'in':
    case 'like':
    case 'ilike':
    case 'similar': {
      if (Prec.like < minPrec) return undefined;
      const negated = t.value === 'not';
      const k = negated ? 1 : 0;
      if (!['between', 'in', 'like', 'ilike', 'similar'].some((w) => c.isWord(w, k))) return undefined;
      if (negated) c.next();
      return parsePredicate(c, left, negated);
    }
    case 'at':
      if (Prec.at < minPrec || !c.isWords('at', 'time', 'zone')) return undefined;
      c.acceptWords('at', 'time', 'zone');
      return callOf('timezone', [parseExpr(c, Prec.at + 1), left], left.pos);
    case 'collate': {
      if (Prec.collate < minPrec) return undefined;
      c.next();
      return { kind: 'Collate', operand: left, collation: parseQualifiedName(c, 'a collation name'), pos: left.pos };
    }
    case 'operator': {
      if (Prec.other < minPrec || !c.isOp('(', 1)) return undefined;
      const op = parseOperatorSyntax(c);
      return parseRightOperand(c, op, left, Prec.other);
    }
    default:
      return undefined;
  }
}

/** BETWEEN / IN / LIKE / ILIKE / SIMILAR TO after the operand (and an optional NOT). */
function parsePredicate(c: Cursor, left: Expr, negated: boolean): Expr {
  const not = negated ? 'NOT ' : '';
  const t = c.next();
  switch (t.value) {
    case 'between': {
      let symmetric = false;
      if (c.acceptWord('symmetric')) symmetric = true;
      else c.acceptWord('asymmetric');
      const low = parseExpr(c, Prec.like + 1);
      c.expectWord('and');
      const high = parseExpr(c, Prec.like + 1);
      return { kind: 'Between', operand: left, low, high, negated, symmetric, pos: left.pos };
    }
    case 'in': {
      c.expectOp('(');
      const asQuery = (): Expr => {
        const query = parseQuery(c);
        c.expectOp(')');
        return { kind: 'InSubquery', operand: left, query, negated, pos: left.pos };
      };
      const asList = (): Expr => {
        const list = parseExprList(c);
        c.expectOp(')');
        return { kind: 'InList', operand: left, list, negated, pos: left.pos };
      };
      if (isQueryStart(c)) return asQuery();
      return isParenthesizedQueryStart(c) ? c.attempt(asList, asQuery) : asList();
    }
    case 'like':
    case 'ilike':
      return parseRightOperand(c, not + t.value.toUpperCase(), left, Prec.like, true);
    case 'similar':
      c.expectWord('to');
      return parseRightOperand(c, not + 'SIMILAR TO', left, Prec.like, true);
    default:
      throw c.error('BETWEEN, IN, LIKE, ILIKE or SIMILAR TO', t);
  }
}

/** A plain call `name(args)` with everything else defaulted. */
export function callOf(name: string, args: Expr[], pos: number, noParens = false): FuncCall {
  return {
    kind: 'FuncCall',
    name: { kind: 'QualifiedName', parts: [name], pos },
    args,
    star: false,
    distinct: false,
    orderBy: [],
    noParens,
    pos,
  };
}

/** A dotted name `a`, `s.t`, `pg_catalog.pg_class`: a name, then any words after dots. */
export function parseQualifiedName(c: Cursor, what = 'a name'): QualifiedName {
  const pos = c.pos;
  const parts = [c.name(what)];
  while (c.isOp('.') && c.peek(1).kind === 'ident') {
    c.next();
    parts.push(c.next().value);
  }
  return { kind: 'QualifiedName', parts, pos };
}

/** `(a, b, c)`: a parenthesized list of names. */
export function parseNameList(c: Cursor, what = 'a column name'): string[] {
  c.expectOp('(');
  const out = [c.name(what)];
  while (c.acceptOp(',')) out.push(c.name(what));
  c.expectOp(')');
  return out;
}

/** `ORDER BY expr [ASC|DESC] [NULLS FIRST|LAST], …` (the ORDER BY words included). */
export function parseOrderBy(c: Cursor): OrderItem[] {
  c.expectWord('order');
  c.expectWord('by');
  const out: OrderItem[] = [];
  do {
    const expr = parseExpr(c);
    let direction: 'asc' | 'desc' | undefined;
    if (c.acceptWord('asc')) direction = 'asc';
    else if (c.acceptWord('desc')) direction = 'desc';
    let nulls: 'first' | 'last' | undefined;
    if (c.acceptWord('nulls')) {
      if (c.acceptWord('first')) nulls = 'first';
      else if (c.acceptWord('last')) nulls = 'last';
      else throw c.error('FIRST or LAST');
    }
    out.push({ expr, direction, nulls });
  } while (c.acceptOp(','));
  return out;
}

const WINDOW_CLAUSE_WORDS = new Set(['partition', 'order', 'rows', 'range', 'groups']);

/** `( [base] [PARTITION BY …] [ORDER BY …] [ROWS|RANGE|GROUPS frame] )` (PostgreSQL docs §4.2.8). */
export function parseWindowSpec(c: Cursor): WindowSpec {
  const pos = c.pos;
  c.expectOp('(');
  let baseName: string | undefined;
  if (c.isName() && !(c.peek().kind === 'ident' && !c.peek().quoted && WINDOW_CLAUSE_WORDS.has(c.peek().value))) baseName = c.name();
  let partitionBy: Expr[] = [];
  if (c.acceptWords('partition', 'by')) partitionBy = parseExprList(c);
  const orderBy = c.isWords('order', 'by') ? parseOrderBy(c) : [];
  let frame: WindowFrame | undefined;
  for (const units of ['rows', 'range', 'groups'] as const) {
    if (!c.acceptWord(units)) continue;
    if (c.acceptWord('between')) {
      const start = parseFrameBound(c);
      c.expectWord('and');
      frame = { units, start, end: parseFrameBound(c) };
    } else {
      frame = { units, start: parseFrameBound(c), end: { type: 'current_row' } };
    }
    break;
  }
  c.expectOp(')');
  return { kind: 'WindowSpec', ...(baseName !== undefined && { baseName }), partitionBy, orderBy, ...(frame && { frame }), pos };
}

function parseFrameBound(c: Cursor): FrameBound {
  if (c.acceptWords('unbounded', 'preceding')) return { type: 'unbounded_preceding' };
  if (c.acceptWords('unbounded', 'following')) return { type: 'unbounded_following' };
  if (c.acceptWords('current', 'row')) return { type: 'current_row' };
  const offset = parseExpr(c, Prec.like + 1);
  if (c.acceptWord('preceding')) return { type: 'preceding', offset };
  if (c.acceptWord('following')) return { type: 'following', offset };
  throw c.error('PRECEDING or FOLLOWING');
}
