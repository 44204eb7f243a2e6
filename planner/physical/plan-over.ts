/**
 * Plans a logical Window (OVER aggregation, not turned into a Rank by window-to-rank) as an
 * OverAggregate, choosing how it emits as Flink's StreamPhysicalOverAggregateRule would allow:
 * - bounded query: 'at-end', mode [I];
 * - insert-only input ordered (ascending, by one key) by a PROCTIME() attribute: 'append', mode [I]
 *   — rows arrive in that order, so each row's frame is complete when it arrives (Flink's
 *   ProcTime*Function). Flink's event-time variants need watermarks, which Strom's sources do not
 *   emit yet, so ordering by an event-time or any other column uses:
 * - 'changelog' otherwise: the retracting OVER aggregation, mode [I,UB,UA,D] (where Flink rejects
 *   the query, Strom keeps the result equal to PostgreSQL's over the current input).
 * RANGE frames with offsets need exactly one numeric ORDER BY column (PostgreSQL's rule: 42P20).
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import { timeAttribute } from '../optimizer/rules/rank-to-deduplicate.ts';
import type { PhysicalNode } from './plan.ts';
import { INSERT_ONLY, RETRACT, isInsertOnly } from './plan.ts';

const RANGE_OFFSET_TYPES = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8']);

/** The OverAggregate of `w` over the physical `input`. */
export function planOver(
  w: Extract<LogicalPlan, { kind: 'Window' }>,
  input: PhysicalNode,
  bounded: boolean,
  types: readonly SqlType[],
  names: readonly string[],
): PhysicalNode {
  for (const c of w.calls) {
    const f = c.frame;
    if (!f || f.units !== 'range' || ((f.start === 'unbounded' || f.start === 0) && (f.end === 'unbounded' || f.end === 0))) continue;
    if (w.orderKeys.length !== 1) {
      throw new SqlError(SqlState.windowingError, 'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column');
    }
    const t = input.types[w.orderKeys[0]!.index]!;
    if (!RANGE_OFFSET_TYPES.has(t.id)) {
      throw new SqlError(SqlState.featureNotSupported, `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${t.id}`);
    }
  }
  const proctime =
    w.orderKeys.length === 1 && !w.orderKeys[0]!.desc && timeAttribute(w.input, w.orderKeys[0]!.index) === 'proctime';
  const emit = bounded ? 'at-end' : isInsertOnly(input.mode) && proctime ? 'append' : 'changelog';
  return {
    kind: 'OverAggregate',
    input,
    partitionKeys: w.partitionKeys,
    orderKeys: w.orderKeys,
    calls: w.calls,
    emit,
    types,
    names,
    mode: emit === 'changelog' ? RETRACT : INSERT_ONLY,
    upsertKey: input.upsertKey,
  };
}
