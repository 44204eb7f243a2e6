/**
 * Expressions and queries back to SQL text. Every operator application is printed in parentheses, so
 * the text re-parses to the same tree whatever the precedence; set operations are printed bare (their
 * trees from the parser already follow UNION/EXCEPT < INTERSECT), since parentheses there would add
 * a NestedQuery node.
 */
import { assertNever } from '../common/errors.ts';
import type { Alias, Expr, FrameBound, FromItem, FuncCall, OptionItem, OrderItem, QualifiedName, Query, QueryBody, SelectItem, Values, WindowSpec } from './ast.ts';
import { RESERVED, quoteIdent, quoteString } from './keywords.ts';

/** `a.b.c`, each part quoted when needed. */
export function printName(n: QualifiedName | readonly string[]): string {
  const parts = 'parts' in n ? n.parts : n;
  return parts.map(quoteIdent).join('.');
}

function list<T>(xs: readonly T[], f: (x: T) => string): string {
  return xs.map(f).join(', ');
}

/** Expressions that print as one self-delimited unit (safe before `::`, `[`, after unary operators). */
function isAtom(e: Expr): boolean {
  switch (e.kind) {
    case 'ColumnRef':
    case 'Param':
    case 'FuncCall':
    case 'ScalarSubquery':
    case 'Exists':
    case 'ArrayCtor':
    case 'RowCtor':
    case 'Case':
    case 'Subscript':
    case 'FieldAccess':
    case 'Descriptor':
      return true;
    case 'Cast':
      return e.syntax !== 'colons';
    case 'Literal':
      return e.value.type !== 'number' || !e.value.text.startsWith('-');
    default:
      return false;
  }
}

function atom(e: Expr): string {
  const s = printExpr(e);
  return isAtom(e) ? s : `(${s})`;
}

function printOrderItem(o: OrderItem): string {
  let s = printExpr(o.expr);
  if (o.direction) s += ` ${o.direction.toUpperCase()}`;
  if (o.nulls) s += ` NULLS ${o.nulls.toUpperCase()}`;
  return s;
}

/** `ORDER BY a DESC NULLS LAST, b`. */
export function printOrderBy(items: readonly OrderItem[]): string {
  return `ORDER BY ${list(items, printOrderItem)}`;
}

function printBound(b: FrameBound): string {
  switch (b.type) {
    case 'unbounded_preceding':
      return 'UNBOUNDED PRECEDING';
    case 'unbounded_following':
      return 'UNBOUNDED FOLLOWING';
    case 'current_row':
      return 'CURRENT ROW';
    case 'preceding':
      return `${printExpr(b.offset!)} PRECEDING`;
    case 'following':
      return `${printExpr(b.offset!)} FOLLOWING`;
    default:
      return assertNever(b.type, 'frame bound');
  }
}

