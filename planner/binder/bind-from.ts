/**
 * The FROM clause (PostgreSQL docs §7.2.1): a list of items cross-joined, each a relation, a derived
 * table, VALUES, a table function (generate_series, unnest, generate_subscripts) or a join
 * (bind-join.ts). Functions are implicitly LATERAL (§7.2.1.5): arguments may read the items to their
 * left (and, in a subquery bound over its outer rows, the outer query's columns), and such a call
 * becomes a Correlate evaluated per row. LATERAL subqueries are not supported yet (0A000). A table
 * name may appear once per level (42712).
 */
import { T } from '../../common/types.ts';
import { SqlState, assertNever } from '../../common/errors.ts';
import type { FromItem, FunctionRef } from '../../parser/ast.ts';
import type { Correlate, Field, TableFunction } from '../logical/plan.ts';
import type { QueryEnv } from './context.ts';
import { blockOuter } from './context.ts';
import { bindError } from './diag.ts';
import { Scope } from './scope.ts';
import { join, singleRow } from './plan-util.ts';
import { aliasScope, bindTableRef } from './bind-relation.ts';
import type { FromResult } from './bind-relation.ts';
import { bindJoin } from './bind-join.ts';
import { bindQueryInner, bindValues } from './bind-query.ts';
import { plainContext } from './expr-context.ts';
import { funcName } from './bind-call.ts';
import { bindTableFunctionCall, isTableFunction } from './bind-table-function.ts';
import { someExpr } from './expr-util.ts';

/** 42712 when the two scopes share a table name. */
export function checkDistinctNames(left: Scope, right: Scope, pos: number): void {
  const seen = new Set(left.qualifiers());
  for (const q of right.qualifiers()) {
    if (seen.has(q)) throw bindError('42712', `table name "${q}" specified more than once`, pos);
  }
}

/**
 * Binds a FROM list: the items cross-joined (a single empty row without FROM). `start` is a plan the
 * items are joined to first, whose columns are not in scope by name (the outer rows of a subquery,
 * bind-subquery.ts).
 */
export function bindFromList(items: readonly FromItem[], env: QueryEnv, start?: FromResult): FromResult {
  let acc = start;
  for (const item of items) {
    if (item.kind === 'FunctionRef') {
      acc = bindFunctionItem(item, env, acc);
      continue;
    }
    const right = bindFromItem(item, env);
    if (!acc) {
      acc = right;
      continue;
    }
    checkDistinctNames(acc.scope, right.scope, item.pos);
    acc = { plan: join('inner', acc.plan, right.plan, undefined), scope: acc.scope.concat(right.scope.shift(acc.plan.schema.length)) };
  }
  return acc ?? { plan: singleRow(), scope: Scope.empty };
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
      return bindFunctionItem(item, env, undefined);
    case 'JoinRef':
      return bindJoin(item, env);
    default:
      return assertNever(item, 'FROM item');
  }
}

/**
 * A function in FROM (docs §7.2.1.4) after the items `left`: a TableFunction cross-joined when its
 * arguments read no column, else (or WITH ORDINALITY) a Correlate over `left`.
 */
function bindFunctionItem(ref: FunctionRef, env: QueryEnv, left: FromResult | undefined): FromResult {
  const name = funcName(ref.call.name);
  if (!isTableFunction(name)) throw bindError(SqlState.featureNotSupported, `table function ${name} is not supported`, ref.call.pos);
  const lateralEnv = env.outer?.domain && !env.outer.blocked ? env : blockOuter(env);
  const cx = plainContext(left?.scope ?? Scope.empty, lateralEnv, 'functions in FROM');
  const call = bindTableFunctionCall(name, ref.call, cx);
  const names = ref.withOrdinality ? [name, 'ordinality'] : [name];
  // A single-column function aliased without a column list names its column after the alias (PG).
  const alias = ref.alias && !ref.alias.columns ? { ...ref.alias, columns: [ref.alias.name] } : ref.alias;
  const lateral = call.args.some((a) => someExpr(a, (x) => x.kind === 'ColRef'));
  if (!lateral && !ref.withOrdinality) {
    const fn: TableFunction = { kind: 'TableFunction', fn: name, args: call.args, schema: [{ name, type: call.type, nullable: name !== 'generate_series' }] };
    const right = aliasScope(fn, names, alias, name, ref.pos);
    if (!left) return right;
    checkDistinctNames(left.scope, right.scope, ref.pos);
    return { plan: join('inner', left.plan, fn, undefined), scope: left.scope.concat(right.scope.shift(left.plan.schema.length)) };
  }
  const input = left?.plan ?? singleRow();
  const fields: Field[] = [{ name, type: call.type, nullable: true }, ...(ref.withOrdinality ? [{ name: 'ordinality', type: T.int8, nullable: false }] : [])];
  const plan: Correlate = { kind: 'Correlate', input, calls: [call], ordinality: ref.withOrdinality, schema: [...input.schema, ...fields] };
  const own = aliasScope({ kind: 'Values', rows: [], schema: fields }, names, alias, name, ref.pos).scope;
  if (left) checkDistinctNames(left.scope, own, ref.pos);
  return { plan, scope: (left?.scope ?? Scope.empty).concat(own.shift(input.schema.length)) };
}
