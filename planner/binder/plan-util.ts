/**
 * Constructors of logical plan nodes that derive each node's output schema (names, types and a
 * conservative nullability) from its inputs, so the binder never writes a schema by hand.
 */
import type { BoundExpr } from '../logical/expr.ts';
import type { AggCall, Field, JoinType, LogicalPlan, Project, SortKey, Window, WindowCall } from '../logical/plan.ts';

/** Whether `e` may be NULL over rows of `input` (false only when provable). */
export function nullableOf(e: BoundExpr, input: readonly Field[]): boolean {
  switch (e.kind) {
    case 'ColRef':
      return input[e.index]?.nullable ?? true;
    case 'Const':
      return e.value === null;
    case 'IsTest':
    case 'IsDistinct':
      return false;
    case 'Coalesce':
      return e.args.every((a) => nullableOf(a, input));
    case 'Cast':
      return e.tryCast || nullableOf(e.operand, input);
    default:
      return true;
  }
}

/** A Project computing `exprs` named `names`. */
export function project(input: LogicalPlan, exprs: readonly BoundExpr[], names: readonly string[]): Project {
  return {
    kind: 'Project',
    input,
    exprs,
    schema: exprs.map((e, i) => ({ name: names[i] ?? '?column?', type: e.type, nullable: nullableOf(e, input.schema) })),
  };
}

/** A Project keeping the input columns `indices`, in that order. */
export function projectColumns(input: LogicalPlan, indices: readonly number[]): LogicalPlan {
  if (indices.length === input.schema.length && indices.every((x, i) => x === i)) return input;
  return project(
    input,
    indices.map((i) => ({ kind: 'ColRef', index: i, type: input.schema[i]!.type })),
    indices.map((i) => input.schema[i]!.name),
  );
}

/** A Project renaming the input's columns (types unchanged); the input itself when names agree. */
export function rename(input: LogicalPlan, names: readonly string[]): LogicalPlan {
  if (input.schema.every((f, i) => f.name === names[i])) return input;
  return project(
    input,
    input.schema.map((f, i) => ({ kind: 'ColRef', index: i, type: f.type })),
    names,
  );
}

/** A Filter. */
export function filter(input: LogicalPlan, predicate: BoundExpr): LogicalPlan {
  return { kind: 'Filter', input, predicate, schema: input.schema };
}

/** A Join; the output schema follows the join type (semi/anti: left only; outer sides nullable). */
export function join(joinType: JoinType, left: LogicalPlan, right: LogicalPlan, condition: BoundExpr | undefined): LogicalPlan {
  const nullL = joinType === 'right' || joinType === 'full';
  const nullR = joinType === 'left' || joinType === 'full';
  const schema =
    joinType === 'semi' || joinType === 'anti'
      ? left.schema
      : [...left.schema.map((f) => (nullL ? { ...f, nullable: true } : f)), ...right.schema.map((f) => (nullR ? { ...f, nullable: true } : f))];
  return { kind: 'Join', joinType, left, right, condition, schema };
}

/** An Aggregate: output = group key columns, then one column per call. */
export function aggregate(input: LogicalPlan, groupKeys: readonly number[], aggs: readonly AggCall[]): LogicalPlan {
  const schema: Field[] = [
    ...groupKeys.map((k) => input.schema[k]!),
    ...aggs.map((a) => ({ name: a.name, type: a.type, nullable: a.fn !== 'count' && a.fn !== 'count_star' })),
  ];
  return { kind: 'Aggregate', input, groupKeys, aggs, schema };
}

/** A Sort with optional LIMIT/OFFSET. */
export function sort(input: LogicalPlan, keys: readonly SortKey[], limit: number | undefined, offset: number): LogicalPlan {
  return { kind: 'Sort', input, keys, limit, offset, schema: input.schema };
}

/** A Window: output = input columns, then one column per call. */
export function window(input: LogicalPlan, partitionKeys: readonly number[], orderKeys: readonly SortKey[], calls: readonly WindowCall[]): Window {
  const schema: Field[] = [
    ...input.schema,
    ...calls.map((c) => ({ name: c.name, type: c.type, nullable: !['row_number', 'rank', 'dense_rank', 'count', 'count_star'].includes(c.fn) })),
  ];
  return { kind: 'Window', input, partitionKeys, orderKeys, calls, schema };
}

/** ColRefs for all columns of `plan`. */
export function columnRefs(plan: LogicalPlan): BoundExpr[] {
  return plan.schema.map((f, i) => ({ kind: 'ColRef', index: i, type: f.type }));
}

/** The one-row, zero-column input of a SELECT without FROM. */
export function singleRow(): LogicalPlan {
  return { kind: 'Values', rows: [[]], schema: [] };
}
