/**
 * Translates an optimized logical plan into a physical stream plan, inferring each node's changelog
 * mode and upsert key bottom-up (as Flink's FlinkChangelogModeInferenceProgram does in its first,
 * "modify kind" pass). `bounded` plans read stored relations as snapshots (SELECT); continuous plans
 * read connector tables and the changelogs of stored relations (materialized views, INSERT jobs).
 */
import { InternalError, SqlError, SqlState } from '../../common/errors.ts';
import type { RelationInfo, TableInfo } from '../../catalog/catalog.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { getFunction } from '../../executor/expr/functions/registry.ts';
import { expandTableFunction } from './expand-table-function.ts';
import { andAll, conjuncts } from '../logical/expr-utils.ts';
import type { AggCall, LogicalPlan } from '../logical/plan.ts';
import { T } from '../../common/types.ts';
import type { ExecConfig } from './exec-config.ts';
import { planLookupJoin } from './plan-lookup-join.ts';
import { partitionedBy } from './distribution.ts';
import { planDeduplicate, planRank } from './plan-rank.ts';
import { planOver } from './plan-over.ts';
import type { ChangelogMode, PhysicalNode } from './plan.ts';
import { INSERT_DELETE, INSERT_ONLY, RETRACT, isInsertOnly, unionModes } from './plan.ts';

/** What the physical planner needs to know about the world. */
export interface PhysicalContext {
  /** True for a bounded query (SELECT): stored relations are read as snapshots, Sort becomes SortLimit. */
  readonly bounded: boolean;
  /** The changelog mode a stored relation emits when read continuously (DML tables: updates and deletes; views: their plan's). */
  storedMode(r: RelationInfo): { mode: ChangelogMode; upsertKey: readonly number[] | undefined };
  /** Minibatch, aggregation phases, state TTL (planner/physical/exec-config.ts); undefined = Flink's defaults. */
  readonly exec?: ExecConfig;
  /**
   * Whether lookups into `t` are asynchronous; throws SqlError 0A000 when `t` cannot be the dimension
   * of a lookup join. Absent: every table is looked up synchronously.
   */
  lookupAsync?(t: TableInfo): boolean;
}

