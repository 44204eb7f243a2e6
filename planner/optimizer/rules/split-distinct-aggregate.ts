/**
 * split-distinct-aggregate (Flink's SplitAggregateRule, `table.optimizer.distinct-agg.split.enabled`):
 * a skewed COUNT/SUM(DISTINCT x) keeps one huge distinct set per hot group; splitting spreads it
 * over `table.optimizer.distinct-agg.split.bucket-num` buckets in two levels:
 *
 *   Aggregate(group=[k], c=[count(DISTINCT x)], s=[sum(y)])
 * becomes
 *   Aggregate(group=[k], c=[sum(c)], s=[sum(s)])                                  -- final
 *   +- Aggregate(group=[k, $bucket], c=[count(DISTINCT x)], s=[sum(y)])           -- partial
 *      +- Project(…, $bucket=[mod(hash_code(x), 1024)])
 *
 * Final aggregates: count and count(*) → sum of the partial counts (int8), sum → sum, min/max →
 * min/max. Applies when every DISTINCT call has the same single argument and no FILTER, every other
 * call is count, count(*), sum, min or max without ORDER BY, and there is a group key (a global
 * aggregation's empty-input row would need $SUM0). The partial aggregate is recognized by its
 * bucket key, so the rule does not split twice.
 */
import { T } from '../../../common/types.ts';
import { getFunction } from '../../../executor/expr/functions/registry.ts';
import type { BoundExpr } from '../../logical/expr.ts';
import { E } from '../../logical/expr.ts';
import type { AggCall, Aggregate, Field, LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule, RuleContext } from '../rule.ts';
import { transformUp } from '../rule.ts';

const SPLITTABLE = new Set(['count', 'count_star', 'sum', 'min', 'max']);

/** True when `e` is `mod(hash_code(…), n)`, the bucket expression this rule writes. */
function isBucketExpr(e: BoundExpr | undefined): boolean {
  if (!e || e.kind !== 'Call' || e.args.length !== 2 || getFunction(e.fn).name !== 'mod') return false;
  const h = e.args[0]!;
  return h.kind === 'Call' && getFunction(h.fn).name === 'hash_code';
}

/** True when `agg` is already the partial level of a split (it groups by a bucket column). */
function isPartial(agg: Aggregate): boolean {
  const input = agg.input;
  return input.kind === 'Project' && agg.groupKeys.some((k) => isBucketExpr(input.exprs[k]));
}

function split(agg: Aggregate, buckets: number): LogicalPlan {
  if (agg.groupKeys.length === 0 || isPartial(agg)) return agg;
  const distinctCalls = agg.aggs.filter((a) => a.distinct);
  if (distinctCalls.length === 0) return agg;
  const x = distinctCalls[0]!.args[0];
  const ok = agg.aggs.every(
    (a) =>
      SPLITTABLE.has(a.fn) &&
      a.orderBy.length === 0 &&
      (!a.distinct || (a.args.length === 1 && a.args[0] === x && a.filter === undefined)),
  );
  if (!ok || x === undefined) return agg;

  const input = agg.input;
  const n = input.schema.length;
  const xType = input.schema[x]!.type;
  const bucket = E.call('int4_mod_fn', [E.call('hash_code', [E.col(x, xType)], T.int4), E.lit(buckets, T.int4)], T.int4);
  const bucketField: Field = { name: '$bucket', type: T.int4, nullable: true };
  const project: LogicalPlan = {
    kind: 'Project',
    input,
    exprs: [...input.schema.map((f, i) => E.col(i, f.type)), bucket],
    schema: [...input.schema, bucketField],
  };
  const k = agg.groupKeys.length;
  const partialAggs: AggCall[] = agg.aggs.map((a, i) => ({ ...a, name: `${a.name}$${i}` }));
  const partial: Aggregate = {
    kind: 'Aggregate',
    input: project,
    groupKeys: [...agg.groupKeys, n],
    aggs: partialAggs,
    schema: [...agg.groupKeys.map((g) => input.schema[g]!), bucketField, ...partialAggs.map((a) => ({ name: a.name, type: a.type, nullable: true }))],
  };
  const finalAggs: AggCall[] = agg.aggs.map((a, i) => ({
    fn: a.fn === 'count' || a.fn === 'count_star' ? 'sum' : a.fn,
    args: [k + 1 + i],
    distinct: false,
    filter: undefined,
    orderBy: [],
    type: a.fn === 'count' || a.fn === 'count_star' ? T.int8 : a.type,
    name: a.name,
  }));
  return { kind: 'Aggregate', input: partial, groupKeys: agg.groupKeys.map((_, i) => i), aggs: finalAggs, schema: agg.schema };
}

export const splitDistinctAggregate: OptimizerRule = {
  name: 'split-distinct-aggregate',
  apply(plan: LogicalPlan, ctx: RuleContext) {
    if ((ctx.config.get('table.optimizer.distinct-agg.split.enabled') ?? 'false').trim().toLowerCase() !== 'true') return { changed: false, plan };
    const buckets = Number(ctx.config.get('table.optimizer.distinct-agg.split.bucket-num') ?? '1024');
    if (!Number.isInteger(buckets) || buckets <= 0) return { changed: false, plan };
    return transformUp(plan, (p) => (p.kind === 'Aggregate' ? split(p, buckets) : p));
  },
};
