/**
 * Translates an optimized logical plan into a physical stream plan, inferring each node's changelog
 * mode and upsert key bottom-up (as Flink's FlinkChangelogModeInferenceProgram does in its first,
 * "modify kind" pass). `bounded` plans read stored relations as snapshots (SELECT); continuous plans
 * read connector tables and the changelogs of stored relations (materialized views, INSERT jobs).
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { RelationInfo } from '../../catalog/catalog.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { getFunction } from '../../executor/expr/functions/registry.ts';
import { andAll, conjuncts } from '../logical/expr-utils.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { ChangelogMode, PhysicalNode } from './plan.ts';
import { INSERT_DELETE, INSERT_ONLY, RETRACT, isInsertOnly, unionModes } from './plan.ts';

/** What the physical planner needs to know about the world. */
export interface PhysicalContext {
  /** True for a bounded query (SELECT): stored relations are read as snapshots, Sort becomes SortLimit. */
  readonly bounded: boolean;
  /** The changelog mode a stored relation emits when read continuously (DML tables: updates and deletes; views: their plan's). */
  storedMode(r: RelationInfo): { mode: ChangelogMode; upsertKey: readonly number[] | undefined };
}

/** Plans `plan`; throws SqlError 0A000 for what the executor cannot run yet. */
export function toPhysical(plan: LogicalPlan, ctx: PhysicalContext): PhysicalNode {
  const names = plan.schema.map((f) => f.name);
  const types = plan.schema.map((f) => f.type);
  switch (plan.kind) {
    case 'Scan': {
      const r = plan.relation;
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
      return {
        kind: 'GroupAggregate',
        input,
        groupKeys: plan.groupKeys,
        aggs: plan.aggs,
        emitUpdateBefore: true,
        types,
        names,
        mode: global ? { insert: true, updateBefore: true, updateAfter: true, delete: false } : RETRACT,
        upsertKey: plan.groupKeys.map((_, i) => i),
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
      return {
        kind: 'TopN',
        input,
        partitionKeys: [],
        keys: plan.keys,
        limit: plan.limit ?? Number.MAX_SAFE_INTEGER,
        offset: plan.offset,
        types,
        names,
        mode: INSERT_DELETE,
        upsertKey: undefined,
      };
    }
    case 'Window':
      throw new SqlError(SqlState.featureNotSupported, 'window functions (OVER) are not supported yet');
    case 'TableFunction':
      throw new SqlError(SqlState.featureNotSupported, `table function ${plan.fn} is not supported yet`);
    case 'LookupJoin':
      throw new SqlError(SqlState.featureNotSupported, 'lookup joins (FOR SYSTEM_TIME AS OF) are not supported yet');
  }
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
