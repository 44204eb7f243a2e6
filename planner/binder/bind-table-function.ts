/**
 * Set-returning function calls (PostgreSQL docs §9.26 generate_series / generate_subscripts, §9.19
 * unnest): resolution of the arguments and result type of one call, shared by functions in FROM
 * (bind-from.ts: a TableFunction for constant calls, a Correlate for lateral ones) and set-returning
 * functions in a select list (select-state.ts: a Correlate below the projection).
 * Errors: 42883 `function generate_series(text, integer) does not exist`, 42883 for unnest of a
 * non-array, with the call's position.
 */
import type { SqlType } from '../../common/types.ts';
import { T, arrayOf, formatType, isInteger, typeCategory } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { FuncCall } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { TableFunctionCall } from '../logical/plan.ts';
import { TABLE_FUNCTIONS } from '../../executor/expr/table-functions.ts';
import { bindError } from './diag.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { coerce, unify } from './coerce.ts';
import { noFunctionError } from './bind-operators.ts';

/** Whether `name` is a set-returning function Strom evaluates. */
export function isTableFunction(name: string): boolean {
  return TABLE_FUNCTIONS.has(name);
}

function seriesType(types: readonly SqlType[]): SqlType | undefined {
  if (types.length < 2 || types.length > 3) return undefined;
  const [a, b] = types as [SqlType, SqlType];
  if ((a.id === 'timestamp' || a.id === 'timestamptz') && types.length === 3 && types[2]!.id === 'interval') {
    return a.id === 'timestamptz' || b.id === 'timestamptz' ? T.timestamptz : T.timestamp;
  }
  if (types.every((t) => isInteger(t) || t.id === 'unknown')) return types.some((t) => t.id === 'int8') ? T.int8 : T.int4;
  if (types.every((t) => typeCategory(t) === 'N' || t.id === 'unknown')) return T.numeric;
  return undefined;
}

/** An array argument: `unknown` literals become text[] (as PostgreSQL's anyarray resolution of '{a,b}'); 42883 otherwise. */
function arrayArg(name: string, args: readonly BoundExpr[], call: FuncCall, cx: ExprContext): BoundExpr {
  const ctx = cx.env.state.ctx;
  let arr = args[0]!;
  if (arr.type.id === 'unknown') arr = unify([{ expr: arr, pos: call.pos }], name, ctx).exprs[0]!;
  if (arr.type.id === 'unknown' || arr.type.id === 'text') arr = coerce(arr, arrayOf(T.text), ctx);
  if (arr.type.id !== 'array') throw bindError(SqlState.undefinedFunction, `function ${name}(${args.map((a) => formatType(a.type)).join(', ')}) does not exist`, call.pos);
  return arr;
}

/** Binds `call` (a set-returning function named `name`) in `cx`: arguments cast to the signature. */
export function bindTableFunctionCall(name: string, call: FuncCall, cx: ExprContext): TableFunctionCall {
  const ctx = cx.env.state.ctx;
  const args = call.args.map((a) => bindExpr(a, cx));
  switch (name) {
    case 'generate_series': {
      const t = seriesType(args.map((a) => a.type));
      if (!t) throw noFunctionError(name, args, call.pos);
      const cast = args.map((a, i): BoundExpr => coerce(a, i === 2 && t.id.startsWith('timestamp') ? T.interval : t, ctx));
      return { fn: name, args: cast, type: t };
    }
    case 'unnest': {
      if (args.length !== 1) throw noFunctionError(name, args, call.pos);
      const arr = arrayArg(name, args, call, cx);
      return { fn: name, args: [arr], type: arr.type.id === 'array' ? arr.type.element : T.text };
    }
    case '_pg_expandarray': {
      if (args.length !== 1) throw noFunctionError(name, args, call.pos);
      const arr = arrayArg(name, args, call, cx);
      const x = arr.type.id === 'array' ? arr.type.element : T.text;
      return { fn: name, args: [arr], type: { id: 'row', fields: [{ name: 'x', type: x }, { name: 'n', type: T.int4 }] } };
    }
    case 'generate_subscripts': {
      if (args.length !== 2 && args.length !== 3) throw noFunctionError(name, args, call.pos);
      const arr = arrayArg(name, args, call, cx);
      const rest = args.slice(1).map((a, i) => coerce(a, i === 0 ? T.int4 : T.bool, ctx));
      return { fn: name, args: [arr, ...rest], type: T.int4 };
    }
    default:
      throw bindError(SqlState.featureNotSupported, `table function ${name} is not supported`, call.pos);
  }
}
