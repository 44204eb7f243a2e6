/**
 * Operator binding (PostgreSQL docs §10.2 "Operators", §9.1–§9.2, §9.7 pattern matching, §9.24
 * row and array comparisons). Operators resolve through the function registry by symbol (`+`, `=`,
 * `like`, unary minus as `neg`); an unknown-typed side first tries the other side's type, as
 * PostgreSQL's rule 2.a. Errors: 42883 `operator does not exist: text + integer` (with the PG hint),
 * 42804 for non-boolean AND/OR/NOT/IS TRUE operands, 42809 for ANY/ALL without an array.
 */
import { T, arrayOf, formatType, typeCategory, typeEquals } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { Between, BinaryOp, InList, IsTest, Quantified, UnaryOp } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { bindError } from './diag.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr, numberConst } from './bind-expr.ts';
import { coerce, isUnknown, requireBool, tryCoerce, unify } from './coerce.ts';
import { resolveFunction } from './registries.ts';

const OPERATOR_HINT = 'No operator matches the given name and argument types. You might need to add explicit type casts.';

/** How PostgreSQL prints an operator in messages (LIKE is `~~`). */
const OP_TEXT: Readonly<Record<string, string>> = { like: '~~', ilike: '~~*', 'not like': '!~~', 'not ilike': '!~~*', neg: '-' };

/** Casts `e` to a resolved parameter type; polymorphic types (ANY_TYPE → text, ANY_ARRAY → as is) follow the registry's contract. */
export function castArg(e: BoundExpr, t: SqlType, cx: ExprContext): BoundExpr {
  const ctx = cx.env.state.ctx;
  if (t.id === 'unknown') return coerce(e, T.text, ctx);
  if (t.id === 'array' && t.element.id === 'unknown') return e.type.id === 'unknown' ? coerce(e, arrayOf(T.text), ctx) : e;
  return coerce(e, t, ctx);
}

/** The argument types to look an operator up with: an unknown side takes the other side's type when that exact operator exists. */
function lookupTypes(name: string, args: readonly BoundExpr[]): readonly SqlType[] {
  const types = args.map((a) => a.type);
  if (args.length !== 2) return types.map((t) => (t.id === 'unknown' ? T.text : t));
  const [l, r] = types as [SqlType, SqlType];
  if (l.id === 'unknown' && r.id === 'unknown') return [T.text, T.text];
  const known = l.id === 'unknown' ? r : r.id === 'unknown' ? l : undefined;
  if (!known) return types;
  const same = resolveFunction(name, [known, known]);
  if (same && same.argTypes.every((t) => typeEquals(t, known))) return [known, known];
  if (name === '||' && typeCategory(known) !== 'A') return [l.id === 'unknown' ? T.text : l, r.id === 'unknown' ? T.text : r];
  return types;
}

/**
 * Applies operator `name` (registry symbol) to bound arguments; throws 42883 at `pos` when no
 * operator matches.
 */
export function applyOperator(name: string, args: readonly BoundExpr[], pos: number, cx: ExprContext): BoundExpr {
  const types = lookupTypes(name, args);
  const res = resolveFunction(name, types);
  if (!res) {
    const op = OP_TEXT[name] ?? name;
    const shown = args.map((a) => formatType(a.type));
    const sig = shown.length === 1 ? `${op} ${shown[0]}` : `${shown[0]} ${op} ${shown[1]}`;
    throw bindError(SqlState.undefinedFunction, `operator does not exist: ${sig}`, pos, { hint: OPERATOR_HINT });
  }
  return { kind: 'Call', fn: res.fn.id, args: args.map((a, i) => castArg(a, res.argTypes[i]!, cx)), type: res.returnType };
}

function flattenBool(kind: 'And' | 'Or', e: BoundExpr): readonly BoundExpr[] {
  return e.kind === kind ? e.args : [e];
}

/** Binds a binary operator expression. */
export function bindBinary(e: BinaryOp, cx: ExprContext): BoundExpr {
  const op = e.op.toLowerCase();
  const ctx = cx.env.state.ctx;
  if (op === 'and' || op === 'or') {
    const what = op.toUpperCase();
    const l = requireBool(bindExpr(e.left, cx), what, e.left.pos, ctx);
    const r = requireBool(bindExpr(e.right, cx), what, e.right.pos, ctx);
    const kind = op === 'and' ? 'And' : 'Or';
    return { kind, args: [...flattenBool(kind, l), ...flattenBool(kind, r)], type: T.bool };
  }
  const left = bindExpr(e.left, cx);
  const right = bindExpr(e.right, cx);
  if (op === 'is distinct from' || op === 'is not distinct from') {
    const eq = applyOperator('=', [left, right], e.pos, cx) as { args: readonly BoundExpr[] };
    return { kind: 'IsDistinct', left: eq.args[0]!, right: eq.args[1]!, negated: op === 'is not distinct from', type: T.bool };
  }
  if (op === 'like' || op === 'ilike' || op === 'not like' || op === 'not ilike') {
    // The registry's LIKE family takes the escape character as a third argument.
    return applyOperator(op, e.escape ? [left, right, bindExpr(e.escape, cx)] : [left, right], e.pos, cx);
  }
  if (op === 'similar to' || op === 'not similar to') {
    const escArgs = e.escape ? [right, bindExpr(e.escape, cx)] : [right];
    if (!resolveFunction('similar_to_escape', escArgs.map((a) => a.type))) {
      throw bindError(SqlState.featureNotSupported, 'SIMILAR TO is not supported yet', e.pos);
    }
    const pattern = applyFunction('similar_to_escape', escArgs, e.right.pos, cx);
    return applyOperator(op === 'similar to' ? '~' : '!~', [left, pattern], e.pos, cx);
  }
  return applyOperator(op, [left, right], e.pos, cx);
}

