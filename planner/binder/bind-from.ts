/**
 * The FROM clause (PostgreSQL docs §7.2.1): a list of items cross-joined, each a relation, a derived
 * table, VALUES, a table function (generate_series, unnest) or a join (bind-join.ts). LATERAL is not
 * supported yet (0A000). A table name may appear once per level (42712).
 */
import type { SqlType } from '../../common/types.ts';
import { T, arrayOf, formatType, isInteger, typeCategory } from '../../common/types.ts';
import { SqlState, assertNever } from '../../common/errors.ts';
import type { FromItem, FunctionRef } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { TableFunction } from '../logical/plan.ts';
import type { QueryEnv } from './context.ts';
import { blockOuter } from './context.ts';
import { bindError } from './diag.ts';
import { Scope } from './scope.ts';
import { join, singleRow } from './plan-util.ts';
import { aliasScope, bindTableRef } from './bind-relation.ts';
import type { FromResult } from './bind-relation.ts';
import { bindJoin } from './bind-join.ts';
import { bindQueryInner, bindValues } from './bind-query.ts';
import { bindExpr } from './bind-expr.ts';
import { plainContext } from './expr-context.ts';
import { coerce, unify } from './coerce.ts';
import { funcName } from './bind-call.ts';
import { noFunctionError } from './bind-operators.ts';

/** 42712 when the two scopes share a table name. */
export function checkDistinctNames(left: Scope, right: Scope, pos: number): void {
  const seen = new Set(left.qualifiers());
  for (const q of right.qualifiers()) {
    if (seen.has(q)) throw bindError('42712', `table name "${q}" specified more than once`, pos);
  }
}

/** Binds a FROM list: the items cross-joined (a single empty row without FROM). */
export function bindFromList(items: readonly FromItem[], env: QueryEnv): FromResult {
  if (items.length === 0) return { plan: singleRow(), scope: Scope.empty };
  let acc = bindFromItem(items[0]!, env);
  for (const item of items.slice(1)) {
    const right = bindFromItem(item, env);
    checkDistinctNames(acc.scope, right.scope, item.pos);
    acc = { plan: join('inner', acc.plan, right.plan, undefined), scope: acc.scope.concat(right.scope.shift(acc.plan.schema.length)) };
  }
  return acc;
}

/** Binds one FROM item. */
export function bindFromItem(item: FromItem, env: QueryEnv): FromResult {
  switch (item.kind) {
    case 'TableRef':
      return bindTableRef(item, env);
    case 'SubqueryRef': {
      if (item.lateral) throw bindError(SqlState.featureNotSupported, 'LATERAL is not supported yet', item.pos);
      const r = bindQueryInner(item.query, blockOuter(env), {});
      return aliasScope(r.plan, r.names, item.alias, undefined, item.pos);
    }
    case 'ValuesRef': {
      const r = bindValues(item.values, blockOuter(env), {});
      return aliasScope(r.plan, r.names, item.alias, undefined, item.pos);
    }
    case 'FunctionRef':
      return bindTableFunction(item, env);
    case 'JoinRef':
      return bindJoin(item, env);
    default:
      return assertNever(item, 'FROM item');
  }
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

/** generate_series(start, stop[, step]) and unnest(array) in FROM, as TableFunction nodes (docs §9.26, §9.19). */
function bindTableFunction(ref: FunctionRef, env: QueryEnv): FromResult {
  const call = ref.call;
  const name = funcName(call.name);
  if (ref.lateral) throw bindError(SqlState.featureNotSupported, 'LATERAL is not supported yet', ref.pos);
  if (ref.withOrdinality) throw bindError(SqlState.featureNotSupported, 'WITH ORDINALITY is not supported yet', ref.pos);
  const cx = plainContext(Scope.empty, blockOuter(env), 'functions in FROM');
  if (name !== 'generate_series' && name !== 'unnest') {
    throw bindError(SqlState.featureNotSupported, `table function ${name} is not supported`, call.pos);
  }
  const args = call.args.map((a) => bindExpr(a, cx));
  const ctx = env.state.ctx;
  let fn: TableFunction;
  if (name === 'generate_series') {
    const t = seriesType(args.map((a) => a.type));
    if (!t) throw noFunctionError(name, args, call.pos);
    const cast = args.map((a, i): BoundExpr => coerce(a, i === 2 && t.id.startsWith('timestamp') ? T.interval : t, ctx));
    fn = { kind: 'TableFunction', fn: name, args: cast, schema: [{ name, type: t, nullable: false }] };
  } else {
    if (args.length !== 1) throw noFunctionError(name, args, call.pos);
    let arr = args[0]!;
    if (arr.type.id === 'unknown') arr = unify([{ expr: arr, pos: call.pos }], 'unnest', ctx).exprs[0]!;
    if (arr.type.id === 'unknown' || arr.type.id === 'text') arr = coerce(arr, arrayOf(T.text), ctx);
    if (arr.type.id !== 'array') throw bindError(SqlState.undefinedFunction, `function unnest(${formatType(arr.type)}) does not exist`, call.pos);
    fn = { kind: 'TableFunction', fn: name, args: [arr], schema: [{ name, type: arr.type.element, nullable: true }] };
  }
  // A single-column function aliased without a column list names its column after the alias (PG).
  const alias = ref.alias && !ref.alias.columns ? { ...ref.alias, columns: [ref.alias.name] } : ref.alias;
  return aliasScope(fn, [name], alias, name, ref.pos);
}