/** Plans `plan`; throws SqlError 0A000 for what the executor cannot run yet. */
export function toPhysical(plan: LogicalPlan, ctx: PhysicalContext): PhysicalNode {
  const names = plan.schema.map((f) => f.name);
  const types = plan.schema.map((f) => f.type);
  switch (plan.kind) {
    case 'Scan': {
      const r = plan.relation;
      if (r.kind === 'system') {
        if (!ctx.bounded) throw new SqlError(SqlState.featureNotSupported, `system relation "${r.schema}.${r.name}" can only be read by a query, not by a continuous job`);
        return { kind: 'SystemScan', relation: r, columns: plan.columns, types, names, mode: INSERT_ONLY, upsertKey: undefined };
      }
      if (r.kind === 'table' && r.connector !== undefined) {
        if (ctx.bounded) {
          throw new SqlError(
            SqlState.featureNotSupported,
            `cannot run a bounded query over the streaming table "${r.name}"`,
            { hint: 'Use SUBSCRIBE, or CREATE MATERIALIZED VIEW and query the view.' },
          );
        }
        return { kind: 'TableSourceScan', table: r, columns: plan.columns, types, names, mode: INSERT_ONLY, upsertKey: undefined };
      }
      const stored = ctx.storedMode(r);
      const key = stored.upsertKey && stored.upsertKey.every((k) => plan.columns.includes(k)) ? stored.upsertKey.map((k) => plan.columns.indexOf(k)) : undefined;
      return {
        kind: 'StoredScan',
        relation: r,
        columns: plan.columns,
        types,
        names,
        mode: ctx.bounded ? INSERT_ONLY : stored.mode,
        upsertKey: key,
      };
    }
    case 'Values':
      return { kind: 'Values', rows: plan.rows, types, names, mode: INSERT_ONLY, upsertKey: undefined };
    case 'Project': {
      const input = toPhysical(plan.input, ctx);
      if (input.kind === 'Calc' && input.projection === undefined) {
        return { ...input, projection: plan.exprs, types, names, upsertKey: projectKey(input.upsertKey, plan.exprs) };
      }
      return { kind: 'Calc', input, projection: plan.exprs, condition: undefined, types, names, mode: input.mode, upsertKey: projectKey(input.upsertKey, plan.exprs) };
    }
    case 'Filter': {
      const input = toPhysical(plan.input, ctx);
      return { kind: 'Calc', input, projection: undefined, condition: plan.predicate, types, names, mode: input.mode, upsertKey: input.upsertKey };
    }
    case 'Aggregate': {
      const input = toPhysical(plan.input, ctx);
      const global = plan.groupKeys.length === 0;
      const mode = global ? { insert: true, updateBefore: true, updateAfter: true, delete: false } : RETRACT;
      // Partitioned by other columns (split distinct's buckets), every worker emits its own partial row per group.
      const upsertKey = plan.partitionBy ? undefined : plan.groupKeys.map((_, i) => i);
      const miniBatch = ctx.bounded ? undefined : ctx.exec?.miniBatch;
      // Local-global before the hash exchange of a parallel job (issue 5 §2) even without minibatch:
      // the local phase then folds each input batch (size 1: it hands over after every batch). It
      // saves shipping every row's aggregate arguments; with only count(*) the rows crossing are the
      // key alone, and the local phase only adds work (count-per-auction at P2, 20 M events: 2.9–3.0 s
      // without it, 3.3–3.4 s with; q17, whose calls take arguments: 6.9–7.0 s with, 8.3–8.7 s without).
      const parallelLocal = !ctx.bounded && !miniBatch && (ctx.exec?.parallelism ?? 1) > 1 && plan.aggs.some((a) => a.args.length > 0);
      // Not when the input is already partitioned by the group keys (a join or aggregation on them):
      // no exchange to save, as Flink's TwoStageOptimizedAggregateRule (distribution.ts).
      if (!plan.partitionBy && (miniBatch || parallelLocal) && twoPhaseApplies(plan.groupKeys, plan.aggs, input, ctx.exec!) && !partitionedBy(input, plan.groupKeys)) {
        const localSize = miniBatch ? miniBatch.size : 1;
        const keyTypes = plan.groupKeys.map((k) => input.types[k]!);
        const keyNames = plan.groupKeys.map((k) => input.names[k]!);
        const local: PhysicalNode = {
          kind: 'LocalGroupAggregate',
          input,
          groupKeys: plan.groupKeys,
          aggs: plan.aggs,
          miniBatchSize: localSize,
          types: [...keyTypes, T.bytea],
          names: [...keyNames, '$partials'],
          mode: INSERT_ONLY,
          upsertKey: undefined,
        };
        return {
          kind: 'GlobalGroupAggregate',
          input: local,
          groupKeys: keyTypes.map((_, i) => i),
          aggs: plan.aggs,
          localInputTypes: input.types,
          localInputNames: input.names,
          emitUpdateBefore: true,
          miniBatchSize: localSize,
          types,
          names,
          mode,
          upsertKey,
        };
      }
      return {
        kind: 'GroupAggregate',
        input,
        groupKeys: plan.groupKeys,
        aggs: plan.aggs,
        emitUpdateBefore: true,
        ...(miniBatch ? { miniBatchSize: miniBatch.size } : {}),
        ...(plan.partitionBy ? { partitionBy: plan.partitionBy } : {}),
        types,
        names,
        mode,
        upsertKey,
      };
    }
    case 'Join': {
      const left = toPhysical(plan.left, ctx);
      const right = toPhysical(plan.right, ctx);
      const { leftKeys, rightKeys, residual } = splitEquiKeys(plan.condition, plan.left.schema.length);
      const appendOnly = plan.joinType === 'inner' && isInsertOnly(left.mode) && isInsertOnly(right.mode);
      return {
        kind: 'Join',
        joinType: plan.joinType,
        left,
        right,
        leftKeys,
        rightKeys,
        residual,
        types,
        names,
        mode: appendOnly ? INSERT_ONLY : INSERT_DELETE,
        upsertKey: undefined,
      };
    }
    case 'SetOp': {
      const inputs = plan.inputs.map((i) => toPhysical(i, ctx));
      if (plan.op === 'union') {
        const union: PhysicalNode = { kind: 'Union', inputs, types, names, mode: unionModes(inputs.map((i) => i.mode)), upsertKey: undefined };
        if (plan.all) return union;
        return {
          kind: 'GroupAggregate',
          input: union,
          groupKeys: types.map((_, i) => i),
          aggs: [],
          emitUpdateBefore: true,
          types,
          names,
          mode: INSERT_DELETE,
          upsertKey: types.map((_, i) => i),
        };
      }
      let acc = inputs[0]!;
      for (const next of inputs.slice(1)) {
        acc = { kind: 'SetOp', op: plan.op, all: plan.all, left: acc, right: next, types, names, mode: INSERT_DELETE, upsertKey: undefined };
      }
      return acc;
    }
    case 'Sort': {
      const input = toPhysical(plan.input, ctx);
      if (ctx.bounded) {
        return { kind: 'SortLimit', input, keys: plan.keys, limit: plan.limit, offset: plan.offset, types, names, mode: INSERT_ONLY, upsertKey: input.upsertKey };
      }
      // A continuous result has no order: ORDER BY without LIMIT is dropped (as Flink does for views).
      if (plan.limit === undefined && plan.offset === 0) return input;
      // ORDER BY … LIMIT n OFFSET m: a global ROW_NUMBER Rank of ranks m+1 … m+n.
      const shape = { rankType: 'ROW_NUMBER', partitionKeys: [], orderKeys: plan.keys, rankStart: plan.offset + 1, rankEnd: plan.limit === undefined ? Number.MAX_SAFE_INTEGER : plan.offset + plan.limit, outputRankNumber: false } as const;
      return planRank(input, shape, types, names);
    }
    case 'Rank':
      return planRank(toPhysical(plan.input, ctx), plan, types, names);
    case 'Deduplicate':
      return planDeduplicate(toPhysical(plan.input, ctx), plan, types, names);
    case 'Window':
      return planOver(plan, toPhysical(plan.input, ctx), ctx.bounded, types, names);
    case 'TableFunction': {
      if (plan.args.every((a) => a.kind === 'Const')) return { kind: 'Values', rows: expandTableFunction(plan), types, names, mode: INSERT_ONLY, upsertKey: undefined };
      // Arguments known only when the query runs (volatile calls): evaluated over one empty row.
      const one: PhysicalNode = { kind: 'Values', rows: [[]], types: [], names: [], mode: INSERT_ONLY, upsertKey: undefined };
      return { kind: 'Correlate', input: one, calls: [{ fn: plan.fn, args: plan.args, type: types[0]! }], ordinality: false, types, names, mode: INSERT_ONLY, upsertKey: undefined };
    }
    case 'Correlate': {
      const input = toPhysical(plan.input, ctx);
      return { kind: 'Correlate', input, calls: plan.calls, ordinality: plan.ordinality, types, names, mode: input.mode, upsertKey: undefined };
    }
    case 'LookupJoin':
      return planLookupJoin(plan, toPhysical(plan.input, ctx), ctx);
    case 'SubqueryFilter':
      throw new InternalError('SubqueryFilter survived optimization (decorrelate-subqueries must rewrite it)');
    case 'ScalarSubqueryJoin':
      throw new InternalError('ScalarSubqueryJoin survived optimization (decorrelate-scalar-subqueries must rewrite it)');
  }
}