/** 42883 `function name(types) does not exist` with PostgreSQL's hint. */
export function noFunctionError(name: string, args: readonly BoundExpr[], pos: number): Error {
  return bindError(SqlState.undefinedFunction, `function ${name}(${args.map((a) => formatType(a.type)).join(', ')}) does not exist`, pos, {
    hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
  });
}

/** A scalar function application by name; 42883 `function f(integer) does not exist` when none matches. */
export function applyFunction(name: string, args: readonly BoundExpr[], pos: number, cx: ExprContext): BoundExpr {
  const res = resolveFunction(name, args.map((a) => a.type));
  if (!res) throw noFunctionError(name, args, pos);
  return { kind: 'Call', fn: res.fn.id, args: args.map((a, i) => castArg(a, res.argTypes[i] ?? T.text, cx)), type: res.returnType };
}

/** Binds a prefix operator. A minus before a numeric literal folds into the literal (so -2147483648 is int4). */
export function bindUnary(e: UnaryOp, cx: ExprContext): BoundExpr {
  const op = e.op.toLowerCase();
  if (op === 'not') {
    return { kind: 'Not', operand: requireBool(bindExpr(e.operand, cx), 'NOT', e.operand.pos, cx.env.state.ctx), type: T.bool };
  }
  if (op === '-' && e.operand.kind === 'Literal' && e.operand.value.type === 'number' && !e.operand.value.text.startsWith('-')) {
    return numberConst(`-${e.operand.value.text}`);
  }
  const operand = bindExpr(e.operand, cx);
  if (op === '+' && typeCategory(operand.type) === 'N') return operand;
  return applyOperator(op === '-' ? 'neg' : op, [operand], e.pos, cx);
}

/** Binds `IS [NOT] NULL|TRUE|FALSE|UNKNOWN`. */
export function bindIsTest(e: IsTest, cx: ExprContext): BoundExpr {
  let operand = bindExpr(e.operand, cx);
  if (e.test !== 'null') {
    operand = requireBool(operand, `IS ${e.negated ? 'NOT ' : ''}${e.test.toUpperCase()}`, e.operand.pos, cx.env.state.ctx);
  }
  return { kind: 'IsTest', operand, test: e.test, negated: e.negated, type: T.bool };
}

function and(...args: BoundExpr[]): BoundExpr {
  return { kind: 'And', args, type: T.bool };
}
function or(...args: BoundExpr[]): BoundExpr {
  return { kind: 'Or', args, type: T.bool };
}

/** Binds `x [NOT] BETWEEN [SYMMETRIC] a AND b` as comparisons (docs §9.2). */
export function bindBetween(e: Between, cx: ExprContext): BoundExpr {
  const x = bindExpr(e.operand, cx);
  const a = bindExpr(e.low, cx);
  const b = bindExpr(e.high, cx);
  const cmp = (op: string, l: BoundExpr, r: BoundExpr) => applyOperator(op, [l, r], e.pos, cx);
  const inside = (lo: BoundExpr, hi: BoundExpr) => and(cmp('>=', x, lo), cmp('<=', x, hi));
  const outside = (lo: BoundExpr, hi: BoundExpr) => or(cmp('<', x, lo), cmp('>', x, hi));
  if (!e.symmetric) return e.negated ? outside(a, b) : inside(a, b);
  return e.negated ? and(outside(a, b), outside(b, a)) : or(inside(a, b), inside(b, a));
}

/** Binds `x [NOT] IN (list)`: the operand and items are unified to one type (42804 `IN types … cannot be matched`). */
export function bindInList(e: InList, cx: ExprContext): BoundExpr {
  const items = [e.operand, ...e.list].map((x) => ({ expr: bindExpr(x, cx), pos: x.pos }));
  const { exprs } = unify(items, 'IN', cx.env.state.ctx);
  return { kind: 'InList', operand: exprs[0]!, list: exprs.slice(1), negated: e.negated, type: T.bool };
}

/** Binds `x op ANY|ALL (array)`; the subquery form is handled by the WHERE binder only. */
export function bindQuantified(e: Quantified, cx: ExprContext): BoundExpr {
  if (e.right.kind === 'query') {
    throw bindError(SqlState.featureNotSupported, `${e.op} ${e.quantifier.toUpperCase()} (subquery) is only supported as a top-level WHERE condition`, e.pos);
  }
  const left = bindExpr(e.left, cx);
  let array = bindExpr(e.right.expr, cx);
  const ctx = cx.env.state.ctx;
  if (isUnknown(array)) array = tryCoerce(array, arrayOf(left.type.id === 'unknown' ? T.text : left.type), ctx, 'implicit')!;
  if (array.type.id !== 'array') {
    throw bindError(SqlState.wrongObjectType, `op ANY/ALL (array) requires array on right side`, e.right.expr.pos);
  }
  const element: BoundExpr = { kind: 'ColRef', index: -1, type: array.type.element };
  const call = applyOperator(e.op.toLowerCase(), [left, element], e.pos, cx);
  if (call.kind !== 'Call' || call.type.id !== 'bool') {
    throw bindError(SqlState.wrongObjectType, `op ANY/ALL (array) requires operator to yield boolean`, e.pos);
  }
  const elType = call.args[1]!.type;
  const arr = typeEquals(elType, array.type.element) ? array : coerce(array, arrayOf(elType), ctx);
  return { kind: 'Quantified', fn: call.fn, quantifier: e.quantifier, left: call.args[0]!, array: arr, type: T.bool };
}
