/**
 * Physical stream plans: what the executor instantiates, one node per operator, each annotated with
 * the changelog it emits (Flink's ChangelogMode: which of +I, -U, +U, -D occur) and its upsert key
 * (the columns that identify a row across updates, when known). The same nodes run bounded queries
 * (SELECT over tables and materialized views: sources emit a snapshot and end) and continuous jobs.
 */
import type { SqlType } from '../../common/types.ts';
import type { RelationInfo, TableInfo } from '../../catalog/catalog.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { AggCall, SortKey } from '../logical/plan.ts';

/** Which row kinds a node emits: I (+I), UB (-U), UA (+U), D (-D). */
export interface ChangelogMode {
  readonly insert: boolean;
  readonly updateBefore: boolean;
  readonly updateAfter: boolean;
  readonly delete: boolean;
}

export const INSERT_ONLY: ChangelogMode = { insert: true, updateBefore: false, updateAfter: false, delete: false };
export const RETRACT: ChangelogMode = { insert: true, updateBefore: true, updateAfter: true, delete: true };
export const INSERT_DELETE: ChangelogMode = { insert: true, updateBefore: false, updateAfter: false, delete: true };

/** True when the mode is +I only. */
export function isInsertOnly(m: ChangelogMode): boolean {
  return !m.updateBefore && !m.updateAfter && !m.delete;
}

/** The union of modes. */
export function unionModes(ms: readonly ChangelogMode[]): ChangelogMode {
  return {
    insert: ms.some((m) => m.insert),
    updateBefore: ms.some((m) => m.updateBefore),
    updateAfter: ms.some((m) => m.updateAfter),
    delete: ms.some((m) => m.delete),
  };
}

/** `[I,UB,UA,D]`, as Flink's EXPLAIN CHANGELOG_MODE prints it. */
export function formatMode(m: ChangelogMode): string {
  const parts = [];
  if (m.insert) parts.push('I');
  if (m.updateBefore) parts.push('UB');
  if (m.updateAfter) parts.push('UA');
  if (m.delete) parts.push('D');
  return `[${parts.join(',')}]`;
}

interface Base {
  readonly types: readonly SqlType[];
  readonly names: readonly string[];
  readonly mode: ChangelogMode;
  /** Columns that identify a row across its updates, when known. */
  readonly upsertKey: readonly number[] | undefined;
}

/** Reads a connector table (nexmark, datagen, filesystem…) through its SourceReader. */
export interface TableSourceScan extends Base {
  readonly kind: 'TableSourceScan';
  readonly table: TableInfo;
  /** Physical column indices of the table (relation.columns positions) to produce, in order. */
  readonly columns: readonly number[];
}

/**
 * Reads a relation Strom stores: a DML table or a materialized view. Continuous: its current content
 * as +I, then its changelog. Bounded: its current content, then end.
 */
export interface StoredScan extends Base {
  readonly kind: 'StoredScan';
  readonly relation: RelationInfo;
  readonly columns: readonly number[];
}

export interface ValuesScan extends Base {
  readonly kind: 'Values';
  readonly rows: readonly (readonly BoundExpr[])[];
}

/** Projection and/or filter (Flink's Calc). `projection` undefined = input columns as they are. */
export interface Calc extends Base {
  readonly kind: 'Calc';
  readonly input: PhysicalNode;
  readonly projection: readonly BoundExpr[] | undefined;
  readonly condition: BoundExpr | undefined;
}

/** Unbounded group aggregation with retraction (Flink's GroupAggregate). */
export interface GroupAggregate extends Base {
  readonly kind: 'GroupAggregate';
  readonly input: PhysicalNode;
  readonly groupKeys: readonly number[];
  readonly aggs: readonly AggCall[];
  /** Whether -U rows are emitted before +U (false when every consumer upserts by the group key). */
  readonly emitUpdateBefore: boolean;
}

/** A regular (streaming hash) join on equality keys with a residual condition. */
export interface Join extends Base {
  readonly kind: 'Join';
  readonly joinType: 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';
  readonly left: PhysicalNode;
  readonly right: PhysicalNode;
  readonly leftKeys: readonly number[];
  readonly rightKeys: readonly number[];
  /** Over left columns then right columns. */
  readonly residual: BoundExpr | undefined;
}

/** UNION ALL of inputs with the same types. */
export interface Union extends Base {
  readonly kind: 'Union';
  readonly inputs: readonly PhysicalNode[];
}

/** INTERSECT / EXCEPT [ALL] by row counting. */
export interface SetOp extends Base {
  readonly kind: 'SetOp';
  readonly op: 'intersect' | 'except';
  readonly all: boolean;
  readonly left: PhysicalNode;
  readonly right: PhysicalNode;
}

/** ORDER BY … LIMIT/OFFSET on a bounded input: sorts everything at end of input. */
export interface SortLimit extends Base {
  readonly kind: 'SortLimit';
  readonly input: PhysicalNode;
  readonly keys: readonly SortKey[];
  readonly limit: number | undefined;
  readonly offset: number;
}

/** A streaming TopN (ORDER BY … LIMIT n in a materialized view), retracting rows that leave the top. */
export interface TopN extends Base {
  readonly kind: 'TopN';
  readonly input: PhysicalNode;
  readonly partitionKeys: readonly number[];
  readonly keys: readonly SortKey[];
  readonly limit: number;
  readonly offset: number;
}

export type PhysicalNode = TableSourceScan | StoredScan | ValuesScan | Calc | GroupAggregate | Join | Union | SetOp | SortLimit | TopN;

/** The inputs of a physical node, in order (left, right for joins). */
export function physicalInputs(n: PhysicalNode): readonly PhysicalNode[] {
  switch (n.kind) {
    case 'TableSourceScan':
    case 'StoredScan':
    case 'Values':
      return [];
    case 'Calc':
    case 'GroupAggregate':
    case 'SortLimit':
    case 'TopN':
      return [n.input];
    case 'Join':
    case 'SetOp':
      return [n.left, n.right];
    case 'Union':
      return n.inputs;
  }
}
