/**
 * Scalar expression binding: AST `Expr` → typed `BoundExpr` (PostgreSQL docs §4.2 "Value
 * Expressions"; name resolution as parse_relation.c; typing as §10). Operators, function calls and
 * conditional forms live in bind-operators.ts and bind-call.ts; this file dispatches and handles
 * column references, literals, parameters, casts and arrays.
 *
 * Errors: 42703 `column "x" does not exist`, 42702 ambiguous reference, 42P01 `missing FROM-clause
 * entry for table "t"`, 42804 type mismatches, 42846 `cannot cast type boolean to date`, 0A000 for
 * constructs not supported in the clause; every one with the offending node's position.
 */
import { parseNumericText } from '../../common/numeric-scale.ts';
import type { SqlType } from '../../common/types.ts';
import { T, arrayOf, formatType, isInteger } from '../../common/types.ts';
import { SqlState, assertNever } from '../../common/errors.ts';
import type { ArrayCtor, Cast, ColumnRef, Expr, Literal, Param, Subscript, TypedLiteral } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { bindError } from './diag.ts';
import { columnOrigins } from './scope.ts';
import type { ExprContext } from './expr-context.ts';
import { correlationLimits } from './context.ts';
import { tryCoerce, unify, coerce } from './coerce.ts';
import { bindBetween, bindBinary, bindInList, bindIsTest, bindQuantified, bindUnary } from './bind-operators.ts';
import { bindCase, bindFuncCall } from './bind-call.ts';
import { resolveFunction } from './registries.ts';
import { bindPseudoCast } from './bind-pseudo-cast.ts';
import { bindArraySubquery } from './bind-array-subquery.ts';
import { bindFieldAccess } from './bind-field-access.ts';

/** Binds `e` in `cx`. */
export function bindExpr(e: Expr, cx: ExprContext): BoundExpr {
  switch (e.kind) {
    case 'Literal':
      return bindLiteral(e);
    case 'TypedLiteral':
      return bindTypedLiteral(e);
    case 'ColumnRef':
      return bindColumnRef(e, cx);
    case 'Param':
      return bindParam(e, cx);
    case 'BinaryOp':
      return bindBinary(e, cx);
    case 'UnaryOp':
      return bindUnary(e, cx);
    case 'IsTest':
      return bindIsTest(e, cx);
    case 'Between':
      return bindBetween(e, cx);
    case 'InList':
      return bindInList(e, cx);
    case 'InSubquery':
    case 'Exists':
      throw bindError(
        SqlState.featureNotSupported,
        `${e.kind === 'Exists' ? 'EXISTS' : 'IN'} subqueries are only supported as top-level WHERE conditions`,
        e.pos,
      );
    case 'ScalarSubquery':
      if (!cx.hooks.subquery) throw bindError(SqlState.featureNotSupported, `subqueries are not supported in ${cx.clause}`, e.pos);
      return cx.hooks.subquery(e, cx);
    case 'Quantified':
      return bindQuantified(e, cx);
    case 'Case':
      return bindCase(e, cx);
    case 'Cast':
      return bindCast(e, cx);
    case 'FuncCall':
      return bindFuncCall(e, cx);
    case 'ArrayCtor':
      return bindArray(e, cx);
    case 'RowCtor':
      throw bindError(SqlState.featureNotSupported, 'ROW expressions are not supported here', e.pos);
    case 'Subscript':
      return bindSubscript(e, cx);
    case 'FieldAccess':
      return bindFieldAccess(e, cx);
    case 'Collate':
      // Strom compares strings by code point whatever the collation ("C" semantics).
      return bindExpr(e.operand, cx);
    case 'Descriptor':
    case 'TableArg':
    case 'NamedArg':
      throw bindError(SqlState.featureNotSupported, 'this argument form is only allowed in window table functions', e.pos);
    case 'Default':
      throw bindError(SqlState.syntaxError, 'DEFAULT is not allowed in this context', e.pos);
    default:
      return assertNever(e, 'expression');
  }
}