/** `(base PARTITION BY … ORDER BY … ROWS BETWEEN … AND …)`. */
export function printWindowSpec(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.baseName !== undefined) parts.push(quoteIdent(w.baseName));
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${list(w.partitionBy, printExpr)}`);
  if (w.orderBy.length > 0) parts.push(printOrderBy(w.orderBy));
  if (w.frame) parts.push(`${w.frame.units.toUpperCase()} BETWEEN ${printBound(w.frame.start)} AND ${printBound(w.frame.end)}`);
  return `(${parts.join(' ')})`;
}

/** Keywords that are plain function names when followed by `(` (so need no quotes there). */
const SPECIAL_CALL_WORDS = new Set(['cast', 'try_cast', 'exists', 'array', 'row', 'descriptor', 'trim', 'operator', 'table']);

function printFuncName(n: QualifiedName): string {
  const w = n.parts[0]!;
  if (n.parts.length === 1 && /^[a-z_][a-z0-9_$]*$/.test(w) && !SPECIAL_CALL_WORDS.has(w) && !RESERVED.has(w)) return w;
  return printName(n);
}

function printCall(f: FuncCall): string {
  if (f.noParens) return f.name.parts.join('.');
  let args: string;
  if (f.star) args = '*';
  else {
    args = (f.distinct ? 'DISTINCT ' : '') + list(f.args, printExpr);
    if (f.orderBy.length > 0) args += ` ${printOrderBy(f.orderBy)}`;
  }
  let s = `${printFuncName(f.name)}(${args})`;
  if (f.filter) s += ` FILTER (WHERE ${printExpr(f.filter)})`;
  if (f.over) s += f.over.kind === 'WindowRef' ? ` OVER ${quoteIdent(f.over.name)}` : ` OVER ${printWindowSpec(f.over)}`;
  return s;
}

/** An expression as SQL text that re-parses to the same tree (modulo `pos`). */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'Literal': {
      const v = e.value;
      switch (v.type) {
        case 'number':
          return v.text;
        case 'string':
          return quoteString(v.value);
        case 'bool':
          return v.value ? 'TRUE' : 'FALSE';
        case 'null':
          return 'NULL';
        default:
          return assertNever(v, 'literal');
      }
    }
    case 'TypedLiteral':
      return `${e.typeRef.text} ${quoteString(e.value)}${e.intervalQualifier ? ' ' + e.intervalQualifier.toUpperCase() : ''}`;
    case 'ColumnRef':
      if (e.star) return e.parts.length > 0 ? `${printName(e.parts)}.*` : '*';
      return printName(e.parts);
    case 'Param':
      return `$${e.index}`;
    case 'BinaryOp': {
      const esc = e.escape ? ` ESCAPE ${printExpr(e.escape)}` : '';
      return `(${printExpr(e.left)} ${e.op} ${printExpr(e.right)}${esc})`;
    }
    case 'UnaryOp': {
      const operand = e.operand.kind === 'Literal' && e.operand.value.type === 'number' ? `(${printExpr(e.operand)})` : atom(e.operand);
      return `(${e.op} ${operand})`;
    }
    case 'IsTest':
      return `(${printExpr(e.operand)} IS ${e.negated ? 'NOT ' : ''}${e.test.toUpperCase()})`;
    case 'Between':
      return `(${printExpr(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}${printExpr(e.low)} AND ${printExpr(e.high)})`;
    case 'InList':
      return `(${printExpr(e.operand)} ${e.negated ? 'NOT ' : ''}IN (${list(e.list, printExpr)}))`;
    case 'InSubquery':
      return `(${printExpr(e.operand)} ${e.negated ? 'NOT ' : ''}IN (${printQuery(e.query)}))`;
    case 'Exists':
      return `EXISTS (${printQuery(e.query)})`;
    case 'ScalarSubquery':
      return `(${printQuery(e.query)})`;
    case 'Quantified': {
      const right = e.right.kind === 'expr' ? printExpr(e.right.expr) : printQuery(e.right.query);
      return `(${printExpr(e.left)} ${e.op} ${e.quantifier.toUpperCase()} (${right}))`;
    }
    case 'Case': {
      let s = 'CASE';
      if (e.operand) s += ` ${printExpr(e.operand)}`;
      for (const w of e.whens) s += ` WHEN ${printExpr(w.when)} THEN ${printExpr(w.then)}`;
      if (e.else) s += ` ELSE ${printExpr(e.else)}`;
      return s + ' END';
    }
    case 'Cast':
      switch (e.syntax) {
        case 'cast':
          return `CAST(${printExpr(e.operand)} AS ${e.typeRef.text})`;
        case 'try_cast':
          return `TRY_CAST(${printExpr(e.operand)} AS ${e.typeRef.text})`;
        case 'colons':
          return `${atom(e.operand)}::${e.typeRef.text}`;
        default:
          return assertNever(e.syntax, 'cast syntax');
      }
    case 'FuncCall':
      return printCall(e);
    case 'ArrayCtor':
      return e.query ? `ARRAY(${printQuery(e.query)})` : `ARRAY[${list(e.elements, printExpr)}]`;
    case 'RowCtor':
      return `ROW(${list(e.fields, printExpr)})`;
    case 'Subscript': {
      const inner = e.slice ? `${e.lower ? printExpr(e.lower) : ''}:${e.upper ? printExpr(e.upper) : ''}` : printExpr(e.index!);
      return `${atom(e.operand)}[${inner}]`;
    }
    case 'FieldAccess':
      return `(${printExpr(e.operand)}).${quoteIdent(e.field)}`;
    case 'Collate':
      return `(${printExpr(e.operand)} COLLATE ${printName(e.collation)})`;
    case 'Descriptor':
      return `DESCRIPTOR(${list(e.columns, quoteIdent)})`;
    case 'TableArg':
      return `TABLE ${printName(e.name)}`;
    case 'NamedArg':
      return `${quoteIdent(e.name)} => ${printExpr(e.value)}`;
    case 'Default':
      return 'DEFAULT';
    default:
      return assertNever(e, 'expression');
  }
}

// ───────────────────────────── queries ─────────────────────────────

function printAlias(a: Alias | undefined): string {
  if (!a) return '';
  const cols = a.columns ? `(${list(a.columns, quoteIdent)})` : '';
  return ` AS ${quoteIdent(a.name)}${cols}`;
}

function printValues(v: Values): string {
  return `VALUES ${list(v.rows, (r) => `(${list(r, printExpr)})`)}`;
}

/** A FROM item. Joins nested on the right are parenthesized. */
export function printFromItem(f: FromItem): string {
  switch (f.kind) {
    case 'TableRef': {
      const fst = f.forSystemTimeAsOf ? ` FOR SYSTEM_TIME AS OF ${printExpr(f.forSystemTimeAsOf)}` : '';
      return `${printName(f.name)}${fst}${printAlias(f.alias)}`;
    }
    case 'SubqueryRef':
      return `${f.lateral ? 'LATERAL ' : ''}(${printQuery(f.query)})${printAlias(f.alias)}`;
    case 'FunctionRef': {
      const call = f.tableWrapper ? `TABLE(${printCall(f.call)})` : printCall(f.call);
      return `${f.lateral ? 'LATERAL ' : ''}${call}${f.withOrdinality ? ' WITH ORDINALITY' : ''}${printAlias(f.alias)}`;
    }
    case 'ValuesRef':
      return `(${printValues(f.values)})${printAlias(f.alias)}`;
    case 'JoinRef': {
      const right = f.right.kind === 'JoinRef' ? `(${printFromItem(f.right)})` : printFromItem(f.right);
      const type = f.joinType === 'cross' ? 'CROSS' : f.joinType === 'inner' ? 'INNER' : `${f.joinType.toUpperCase()} OUTER`;
      let s = `${printFromItem(f.left)} ${f.natural ? 'NATURAL ' : ''}${type} JOIN ${right}`;
      if (f.on) s += ` ON ${printExpr(f.on)}`;
      if (f.using) s += ` USING (${list(f.using, quoteIdent)})`;
      return s;
    }
    default:
      return assertNever(f, 'FROM item');
  }
}

/** A select or RETURNING list. */
export function printSelectItems(items: readonly SelectItem[]): string {
  return list(items, (i) => (i.alias !== undefined ? `${printExpr(i.expr)} AS ${quoteIdent(i.alias)}` : printExpr(i.expr)));
}

const SET_PREC = { union: 1, except: 1, intersect: 2 } as const;

function printBody(b: QueryBody): string {
  switch (b.kind) {
    case 'Select': {
      let s = 'SELECT';
      if (b.distinct) s += b.distinctOn.length > 0 ? ` DISTINCT ON (${list(b.distinctOn, printExpr)})` : ' DISTINCT';
      if (b.items.length > 0) s += ` ${printSelectItems(b.items)}`;
      if (b.from.length > 0) s += ` FROM ${list(b.from, printFromItem)}`;
      if (b.where) s += ` WHERE ${printExpr(b.where)}`;
      if (b.groupBy.length > 0) s += ` GROUP BY ${list(b.groupBy, printExpr)}`;
      if (b.having) s += ` HAVING ${printExpr(b.having)}`;
      if (b.windows.length > 0) s += ` WINDOW ${list(b.windows, (w) => `${quoteIdent(w.name)} AS ${printWindowSpec(w.spec)}`)}`;
      return s;
    }
    case 'Values':
      return printValues(b);
    case 'NestedQuery':
      return `(${printQuery(b.query)})`;
    case 'SetOp': {
      const p = SET_PREC[b.op];
      const side = (x: QueryBody, min: number): string => (x.kind === 'SetOp' && SET_PREC[x.op] < min ? `(${printBody(x)})` : printBody(x));
      return `${side(b.left, p)} ${b.op.toUpperCase()}${b.all ? ' ALL' : ''} ${side(b.right, p + 1)}`;
    }
    default:
      return assertNever(b, 'query body');
  }
}

/** A query as SQL text: `WITH … body ORDER BY … LIMIT … OFFSET …`. */
export function printQuery(q: Query): string {
  let s = '';
  if (q.with.length > 0) {
    s += `WITH ${q.recursive ? 'RECURSIVE ' : ''}`;
    s += list(q.with, (c) => `${quoteIdent(c.name)}${c.columns ? `(${list(c.columns, quoteIdent)})` : ''} AS (${printQuery(c.query)})`);
    s += ' ';
  }
  s += printBody(q.body);
  if (q.orderBy.length > 0) s += ` ${printOrderBy(q.orderBy)}`;
  if (q.limit) s += ` LIMIT ${printExpr(q.limit)}`;
  if (q.offset) s += ` OFFSET ${printExpr(q.offset)}`;
  return s;
}

/** `('k' = 'v', …)`. */
export function printOptions(options: readonly OptionItem[]): string {
  return `(${list(options, (o) => `${quoteString(o.key)} = ${quoteString(o.value)}`)})`;
}
