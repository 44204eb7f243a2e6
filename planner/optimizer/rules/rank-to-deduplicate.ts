/**
 * rank-to-deduplicate: a ROW_NUMBER Rank keeping rank 1 only, ordered by one time attribute, becomes
 * a Deduplicate (as Flink's StreamPhysicalDeduplicateRule / RankUtil.canConvertToDeduplicate): ASC
 * keeps the first row per key, DESC the last. The order column is a processing-time attribute when
 * it is computed as PROCTIME() (traced through Projects, Filters and Windows below), otherwise any
 * timestamp or timestamptz column orders rows by value (event time). When the rank column is still
 * selected it is the constant 1, computed by a Project above.
 */
import { T } from '../../../common/types.ts';
import type { BoundExpr } from '../../logical/expr.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';

/** What column `col` of `plan` is as a time attribute: PROCTIME(), another time value, or neither. */
export function timeAttribute(plan: LogicalPlan, col: number): 'proctime' | 'rowtime' | undefined {
  switch (plan.kind) {
    case 'Project': {
      const e = plan.exprs[col]!;
      if (e.kind === 'ColRef') return timeAttribute(plan.input, e.index);
      if (e.kind === 'Call' && e.fn === 'proctime') return 'proctime';
      break;
    }
    case 'Filter':
    case 'Deduplicate':
      return timeAttribute(plan.input, col);
    case 'Window':
    case 'Rank':
      if (col < plan.input.schema.length) return timeAttribute(plan.input, col);
      break;
    default:
      break;
  }
  const id = plan.schema[col]!.type.id;
  return id === 'timestamp' || id === 'timestamptz' ? 'rowtime' : undefined;
}

function toDeduplicate(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'Rank' || p.rankType !== 'ROW_NUMBER' || p.rankStart !== 1 || p.rankEnd !== 1 || p.orderKeys.length !== 1) return p;
  const orderKey = p.orderKeys[0]!;
  const time = timeAttribute(p.input, orderKey.index);
  if (!time) return p;
  const dedup: LogicalPlan = {
    kind: 'Deduplicate',
    input: p.input,
    keys: p.partitionKeys,
    keep: orderKey.desc ? 'last' : 'first',
    orderKey,
    time,
    schema: p.input.schema,
  };
  if (!p.outputRankNumber) return dedup;
  const exprs: BoundExpr[] = p.input.schema.map((f, i) => ({ kind: 'ColRef', index: i, type: f.type }));
  exprs.push({ kind: 'Const', value: 1, type: T.int8 });
  return { kind: 'Project', input: dedup, exprs, schema: p.schema };
}

export const rankToDeduplicate: OptimizerRule = {
  name: 'rank-to-deduplicate',
  apply: (plan) => transformUp(plan, toDeduplicate),
};
