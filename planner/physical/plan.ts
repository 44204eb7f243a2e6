/**
 * Physical stream plans: what the executor instantiates, one node per operator, each annotated with
 * the changelog it emits (Flink's ChangelogMode: which of +I, -U, +U, -D occur) and its upsert key
 * (the columns that identify a row across updates, when known). The same nodes run bounded queries
 * (SELECT over tables and materialized views: sources emit a snapshot and end) and continuous jobs.
 */
import type { SqlType } from '../../common/types.ts';
import type { RelationInfo, TableInfo } from '../../catalog/catalog.ts';
import type { SystemRelationInfo } from '../../catalog/pg-catalog/system-relation.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { AggCall, RankType, SortKey, TableFunctionCall, WindowCall } from '../logical/plan.ts';

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

/**
 * Table-function calls per input row (Flink's StreamExecCorrelate): each input row is emitted, with
 * its RowKind, once per row the zipped calls yield (see the logical Correlate). The changelog mode is
 * the input's; the upsert key is lost (one input row becomes several).
 */
export interface Correlate extends Base {
  readonly kind: 'Correlate';
  readonly input: PhysicalNode;
  readonly calls: readonly TableFunctionCall[];
  readonly ordinality: boolean;
}

/** Unbounded group aggregation with retraction (Flink's GroupAggregate). */
export interface GroupAggregate extends Base {
  readonly kind: 'GroupAggregate';
  readonly input: PhysicalNode;
  readonly groupKeys: readonly number[];
  readonly aggs: readonly AggCall[];
  /** Whether -U rows are emitted before +U (false when every consumer upserts by the group key). */
  readonly emitUpdateBefore: boolean;
  /** Minibatch: buffer (fold) up to this many rows before touching state, as Flink's MiniBatchGroupAggFunction; undefined = per input batch. */
  readonly miniBatchSize?: number;
  /** Input columns the exchange hashes by instead of the group keys (logical Aggregate.partitionBy); the output then has no upsert key. */
  readonly partitionBy?: readonly number[];
}

/**
 * Emits minibatch markers every `intervalMs` of processing time (Flink's MiniBatchAssigner in
 * ProcTime mode). In Strom's single-threaded runner the markers are barriers the job injects at its
 * sources (engine/job.ts), so the operator itself forwards rows unchanged.
 */
export interface MiniBatchAssigner extends Base {
  readonly kind: 'MiniBatchAssigner';
  readonly input: PhysicalNode;
  readonly intervalMs: number;
}

/**
 * The local phase of a two-phase aggregation (Flink's LocalGroupAggregate): folds each minibatch
 * into partial accumulators per key, keeps no state, emits one +I row per key: the group key
 * columns, then `$partials` (bytea: the serialized accumulators and the row-count delta).
 */
export interface LocalGroupAggregate extends Base {
  readonly kind: 'LocalGroupAggregate';
  readonly input: PhysicalNode;
  readonly groupKeys: readonly number[];
  readonly aggs: readonly AggCall[];
  readonly miniBatchSize: number;
}

/**
 * The global phase (Flink's GlobalGroupAggregate): merges partial accumulators from its
 * LocalGroupAggregate input into keyed state and emits the result changelog, as GroupAggregate.
 * Its input's group key is columns 0..k-1; `aggs` refer to the local phase's input columns.
 */