/** Aggregates whose partial accumulators merge correctly even when the local phase saw retractions. */
const RETRACT_SAFE_MERGE = new Set(['count', 'count_star', 'sum', 'avg']);
/** Aggregates whose partial accumulators merge correctly on insert-only input. */
const MERGEABLE = new Set([...RETRACT_SAFE_MERGE, 'min', 'max']);

/**
 * Whether an aggregation runs in two phases (Flink's TwoStageOptimizedAggregateRule): minibatch on,
 * `agg-phase-strategy` AUTO or TWO_PHASE, a group key, and every call mergeable: no ORDER BY inside
 * the call; min/max only over insert-only input, since a local phase's retraction of a value it
 * never saw cannot be merged; DISTINCT only over insert-only input and in a parallel job. A DISTINCT
 * call's partial is its distinct view's new values (the global phase accumulates a value on its
 * first arrival, whatever the inner aggregate), which a retraction could not undo across workers;
 * in one thread the local phase would only repeat the global phase's lookups.
 */
function twoPhaseApplies(groupKeys: readonly number[], aggs: readonly AggCall[], input: PhysicalNode, exec: ExecConfig): boolean {
  if (exec.aggPhase === 'ONE_PHASE' || groupKeys.length === 0) return false;
  const insertOnly = isInsertOnly(input.mode);
  const ok = insertOnly ? MERGEABLE : RETRACT_SAFE_MERGE;
  const distinctOk = insertOnly && exec.parallelism > 1;
  return aggs.every((a) => a.orderBy.length === 0 && (a.distinct ? distinctOk : ok.has(a.fn)));
}

/** The upsert key through a projection: kept when every key column is projected as a plain column reference. */
function projectKey(key: readonly number[] | undefined, exprs: readonly BoundExpr[]): readonly number[] | undefined {
  if (!key) return undefined;
  const out: number[] = [];
  for (const k of key) {
    const j = exprs.findIndex((e) => e.kind === 'ColRef' && e.index === k);
    if (j < 0) return undefined;
    out.push(j);
  }
  return out;
}

/**
 * Splits a join condition into equality keys (`l = r` with one column from each side, same type) and
 * a residual. Equalities of expressions are kept in the residual (the planner would need a Calc below
 * the join to key on them).
 */
export function splitEquiKeys(
  condition: BoundExpr | undefined,
  nLeft: number,
): { leftKeys: number[]; rightKeys: number[]; residual: BoundExpr | undefined } {
  const leftKeys: number[] = [];
  const rightKeys: number[] = [];
  const rest: BoundExpr[] = [];
  for (const c of conjuncts(condition)) {
    if (c.kind === 'Call' && c.args.length === 2 && isEqualityFn(c.fn)) {
      const [a, b] = c.args as [BoundExpr, BoundExpr];
      if (a.kind === 'ColRef' && b.kind === 'ColRef' && a.type.id === b.type.id) {
        if (a.index < nLeft && b.index >= nLeft) {
          leftKeys.push(a.index);
          rightKeys.push(b.index - nLeft);
          continue;
        }
        if (b.index < nLeft && a.index >= nLeft) {
          leftKeys.push(b.index);
          rightKeys.push(a.index - nLeft);
          continue;
        }
      }
    }
    rest.push(c);
  }
  return { leftKeys, rightKeys, residual: andAll(rest) };
}

/** True when registry function `fn` is an `=` operator. */
function isEqualityFn(fn: string): boolean {
  return getFunction(fn).name === '=';
}
