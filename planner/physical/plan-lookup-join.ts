/**
 * Physical planning of a lookup join (Flink's StreamPhysicalLookupJoinRule): the node keeps its
 * input's changelog mode (each output row has its input row's RowKind); the input's upsert key
 * survives only when a lookup matches at most one row (the lookup keys cover the table's primary
 * key). Errors (0A000): a dimension that is not a table, has computed columns, cannot serve lookups
 * (`ctx.lookupAsync` throws), or is asynchronous in a bounded query.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { LookupJoin as LogicalLookupJoin } from '../logical/plan.ts';
import type { PhysicalNode } from './plan.ts';
import type { PhysicalContext } from './to-physical.ts';

/** The LookupJoin node over the already planned `input`. */
export function planLookupJoin(plan: LogicalLookupJoin, input: PhysicalNode, ctx: PhysicalContext): PhysicalNode {
  const t = plan.relation;
  if (t.kind !== 'table') throw new SqlError(SqlState.featureNotSupported, `FOR SYSTEM_TIME AS OF needs a table, but "${t.name}" is a ${t.kind}`);
  if (t.columns.some((c) => c.computed !== undefined)) {
    throw new SqlError(SqlState.featureNotSupported, `lookup table "${t.name}" has computed columns, which lookup joins do not support yet`);
  }
  const async = ctx.lookupAsync?.(t) ?? false;
  if (async && ctx.bounded) {
    throw new SqlError(SqlState.featureNotSupported, `a bounded query cannot look up "${t.name}" asynchronously`, {
      hint: 'Use SUBSCRIBE, or CREATE MATERIALIZED VIEW and query the view.',
    });
  }
  const pk = t.primaryKey?.map((n) => t.columns.findIndex((c) => c.name === n));
  const unique = pk !== undefined && pk.every((k) => plan.lookupKeys.includes(k));
  return {
    kind: 'LookupJoin',
    input,
    table: t,
    joinType: plan.joinType,
    inputKeys: plan.inputKeys,
    lookupKeys: plan.lookupKeys,
    residual: plan.condition,
    async,
    types: plan.schema.map((f) => f.type),
    names: plan.schema.map((f) => f.name),
    mode: input.mode,
    upsertKey: unique ? input.upsertKey : undefined,
  };
}
