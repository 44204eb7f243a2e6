/**
 * split-distinct-aggregate (Flink's SplitAggregateRule, `table.optimizer.distinct-agg.split.enabled`):
 * a COUNT/SUM(DISTINCT x) of a hot group keeps one huge distinct set, which one worker of a parallel
 * job would maintain alone (Nexmark q15 groups by the day: one key). Splitting spreads the set over
 * `table.optimizer.distinct-agg.split.bucket-num` buckets of x in two levels:
 *
 *   Aggregate(group=[k], c=[count(DISTINCT x) FILTER f], s=[sum(y)])
 * becomes
 *   Aggregate(group=[k], c=[sum(c)], s=[sum(s)])                                       -- final
 *   +- Aggregate(group=[k], partitionBy=[$bucket], c=[count(DISTINCT x) FILTER f], s=[sum(y)])  -- partial
 *      +- Project(…, $bucket=[mod(hash_code(x), 1024)])
 *
 * Flink groups the partial level by (k, $bucket); Strom only partitions it by the bucket (the
 * exchange hashes $bucket, Aggregate.partitionBy) and groups by k: each worker holds the distinct
 * values of its buckets, which no other worker sees, so the workers' partial counts add up, and a
 * worker emits one partial row per group and batch instead of one per touched bucket (up to 1024
 * times fewer changes for the final level to retract). With one thread there is nothing to spread,
 * so the rule applies only when `parallelism.default` > 1 (at 1 the split cost q15 3.8 times the
 * unsplit plan); results are the same either way.
 *
 * With DISTINCT calls over several columns (q15: count(DISTINCT bidder), count(DISTINCT auction)),
 * each input row is expanded, as Flink's Expand, into one row per distinct column; copy j's bucket is
 * (j − 1) × buckets + the bucket of its column (one int column, where Flink has one per copy), `$e`
 * numbers the copies, and each call counts only the rows of its copy.
 * Flink adds one more copy for the non-distinct calls; here they count the rows of copy 1 instead,
 * which holds every input row once as well (same result, a third fewer rows for q15):
 *
 *   Aggregate(group=[k], …)                                                          -- final
 *   +- Aggregate(group=[k], partitionBy=[$bucket], c0=[count(DISTINCT x) FILTER $g0], c1=[count(DISTINCT z) FILTER $g1], n=[count_star() FILTER $g2])
 *      +- Project(…, $bucket=[CASE WHEN $e = 1 THEN mod(hash_code(x), 1024) WHEN $e = 2 THEN mod(hash_code(z), 1024) + 1024 END],
 *      |          $g0=[$e = 1 AND f0], $g1=[$e = 2], $g2=[$e = 1])
 *         +- Correlate(generate_series(1, 2) AS $e)
 *
 * A copy's rows hash by their bucket, so each distinct value of each column lives in one worker. A FILTER of the original call is ANDed into its copy's condition at the partial level and
 * dropped at the final level (as Flink does). Final aggregates: count and count(*) → sum of the
 * partial counts (int8; a partial count is never NULL, so sum needs no $SUM0), sum → sum, min/max →
 * min/max. Applies when every DISTINCT call has one argument, every call is count, count(*), sum,
 * min or max without ORDER BY, and there is a group key (a global aggregation's empty-input row
 * would need $SUM0). The partial aggregate is recognized by its bucket columns, so the rule does
 * not split twice.
 */
import { T } from '../../../common/types.ts';
import { getFunction } from '../../../executor/expr/functions/registry.ts';
import type { BoundExpr } from '../../logical/expr.ts';
import { E } from '../../logical/expr.ts';
import type { AggCall, Aggregate, Field, LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule, RuleContext } from '../rule.ts';
import { transformUp } from '../rule.ts';

const SPLITTABLE = new Set(['count', 'count_star', 'sum', 'min', 'max']);
/** Name prefix of the bucket columns this rule writes. */
const BUCKET = '$bucket';

/** True when `e` is `mod(hash_code(…), n)`, the bucket expression this rule writes. */
function isBucketExpr(e: BoundExpr | undefined): boolean {
  if (!e || e.kind !== 'Call' || e.args.length !== 2 || getFunction(e.fn).name !== 'mod') return false;
  const h = e.args[0]!;
  return h.kind === 'Call' && getFunction(h.fn).name === 'hash_code';
}

/** True when `agg` is already the partial level of a split (partitioned by, or reading, a bucket column). */
function isPartial(agg: Aggregate): boolean {
  if (agg.partitionBy !== undefined) return true;
  const input = agg.input;
  return input.kind === 'Project' && input.exprs.some((e, i) => isBucketExpr(e) || input.schema[i]!.name.startsWith(BUCKET));
}

/** `mod(hash_code(col), buckets)`. */
function bucketOf(col: number, type: Field['type'], buckets: number): BoundExpr {
  return E.call('int4_mod_fn', [E.call('hash_code', [E.col(col, type)], T.int4), E.lit(buckets, T.int4)], T.int4);
}

/** The final level over `partial` (group keys first, then one column per call). */
function finalAggregate(agg: Aggregate, partial: Aggregate, k: number): Aggregate {
  const finalAggs: AggCall[] = agg.aggs.map((a, i) => ({
    fn: a.fn === 'count' || a.fn === 'count_star' ? 'sum' : a.fn,
    args: [k + i],
    distinct: false,
    filter: undefined,
    orderBy: [],
    type: a.fn === 'count' || a.fn === 'count_star' ? T.int8 : a.type,
    name: a.name,
  }));
  return { kind: 'Aggregate', input: partial, groupKeys: agg.groupKeys.map((_, i) => i), aggs: finalAggs, schema: agg.schema };
}

