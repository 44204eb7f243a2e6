/**
 * Function calls and conditional expressions (PostgreSQL docs §4.2.6 function calls, §4.2.7
 * aggregate expressions, §4.2.8 window function calls, §9.18 conditional expressions, §10.3
 * function resolution). Aggregates and window functions are handed to the clause's hooks (the
 * SELECT binder); elsewhere they raise 42803 `aggregate functions are not allowed in WHERE` /
 * 42P20 `window functions are not allowed in WHERE`. Unknown functions raise 42883
 * `function foo(integer) does not exist` with PostgreSQL's hint.
 */
import { T } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { Case, FuncCall, QualifiedName } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { bindError } from './diag.ts';
import type { AggregateSig, ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { applyFunction, applyOperator, castArg, noFunctionError } from './bind-operators.ts';
import { requireBool, unify } from './coerce.ts';
import { resolveAggregate, resolveFunction } from './registries.ts';
import { isTableFunction } from './bind-table-function.ts';
import { bindJsonBuildObject } from './bind-json-build.ts';

/** The ranking window functions Strom evaluates (besides aggregates over windows). */
export const RANKING_FUNCTIONS: ReadonlySet<string> = new Set(['row_number', 'rank', 'dense_rank']);

/** A function's name for lookup: the last part (`pg_catalog.lower` → `lower`). */
export function funcName(q: QualifiedName): string {
  return q.parts[q.parts.length - 1]!;
}

/** No-parentheses SQL functions (§9.9.5): the registry name each resolves to. */
const NO_PARENS: Readonly<Record<string, string>> = {
  current_timestamp: 'now',
  current_catalog: 'current_database',
  user: 'current_user',
  current_role: 'current_user',
};

function bindNoParens(name: string, e: FuncCall, cx: ExprContext): BoundExpr {
  const target = NO_PARENS[name] ?? name;
  const res = resolveFunction(target, []);
  if (!res) throw bindError(SqlState.featureNotSupported, `${name} is not supported yet`, e.pos);
  void cx;
  return { kind: 'Call', fn: res.fn.id, args: [], type: res.returnType };
}

function bindSpecial(name: string, e: FuncCall, cx: ExprContext): BoundExpr | undefined {
  const ctx = cx.env.state.ctx;
  const items = () => e.args.map((a) => ({ expr: bindExpr(a, cx), pos: a.pos }));
  switch (name) {
    case 'json_build_object':
      return bindJsonBuildObject(e, cx);
    case 'coalesce': {
      const { type, exprs } = unify(items(), 'COALESCE', ctx);
      return { kind: 'Coalesce', args: exprs, type };
    }
    case 'nullif': {
      if (e.args.length !== 2) return undefined;
      const eq = applyOperator('=', e.args.map((a) => bindExpr(a, cx)), e.pos, cx);
      if (eq.kind !== 'Call') return undefined;
      return { kind: 'NullIf', left: eq.args[0]!, right: eq.args[1]!, type: eq.args[0]!.type };
    }
    case 'greatest':
    case 'least': {
      const { type, exprs } = unify(items(), name.toUpperCase(), ctx);
      // NULLs are ignored (§9.18.4): fold into nested CASEs that skip a NULL side.
      return exprs.reduce((acc, b) => ({
        kind: 'Case',
        whens: [
          { when: { kind: 'IsTest', operand: acc, test: 'null', negated: false, type: T.bool }, then: b },
          { when: { kind: 'IsTest', operand: b, test: 'null', negated: false, type: T.bool }, then: acc },
          { when: applyOperator(name === 'greatest' ? '>=' : '<=', [acc, b], e.pos, cx), then: acc },
        ],
        else: b,
        type,
      }));
    }
    default:
      return undefined;
  }
}

/** Binds a function call, aggregate or window function. */
export function bindFuncCall(e: FuncCall, cx: ExprContext): BoundExpr {
  const name = funcName(e.name);
  if (e.noParens) return bindNoParens(name, e, cx);
  const plain = !e.over && !e.star && !e.distinct && !e.filter && e.orderBy.length === 0;
  if (plain && e.args.length > 0) {
    const special = bindSpecial(name, e, cx);
    if (special) return special;
  }
  if (plain && !e.star && isTableFunction(name)) {
    if (!cx.hooks.setReturning) throw bindError(SqlState.featureNotSupported, `set-returning functions are not allowed in ${cx.clause}`, e.pos);
    return cx.hooks.setReturning(e, name, cx);
  }
  if (e.star && name !== 'count') {
    throw bindError(SqlState.wrongObjectType, `${name}(*) specified, but ${name} is not an aggregate function`, e.pos);
  }
  const args = e.star ? [] : e.args.map((a) => bindExpr(a, cx));
  const types = args.map((a) => a.type);
  const cast = (sig: AggregateSig) => args.map((a, i) => castArg(a, sig.argTypes[i]!, cx));
  if (e.over) {
    let sig: AggregateSig | undefined;
    if (RANKING_FUNCTIONS.has(name)) {
      if (args.length === 0) sig = { name, argTypes: [], returnType: T.int8 };
    } else {
      sig = resolveAggregate(e.star ? 'count_star' : name, types);
      if (!sig && resolveFunction(name, types)) {
        throw bindError(SqlState.wrongObjectType, `OVER specified, but ${name} is not a window function nor an aggregate function`, e.pos);
      }
    }
    if (!sig) throw noFunctionError(name, args, e.pos);
    if (!cx.hooks.window) throw bindError(SqlState.windowingError, `window functions are not allowed in ${cx.clause}`, e.pos);
    return cx.hooks.window(e, sig, cast(sig), cx);
  }
  if (RANKING_FUNCTIONS.has(name)) throw bindError(SqlState.wrongObjectType, `window function ${name} requires an OVER clause`, e.pos);
  const agg = resolveAggregate(e.star ? 'count_star' : name, types);
  if (agg) {
    if (!cx.hooks.aggregate) throw bindError(SqlState.groupingError, `aggregate functions are not allowed in ${cx.clause}`, e.pos);
    return cx.hooks.aggregate(e, agg, cast(agg), cx);
  }
  if (e.distinct) throw bindError(SqlState.wrongObjectType, `DISTINCT specified, but ${name} is not an aggregate function`, e.pos);
  if (e.filter) throw bindError(SqlState.wrongObjectType, `FILTER specified, but ${name} is not an aggregate function`, e.pos);
  if (e.orderBy.length > 0) throw bindError(SqlState.wrongObjectType, `ORDER BY specified, but ${name} is not an aggregate function`, e.pos);
  return applyFunction(name, args, e.pos, cx);
}

/** Binds CASE (the simple form compares the operand with `=`); results unify (42804 `CASE types integer and text cannot be matched`). */
export function bindCase(e: Case, cx: ExprContext): BoundExpr {
  const ctx = cx.env.state.ctx;
  const operand = e.operand ? bindExpr(e.operand, cx) : undefined;
  const conds = e.whens.map((w) => {
    const v = bindExpr(w.when, cx);
    return operand ? applyOperator('=', [operand, v], w.when.pos, cx) : requireBool(v, 'CASE/WHEN', w.when.pos, ctx);
  });
  const results = [...e.whens.map((w) => w.then), ...(e.else ? [e.else] : [])].map((x) => ({ expr: bindExpr(x, cx), pos: x.pos }));
  const { type, exprs } = unify(results, 'CASE', ctx);
  return {
    kind: 'Case',
    whens: conds.map((when, i) => ({ when, then: exprs[i]! })),
    else: e.else ? exprs[exprs.length - 1] : undefined,
    type,
  };
}
