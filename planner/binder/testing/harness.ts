/**
 * Test helpers: a standard catalog (t, u, s, dim, src, v, mv), bind-from-SQL shorthands, error capture
 * and a one-line plan printer for shape assertions.
 */
import type { SqlType } from '../../../common/types.ts';
import { T } from '../../../common/types.ts';
import { SqlError } from '../../../common/errors.ts';
import { parse } from '../../../parser/index.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import { explainExpr } from '../../logical/expr.ts';
import { bindQuery, bindInsert, bindUpdate, bindDelete } from '../index.ts';
import type { BindContext, BoundQuery, BoundInsert, BoundUpdate, BoundDelete } from '../index.ts';
import { MemoryCatalog, table, view } from './memory-catalog.ts';

/** The catalog most tests bind against. */
export function standardCatalog(): MemoryCatalog {
  const c = new MemoryCatalog();
  c.addRelation(table('t', [['a', T.int4], ['b', T.text], ['c', T.float8]], { primaryKey: ['a'] }));
  c.addRelation(table('u', [['a', T.int4], ['d', T.int8], ['e', T.date, { default: "'2020-01-01'" }]]));
  c.addRelation(table('s', [['k', T.int4], ['v', T.numeric], ['ts', T.timestamp]]));
  c.addRelation(
    table('src', [['id', T.int8], ['dim_id', T.int4], ['proc_time', { id: 'timestamptz', precision: 3 }, { computed: 'PROCTIME()' }]], { connector: 'datagen' }),
  );
  c.addRelation(table('dim', [['id', T.int4], ['name', T.text]], { connector: 'jdbc', primaryKey: ['id'] }));
  c.addRelation(view('v', 'SELECT a, b FROM t WHERE a > 0', [['x', T.int4], ['y', T.text]]));
  c.addRelation(view('mv', 'SELECT a, count(*) AS n FROM t GROUP BY a', [['a', T.int4], ['n', T.int8]], 'materialized view'));
  return c;
}

/** A bind context over `catalog` with `params` declared. */
export function context(catalog = standardCatalog(), params: (SqlType | undefined)[] = []): BindContext {
  return { catalog, paramTypes: params };
}

function statement(sql: string) {
  return parse(sql)[0]!.statement;
}

/** Binds a query statement. */
export function bind(sql: string, ctx: BindContext = context()): BoundQuery {
  const s = statement(sql);
  if (s.kind !== 'QueryStatement') throw new Error(`not a query: ${sql}`);
  return bindQuery(s.query, ctx);
}

/** Binds a DML statement. */
export function bindDml(sql: string, ctx: BindContext = context()): BoundInsert | BoundUpdate | BoundDelete {
  const s = statement(sql);
  if (s.kind === 'Insert') return bindInsert(s, ctx);
  if (s.kind === 'Update') return bindUpdate(s, ctx);
  if (s.kind === 'Delete') return bindDelete(s, ctx);
  throw new Error(`not DML: ${sql}`);
}

/** The SqlError `fn` throws, as {code, message, position}. */
export function errorOf(fn: () => unknown): { code: string; message: string; position: number | undefined; hint?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlError) return { code: e.code, message: e.message, position: e.position, ...(e.hint && { hint: e.hint }) };
    throw e;
  }
  throw new Error('expected an SqlError');
}

/** A compact one-line plan: `Project[a, b](Filter[...](Scan t))`. */
export function shape(p: LogicalPlan): string {
  const names = (p2: LogicalPlan) => p2.schema.map((f) => f.name);
  switch (p.kind) {
    case 'Scan':
      return `Scan ${p.relation.name}`;
    case 'Values':
      return `Values(${p.rows.length})`;
    case 'Project':
      return `Project[${p.exprs.map((e) => explainExpr(e, names(p.input))).join(', ')}](${shape(p.input)})`;
    case 'Filter':
      return `Filter[${explainExpr(p.predicate, names(p.input))}](${shape(p.input)})`;
    case 'Aggregate':
      return `Aggregate[${p.groupKeys.join(',')}; ${p.aggs.map((a) => `${a.fn}${a.distinct ? ' distinct' : ''}(${a.args.join(',')})${a.filter !== undefined ? ` filter ${a.filter}` : ''}`).join(', ')}](${shape(p.input)})`;
    case 'SubqueryFilter': {
      const conds = [...p.comparisons, ...(p.correlation ? [p.correlation] : [])].map((e) => explainExpr(e));
      return `SubqueryFilter ${p.negated ? 'not ' : ''}${p.predicate}[${conds.join('; ')}](${shape(p.input)}, ${shape(p.subquery)})`;
    }
    case 'ScalarSubqueryJoin':
      return `ScalarSubqueryJoin${p.bareCount ? ' count' : ''}[${p.correlation ? explainExpr(p.correlation) : ''}](${shape(p.input)}, ${shape(p.subquery)})`;
    case 'Join':
      return `Join ${p.joinType}[${p.condition ? explainExpr(p.condition) : ''}](${shape(p.left)}, ${shape(p.right)})`;
    case 'SetOp':
      return `SetOp ${p.op}${p.all ? ' all' : ''}(${p.inputs.map(shape).join(', ')})`;
    case 'Sort':
      return `Sort[${p.keys.map((k) => `${k.index}${k.desc ? ' desc' : ''}${k.nullsFirst ? ' nf' : ''}`).join(', ')}${p.limit !== undefined ? ` limit ${p.limit}` : ''}${p.offset ? ` offset ${p.offset}` : ''}](${shape(p.input)})`;
    case 'Window':
      return `Window[${p.partitionKeys.join(',')}; ${p.orderKeys.map((k) => k.index).join(',')}; ${p.calls.map((c) => `${c.fn}(${c.args.join(',')})`).join(', ')}](${shape(p.input)})`;
    case 'TableFunction':
      return `TableFunction ${p.fn}(${p.args.map((a) => explainExpr(a)).join(', ')})`;
    case 'Correlate':
      return `Correlate[${p.calls.map((c) => `${c.fn}(${c.args.map((a) => explainExpr(a)).join(', ')})`).join(', ')}${p.ordinality ? ' ordinality' : ''}](${shape(p.input)})`;
    case 'LookupJoin':
      return `LookupJoin ${p.joinType}[${p.inputKeys.join(',')}=${p.lookupKeys.join(',')}](${shape(p.input)}, ${p.relation.name})`;
    case 'Rank':
      return `Rank ${p.rankType}[${p.partitionKeys.join(',')}; ${p.orderKeys.map((k) => k.index).join(',')}; ${p.rankStart}..${p.rankEnd}${p.outputRankNumber ? '' : ' no-rank'}](${shape(p.input)})`;
    case 'Deduplicate':
      return `Deduplicate ${p.keep} ${p.time}[${p.keys.join(',')}; ${p.orderKey.index}](${shape(p.input)})`;
  }
}

/** Output types of a bound query, as type ids. */
export function types(q: BoundQuery): string[] {
  return q.plan.schema.map((f) => (f.type.id === 'array' ? `${f.type.element.id}[]` : f.type.id));
}