/** The partial level: grouped by the original keys, partitioned by the bucket columns (see the file comment). */
function partialAggregate(agg: Aggregate, project: LogicalPlan, bucketCols: readonly number[], filters: readonly (number | undefined)[]): Aggregate {
  const partialAggs: AggCall[] = agg.aggs.map((a, i) => ({ ...a, filter: filters[i], name: `${a.name}$${i}` }));
  const keys = agg.groupKeys;
  return {
    kind: 'Aggregate',
    input: project,
    groupKeys: keys,
    aggs: partialAggs,
    schema: [...keys.map((g) => project.schema[g]!), ...partialAggs.map((a) => ({ name: a.name, type: a.type, nullable: true }))],
    partitionBy: bucketCols,
  };
}

function split(agg: Aggregate, buckets: number): LogicalPlan {
  if (agg.groupKeys.length === 0 || isPartial(agg)) return agg;
  const distinctCols: number[] = [];
  for (const a of agg.aggs) {
    if (!a.distinct) continue;
    if (a.args.length !== 1) return agg;
    if (!distinctCols.includes(a.args[0]!)) distinctCols.push(a.args[0]!);
  }
  if (distinctCols.length === 0) return agg;
  if (!agg.aggs.every((a) => SPLITTABLE.has(a.fn) && a.orderBy.length === 0)) return agg;

  const input = agg.input;
  const n = input.schema.length;
  const cols = input.schema.map((f, i) => E.col(i, f.type));
  const bucketField: Field = { name: BUCKET, type: T.int4, nullable: true };

  if (distinctCols.length === 1) {
    const x = distinctCols[0]!;
    const project: LogicalPlan = { kind: 'Project', input, exprs: [...cols, bucketOf(x, input.schema[x]!.type, buckets)], schema: [...input.schema, bucketField] };
    const partial = partialAggregate(agg, project, [n], agg.aggs.map((a) => a.filter));
    return finalAggregate(agg, partial, partial.groupKeys.length);
  }

  // Several distinct columns: one copy of each row per distinct column; the other calls read copy 1.
  const copies = distinctCols.length;
  const eField: Field = { name: '$e', type: T.int4, nullable: false };
  const expand: LogicalPlan = {
    kind: 'Correlate',
    input,
    calls: [{ fn: 'generate_series', args: [E.lit(1, T.int4), E.lit(copies, T.int4)], type: T.int4 }],
    ordinality: false,
    schema: [...input.schema, eField],
  };
  const e = E.col(n, T.int4);
  const isCopy = (c: number): BoundExpr => E.call('int4_eq', [e, E.lit(c, T.int4)], T.bool);
  const exprs: BoundExpr[] = [...cols];
  const schema: Field[] = [...input.schema];
  // One bucket column for all copies (copy j's buckets offset by (j - 1) × buckets, so the copies'
  // buckets stay apart): the exchange hashes a single int, not a composite key per row.
  const whens = distinctCols.map((x, j) => {
    const bucket = bucketOf(x, input.schema[x]!.type, buckets);
    return { when: isCopy(j + 1), then: j === 0 ? bucket : E.call('int4_add', [bucket, E.lit(j * buckets, T.int4)], T.int4) };
  });
  exprs.push({ kind: 'Case', whens, else: undefined, type: T.int4 });
  schema.push(bucketField);
  const bucketCols = [exprs.length - 1];
  // One condition column per (copy, original filter), shared by the calls that have the same.
  const condCols = new Map<string, number>();
  const filters = agg.aggs.map((a) => {
    const copy = a.distinct ? distinctCols.indexOf(a.args[0]!) + 1 : 1;
    const key = `${copy}:${a.filter ?? ''}`;
    let col = condCols.get(key);
    if (col === undefined) {
      const cond = a.filter === undefined ? isCopy(copy) : ({ kind: 'And', args: [isCopy(copy), E.col(a.filter, T.bool)], type: T.bool } as BoundExpr);
      exprs.push(cond);
      schema.push({ name: `$g${condCols.size}`, type: T.bool, nullable: a.filter !== undefined });
      col = exprs.length - 1;
      condCols.set(key, col);
    }
    return col;
  });
  const project: LogicalPlan = { kind: 'Project', input: expand, exprs, schema };
  const partial = partialAggregate(agg, project, bucketCols, filters);
  return finalAggregate(agg, partial, partial.groupKeys.length);
}

export const splitDistinctAggregate: OptimizerRule = {
  name: 'split-distinct-aggregate',
  apply(plan: LogicalPlan, ctx: RuleContext) {
    if ((ctx.config.get('table.optimizer.distinct-agg.split.enabled') ?? 'false').trim().toLowerCase() !== 'true') return { changed: false, plan };
    const buckets = Number(ctx.config.get('table.optimizer.distinct-agg.split.bucket-num') ?? '1024');
    if (!Number.isInteger(buckets) || buckets <= 0) return { changed: false, plan };
    // One thread has no skew to spread: the split would only cost (q15: 3.8 times the unsplit plan).
    const parallelism = Number((ctx.config.get('parallelism.default') ?? '1').trim());
    if (!(parallelism > 1)) return { changed: false, plan };
    return transformUp(plan, (p) => (p.kind === 'Aggregate' ? split(p, buckets) : p));
  },
};