export interface GlobalGroupAggregate extends Base {
  readonly kind: 'GlobalGroupAggregate';
  readonly input: PhysicalNode;
  readonly groupKeys: readonly number[];
  readonly aggs: readonly AggCall[];
  /** Types and names of the local phase's input (the aggregates' argument columns). */
  readonly localInputTypes: readonly SqlType[];
  readonly localInputNames: readonly string[];
  readonly emitUpdateBefore: boolean;
  readonly miniBatchSize: number;
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

/**
 * How a Rank maintains its top rows, chosen from its input as Flink's RankProcessStrategy:
 * AppendFastStrategy for insert-only input (keeps only the top rows per partition);
 * UpdateFastStrategy for updating input whose upsert key contains the partition key and whose sort
 * key moves monotonically towards the top (keeps the top rows by upsert key, ignores -U);
 * RetractStrategy otherwise (keeps every row).
 */
export type RankStrategy = 'AppendFastStrategy' | 'UpdateFastStrategy' | 'RetractStrategy';

/**
 * Streaming top-N per partition (Flink's StreamPhysicalRank): the rows ranked rankStart … rankEnd
 * by `orderKeys`, then the rank (int8) when `outputRankNumber`. A global TopN (ORDER BY … LIMIT n
 * OFFSET m in a materialized view) is a ROW_NUMBER Rank without partition keys.
 */
export interface Rank extends Base {
  readonly kind: 'Rank';
  readonly input: PhysicalNode;
  readonly strategy: RankStrategy;
  readonly rankType: RankType;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
  /** UpdateFastStrategy: the input's upsert key, which identifies a row across its updates. */
  readonly inputUpsertKey: readonly number[] | undefined;
}

/**
 * Deduplication on insert-only input (Flink's StreamPhysicalDeduplicate): one row per `keys` value,
 * the first (keep 'first') or the last (keep 'last') by processing time (arrival order) or by the
 * value of the event-time column `orderKey`.
 */
export interface Deduplicate extends Base {
  readonly kind: 'Deduplicate';
  readonly input: PhysicalNode;
  readonly keys: readonly number[];
  readonly keep: 'first' | 'last';
  readonly time: 'proctime' | 'rowtime';
  readonly orderKey: SortKey;
}

/**
 * OVER aggregation (Flink's StreamPhysicalOverAggregate): the input columns, then one column per
 * window call, over partitions sorted by `orderKeys` (executor/operators/over-agg.ts). `emit`:
 * 'append' for insert-only input ordered by a PROCTIME() attribute (mode [I], each row once, as
 * Flink), 'at-end' for bounded queries ([I] at end of input), 'changelog' otherwise (retracting,
 * [I,UB,UA,D]). The upsert key is the input's.
 */
export interface OverAggregate extends Base {
  readonly kind: 'OverAggregate';
  readonly input: PhysicalNode;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly calls: readonly WindowCall[];
  readonly emit: 'changelog' | 'append' | 'at-end';
}

/** Reads a system relation (pg_catalog, information_schema): a snapshot of its rows taken when the query starts; bounded only. */
export interface SystemScan extends Base {
  readonly kind: 'SystemScan';
  readonly relation: SystemRelationInfo;
  readonly columns: readonly number[];
}

export type PhysicalNode =
  | TableSourceScan
  | StoredScan
  | SystemScan
  | ValuesScan
  | Calc
  | Correlate
  | GroupAggregate
  | MiniBatchAssigner
  | LocalGroupAggregate
  | GlobalGroupAggregate
  | Join
  | Union
  | SetOp
  | SortLimit
  | Rank
  | Deduplicate
  | OverAggregate
  | LookupJoin;

/**
 * A lookup (dimension) join, as Flink's StreamExecLookupJoin: each input row is joined with the rows
 * of `table` whose `lookupKeys` columns equal the row's `inputKeys` columns at processing time. Output
 * = input columns then the table's columns (NULL-padded for a left join without match); each output
 * row keeps its input row's RowKind, so the changelog mode is the input's.
 */
export interface LookupJoin extends Base {
  readonly kind: 'LookupJoin';
  readonly input: PhysicalNode;
  readonly table: TableInfo;
  readonly joinType: 'inner' | 'left';
  readonly inputKeys: readonly number[];
  /** Indices into table.columns (all physical: dimension tables have no computed columns). */
  readonly lookupKeys: readonly number[];
  /** Over input columns then table columns. */
  readonly residual: BoundExpr | undefined;
  /** Whether lookups are asynchronous (network stores): results are emitted later, in input order. */
  readonly async: boolean;
}

/** The inputs of a physical node, in order (left, right for joins). */
export function physicalInputs(n: PhysicalNode): readonly PhysicalNode[] {
  switch (n.kind) {
    case 'TableSourceScan':
    case 'StoredScan':
    case 'SystemScan':
    case 'Values':
      return [];
    case 'Calc':
    case 'Correlate':
    case 'GroupAggregate':
    case 'MiniBatchAssigner':
    case 'LocalGroupAggregate':
    case 'GlobalGroupAggregate':
    case 'SortLimit':
    case 'Rank':
    case 'Deduplicate':
    case 'OverAggregate':
    case 'LookupJoin':
      return [n.input];
    case 'Join':
    case 'SetOp':
      return [n.left, n.right];
    case 'Union':
      return n.inputs;
  }
}