/**
 * The Const for a numeric literal's text: int4 if it fits, else int8, else numeric (docs §4.1.2.6)
 * with numeric_in's display scale (`1.50` → 2, `1e3` → 0; common/numeric-scale.ts).
 */
export function numberConst(text: string): BoundExpr {
  if (/^-?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= -2147483648n && n <= 2147483647n) return { kind: 'Const', value: Number(n), type: T.int4 };
    if (n >= -9223372036854775808n && n <= 9223372036854775807n) {
      const safe = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER);
      return { kind: 'Const', value: safe ? Number(n) : n, type: T.int8 };
    }
  }
  return { kind: 'Const', value: parseNumericText(text), type: T.numeric };
}

function bindLiteral(e: Literal): BoundExpr {
  const v = e.value;
  switch (v.type) {
    case 'number':
      return numberConst(v.text);
    case 'string':
      return { kind: 'Const', value: v.value, type: T.unknown };
    case 'bool':
      return { kind: 'Const', value: v.value, type: T.bool };
    case 'null':
      return { kind: 'Const', value: null, type: T.unknown };
    default:
      return assertNever(v, 'literal');
  }
}

/** `INTERVAL '1' DAY` → '1 day': a bare number takes the qualifier's leading unit (docs §8.5.4). */
function intervalText(value: string, qualifier: string | undefined): string {
  if (!qualifier) return value;
  const unit = qualifier.trim().split(/\s+/)[0]!;
  return /^\s*[-+]?\d+(\.\d+)?\s*$/.test(value) ? `${value.trim()} ${unit}` : value;
}

function bindTypedLiteral(e: TypedLiteral): BoundExpr {
  const type = e.typeRef.type;
  if (!type) throw bindError(SqlState.featureNotSupported, `type ${e.typeRef.name} is not supported yet`, e.typeRef.pos);
  const text = type.id === 'interval' ? intervalText(e.value, e.intervalQualifier) : e.value;
  const c: BoundExpr = { kind: 'Const', value: text, type: T.text };
  return type.id === 'text' ? c : { kind: 'Cast', operand: c, type, tryCast: false };
}

function qualifiedName(parts: readonly string[]): string {
  return parts.join('.');
}

function bindColumnRef(e: ColumnRef, cx: ExprContext): BoundExpr {
  if (e.star) throw bindError(SqlState.featureNotSupported, 'row expansion via "*" is not supported here', e.pos);
  const parts = e.parts.length > 2 ? e.parts.slice(-2) : e.parts;
  const local = cx.scope.lookup(parts, e.pos);
  if (local.kind === 'found') {
    const c = local.column;
    const ref: BoundExpr = { kind: 'ColRef', index: c.index, type: c.type };
    columnOrigins.set(ref, { name: c.qualifier === undefined ? c.name : `${c.qualifier}.${c.name}`, pos: e.pos });
    return ref;
  }
  let qualifierKnown = local.qualifierKnown;
  for (let outer = cx.env.outer, depth = 1; outer; outer = outer.parent, depth++) {
    const found = outer.scope.lookup(parts, e.pos);
    if (found.kind === 'found') {
      if (depth > 1) throw bindError(SqlState.featureNotSupported, 'correlated references to a query more than one level up are not supported', e.pos);
      if (outer.domain && !outer.blocked) {
        // Bound over the outer rows: the outer column is a column of the domain joined into FROM.
        outer.domain.used.add(found.column.index);
        const index = outer.domain.positions ? outer.domain.positions.get(found.column.index) : found.column.index;
        if (index !== undefined) return { kind: 'ColRef', index, type: found.column.type };
      }
      if (outer.blocked || !cx.outerAllowed) {
        const err = bindError(SqlState.featureNotSupported, `correlated subquery references are not supported in ${cx.clause}`, e.pos);
        correlationLimits.add(err);
        throw err;
      }
      const ref: BoundExpr = { kind: 'ColRef', index: found.column.index, type: found.column.type };
      outer.refs.add(ref);
      return ref;
    }
    qualifierKnown ||= found.qualifierKnown;
  }
  if (parts.length >= 2 && !qualifierKnown) {
    throw bindError(SqlState.undefinedTable, `missing FROM-clause entry for table "${parts[parts.length - 2]}"`, e.pos);
  }
  const msg = parts.length >= 2 ? `column ${qualifiedName(parts)} does not exist` : `column "${parts[0]}" does not exist`;
  throw bindError(SqlState.undefinedColumn, msg, e.pos);
}

