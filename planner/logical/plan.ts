/**
 * Logical plans: relational operators as readonly data, discriminated on `kind` (STYLE.md habit 1).
 * The binder builds them from the AST; optimizer rules rewrite them; the physical planner maps them
 * to stream operators with changelog modes. Every node carries its output `schema`; expressions
 * reference input columns by position (for Join: left columns, then right).
 */
import type { SqlType } from '../../common/types.ts';
import type { RelationInfo } from '../../catalog/catalog.ts';
import type { SystemRelationInfo } from '../../catalog/pg-catalog/system-relation.ts';
import type { BoundExpr } from './expr.ts';

/** One output column of a plan node. `nullable` is false only where Strom can prove it. */
export interface Field {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

/**
 * Reads a catalog relation (DML table, connector table or materialized view) or a system relation
 * (pg_catalog, information_schema: rows computed when the query runs); `columns` picks and orders fields.
 */
export interface Scan {
  readonly kind: 'Scan';
  readonly relation: RelationInfo | SystemRelationInfo;
  /** Indices into relation.columns, in output order. */
  readonly columns: readonly number[];
  readonly schema: readonly Field[];
}

/** Literal rows (VALUES, SELECT without FROM). */
export interface ValuesNode {
  readonly kind: 'Values';
  readonly rows: readonly (readonly BoundExpr[])[];
  readonly schema: readonly Field[];
}

/** Computes `exprs` over each input row. */
export interface Project {
  readonly kind: 'Project';
  readonly input: LogicalPlan;
  readonly exprs: readonly BoundExpr[];
  readonly schema: readonly Field[];
}

/** Keeps the rows for which `predicate` is true. */
export interface Filter {
  readonly kind: 'Filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
  readonly schema: readonly Field[];
}

/**
 * An aggregate function call over input columns. `fn` is the aggregate's registry name (`count`,
 * `sum`, `min`, `max`, `avg`, `bool_and`, `bool_or`, `string_agg`, `count_star`, …); `args` are
 * input column indices; `filter` an input column of type bool (FILTER (WHERE …)).
 */
export interface AggCall {
  readonly fn: string;
  readonly args: readonly number[];
  readonly distinct: boolean;
  readonly filter: number | undefined;
  /** ORDER BY inside the call (string_agg(x, ',' ORDER BY y)). */
  readonly orderBy: readonly SortKey[];
  readonly type: SqlType;
  readonly name: string;
}

/** GROUP BY: output = group key columns (in `groupKeys` order), then one column per AggCall. */
export interface Aggregate {
  readonly kind: 'Aggregate';
  readonly input: LogicalPlan;
  readonly groupKeys: readonly number[];
  readonly aggs: readonly AggCall[];
  readonly schema: readonly Field[];
  /**
   * Input columns a parallel job hashes rows by at this aggregation's exchange instead of its group
   * keys (split-distinct-aggregate's buckets). Each worker then holds a partial result per group for
   * its share of the rows, so the output has no upsert key and a final level must merge it. A rule
   * that rebuilds the node without it only loses the spreading, not correctness.
   */
  readonly partitionBy?: readonly number[];
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

/**
 * A join. Output = left columns then right columns (semi/anti: left columns only). `condition` is
 * over the concatenated schema; `equiKeys` are the equality pairs the optimizer extracted from it
 * (left index, right index) — empty until then; the physical planner needs at least one for a stream
 * join, or uses a nested loop for bounded queries.
 */
export interface Join {
  readonly kind: 'Join';
  readonly joinType: JoinType;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly condition: BoundExpr | undefined;
  readonly schema: readonly Field[];
}

/** UNION [ALL] / INTERSECT [ALL] / EXCEPT [ALL] of inputs with identical column types. */
export interface SetOpNode {
  readonly kind: 'SetOp';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly inputs: readonly LogicalPlan[];
  readonly schema: readonly Field[];
}

/** A sort key over input columns. */
export interface SortKey {
  readonly index: number;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** ORDER BY (and LIMIT/OFFSET when present): a TopN on streams, a sort on bounded queries. */
export interface Sort {
  readonly kind: 'Sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey[];
  readonly limit: number | undefined;
  readonly offset: number;
  readonly schema: readonly Field[];
}

/** A window (OVER) function call: `fn` ∈ row_number, rank, dense_rank or an aggregate name. */
export interface WindowCall {
  readonly fn: string;
  readonly args: readonly number[];
  readonly frame: { readonly units: 'rows' | 'range'; readonly start: number | 'unbounded'; readonly end: number | 'unbounded' } | undefined;
  readonly type: SqlType;
  readonly name: string;
}

/** OVER: output = input columns, then one column per call; all calls share one partition/order. */
export interface Window {
  readonly kind: 'Window';
  readonly input: LogicalPlan;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly calls: readonly WindowCall[];
  readonly schema: readonly Field[];
}

/** A table function in FROM (generate_series, unnest): output = its columns. */
export interface TableFunction {
  readonly kind: 'TableFunction';
  readonly fn: string;
  readonly args: readonly BoundExpr[];
  readonly schema: readonly Field[];
}

/** One set-returning call of a Correlate: `fn` (executor/expr/table-functions.ts) over the input row, yielding `type`. */
export interface TableFunctionCall {
  readonly fn: string;
  readonly args: readonly BoundExpr[];
  readonly type: SqlType;
}

/**
 * A lateral table-function call per input row (Flink's Correlate / `LATERAL TABLE`, PostgreSQL's
 * implicitly lateral functions in FROM and set-returning functions in a select list, docs §7.2.1.5
 * and §9.26): each input row is emitted once per row the calls yield, extended by the calls' values.
 * Several calls are zipped as `ROWS FROM (…)` and PostgreSQL 10+ select lists do: as many rows as
 * the longest, shorter ones padded with NULL. Output = input columns, one column per call, then the
 * 1-based ordinality (int8) when `ordinality`. A row for which every call yields nothing is dropped.
 */
export interface Correlate {
  readonly kind: 'Correlate';
  readonly input: LogicalPlan;
  readonly calls: readonly TableFunctionCall[];
  readonly ordinality: boolean;
  readonly schema: readonly Field[];
}

/**
 * A lookup (dimension) join, `JOIN dim FOR SYSTEM_TIME AS OF s.proc_time`: for each input row, the
 * rows of `relation` whose `lookupKeys` columns equal the input's `inputKeys` columns at processing
 * time. Output = input columns then the relation's columns.
 */
export interface LookupJoin {
  readonly kind: 'LookupJoin';
  readonly input: LogicalPlan;
  readonly relation: RelationInfo;
  readonly joinType: 'inner' | 'left';
  readonly inputKeys: readonly number[];
  readonly lookupKeys: readonly number[];
  /** A residual condition over the output row. */
  readonly condition: BoundExpr | undefined;
  readonly schema: readonly Field[];
}

/** The numbering of a ranking: ROW_NUMBER (1, 2, 3), RANK (1, 1, 3), DENSE_RANK (1, 1, 2). */
export type RankType = 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK';

/**
 * Top-N per partition (Flink's FlinkLogicalRank), made by window-to-rank from a Filter bounding a
 * ranking function over a Window: the input rows whose rank within their partition (ordered by
 * `orderKeys`) lies in `rankStart` … `rankEnd` (1-based, inclusive). Output = input columns, then
 * the rank (int8) when `outputRankNumber`; without it only the rows themselves ("no-ranking output").
 * A global TopN (ORDER BY … LIMIT in a materialized view) is a Rank without partition keys.
 */
export interface Rank {
  readonly kind: 'Rank';
  readonly input: LogicalPlan;
  readonly rankType: RankType;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
  readonly schema: readonly Field[];
}

/**
 * Deduplication (Flink's StreamPhysicalDeduplicate, recognized by rank-to-deduplicate): one row per
 * `keys` value — the first by `orderKey` ascending (keep 'first') or the last, descending (keep
 * 'last'). `time` says what orders rows: 'proctime' (a PROCTIME() attribute: arrival order) or
 * 'rowtime' (an event-time or other time column, compared by value). Output = input columns.
 */
export interface Deduplicate {
  readonly kind: 'Deduplicate';
  readonly input: LogicalPlan;
  readonly keys: readonly number[];
  readonly keep: 'first' | 'last';
  readonly orderKey: SortKey;
  readonly time: 'proctime' | 'rowtime';
  readonly schema: readonly Field[];
}

/**
 * A WHERE conjunct `[NOT] EXISTS (subquery)` or `(operands) [NOT] IN (subquery)` kept as written, the
 * subquery not yet decorrelated (Calcite's RexSubQuery under a LogicalFilter, which SubQueryRemoveRule
 * rewrites; Flink's FlinkSubQueryRemoveRule). The binder emits it; the optimizer rule
 * decorrelate-subqueries turns it into a semi or anti Join, and none may reach the physical planner.
 * Output = input columns (the rows of `input` for which the predicate is true).
 */
export interface SubqueryFilter {
  readonly kind: 'SubqueryFilter';
  readonly input: LogicalPlan;
  /** The subquery; its first `operands.length` columns are the IN list, hidden correlation columns may follow. */
  readonly subquery: LogicalPlan;
  readonly predicate: 'exists' | 'in';
  readonly negated: boolean;
  /** IN only: the left-hand operands, over input columns. */
  readonly operands: readonly BoundExpr[];
  /** IN only: `operands[i] = subquery column i`, resolved by the binder, over input columns then subquery columns. */
  readonly comparisons: readonly BoundExpr[];
  /** The correlated predicates (outer references against subquery columns), over input columns then subquery columns. */
  readonly correlation: BoundExpr | undefined;
  readonly schema: readonly Field[];
}

/**
 * A scalar subquery `(SELECT …)` of an expression (select list, WHERE, HAVING), kept as written by
 * the binder, not yet decorrelated: Calcite's RexSubQuery of kind SCALAR_QUERY inside a Project or
 * Filter, which SubQueryRemoveRule rewrites into a LEFT join (Flink's FlinkSubQueryRemoveRule), or
 * an Apply in Galindo-Legaria & Joshi's terms. For each input row the subquery yields at most one row
 * (a second one is not detected; PostgreSQL raises 21000); the expressions above read its value.
 * Output = input columns, then the subquery's columns: its value (column 0; NULL when no row
 * matches, 0 when `bareCount`) and the hidden inner columns its correlation reads (columns 1…).
 * The optimizer rule decorrelate-scalar-subqueries turns it into a LEFT Join on `correlation` (and,
 * when `bareCount`, a Project reading the value as COALESCE(value, 0)); none may reach the physical
 * planner.
 */
export interface ScalarSubqueryJoin {
  readonly kind: 'ScalarSubqueryJoin';
  readonly input: LogicalPlan;
  /** The subquery: its value, then the inner columns the correlation reads (grouped by, when it aggregates). */
  readonly subquery: LogicalPlan;
  /** The correlated predicates (outer references against subquery columns), over input columns then subquery columns; undefined when uncorrelated. */
  readonly correlation: BoundExpr | undefined;
  /**
   * The subquery is a correlated bare `count(…)`: grouped by the correlation columns, it has no row
   * for an outer row without matches, where PostgreSQL's count gives 0, so the value reads 0 there.
   */
  readonly bareCount: boolean;
  readonly schema: readonly Field[];
}

export type LogicalPlan =
  | SubqueryFilter
  | ScalarSubqueryJoin
  | Rank
  | Deduplicate
  | Scan
  | ValuesNode
  | Project
  | Filter
  | Aggregate
  | Join
  | SetOpNode
  | Sort
  | Window
  | TableFunction
  | Correlate
  | LookupJoin;

/** The inputs of a node, in order. */
export function inputsOf(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.kind) {
    case 'Scan':
    case 'Values':
    case 'TableFunction':
      return [];
    case 'Project':
    case 'Filter':
    case 'Aggregate':
    case 'Sort':
    case 'Window':
    case 'LookupJoin':
    case 'Correlate':
    case 'Rank':
    case 'Deduplicate':
      return [p.input];
    case 'Join':
      return [p.left, p.right];
    case 'SubqueryFilter':
    case 'ScalarSubqueryJoin':
      return [p.input, p.subquery];
    case 'SetOp':
      return p.inputs;
  }
}

/** The same node with new inputs (same count and order as inputsOf). */
export function withInputs(p: LogicalPlan, inputs: readonly LogicalPlan[]): LogicalPlan {
  switch (p.kind) {
    case 'Scan':
    case 'Values':
    case 'TableFunction':
      return p;
    case 'Project':
    case 'Filter':
    case 'Aggregate':
    case 'Sort':
    case 'Window':
    case 'LookupJoin':
    case 'Correlate':
    case 'Rank':
    case 'Deduplicate':
      return { ...p, input: inputs[0]! };
    case 'Join':
      return { ...p, left: inputs[0]!, right: inputs[1]! };
    case 'SubqueryFilter':
    case 'ScalarSubqueryJoin':
      return { ...p, input: inputs[0]!, subquery: inputs[1]! };
    case 'SetOp':
      return { ...p, inputs };
  }
}