function bindParam(e: Param, cx: ExprContext): BoundExpr {
  if (e.index < 1) throw bindError(SqlState.undefinedParameter, `there is no parameter $${e.index}`, e.pos);
  const t = cx.env.state.ctx.paramTypes[e.index - 1];
  const ctx = cx.env.state.ctx;
  while (ctx.paramTypes.length < e.index) ctx.paramTypes.push(undefined);
  return { kind: 'ParamRef', index: e.index, type: t ?? T.unknown };
}

/** Binds `CAST(x AS t)` / `x::t` / `TRY_CAST`. 0A000 for catalog pseudo-types; 42846 when no cast exists. */
function bindCast(e: Cast, cx: ExprContext): BoundExpr {
  const target = e.typeRef.type;
  if (!target) return bindPseudoCast(e, cx);
  if (e.operand.kind === 'ArrayCtor' && e.operand.elements.length === 0 && !e.operand.query && target.id === 'array') {
    return { kind: 'Array', elements: [], type: target };
  }
  const operand = bindExpr(e.operand, cx);
  const tryCast = e.syntax === 'try_cast';
  const out = tryCoerce(operand, target, cx.env.state.ctx, 'explicit', tryCast);
  if (!out) {
    throw bindError(SqlState.cannotCoerce, `cannot cast type ${formatType(operand.type)} to ${formatType(target)}`, e.pos);
  }
  return out;
}

function bindArray(e: ArrayCtor, cx: ExprContext): BoundExpr {
  if (e.query) return bindArraySubquery(e, e.query, cx);
  if (e.elements.length === 0) throw bindError('42P18', 'cannot determine type of empty array', e.pos, { hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].' });
  const items = e.elements.map((x) => ({ expr: bindExpr(x, cx), pos: x.pos }));
  const { type, exprs } = unify(items, 'ARRAY', cx.env.state.ctx);
  return { kind: 'Array', elements: exprs, type: arrayOf(type) };
}

function bindSubscript(e: Subscript, cx: ExprContext): BoundExpr {
  if (e.slice || !e.index) throw bindError(SqlState.featureNotSupported, 'array slices are not supported', e.pos);
  const operand = bindExpr(e.operand, cx);
  const index = bindExpr(e.index, cx);
  const ctx = cx.env.state.ctx;
  if (operand.type.id === 'array') {
    const idx = tryCoerce(index, T.int4, ctx, 'implicit') ?? (isInteger(index.type) ? coerce(index, T.int8, ctx) : undefined);
    if (!idx) throw bindError(SqlState.datatypeMismatch, `array subscript must have type integer`, e.index.pos);
    const res = resolveFunction('[]', [operand.type, idx.type]);
    if (!res) throw bindError(SqlState.featureNotSupported, 'array subscripts are not supported yet', e.pos);
    return { kind: 'Call', fn: res.fn.id, args: [operand, coerce(idx, res.argTypes[1]!, ctx)], type: res.returnType };
  }
  if (operand.type.id === 'map') {
    const key = coerce(index, operand.type.key, ctx);
    const res = resolveFunction('[]', [operand.type, operand.type.key]);
    if (!res) throw bindError(SqlState.featureNotSupported, 'map subscripts are not supported yet', e.pos);
    return { kind: 'Call', fn: res.fn.id, args: [operand, key], type: res.returnType };
  }
  throw bindError(SqlState.datatypeMismatch, `cannot subscript type ${formatType(operand.type)} because it does not support subscripting`, e.pos);
}

/** The SqlType an expression will have once its unknown parts settle (text for open ones). */
export function settledType(e: BoundExpr): SqlType {
  return e.type.id === 'unknown' ? T.text : e.type;
}
