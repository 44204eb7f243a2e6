/**
 * The contract between tables declared `WITH ('connector' = …)` and the job runner: a `Connector`
 * validates a table's columns and options and makes `SourceReader`s (pulled by the runner, batch by
 * batch) and `SinkWriter`s (pushed to). Modeled on Flink's DynamicTableSourceFactory /
 * DynamicTableSinkFactory: the factory declares its options (`OptionSpec`), the runtime is pull-based.
 *
 * "Physical columns" are a table's columns without `computed` ones (`pt AS PROCTIME()` is computed by
 * the planner); readers produce, and writers receive, exactly the physical columns in declared order.
 */
import type { SqlType } from '../common/types.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';

/**
 * One WITH option a connector understands. A `#` in `key` stands for one field name
 * (Flink's `fields.#.kind`): the registry matches `fields.price.kind` against it.
 */
export interface OptionSpec {
  readonly key: string;
  readonly required: boolean;
  readonly default?: string;
  readonly description: string;
}

/** A source split's reader. */
export interface SourceReader {
  /** Types of the physical columns, in the table's order (or of `ReaderOptions.columns` when `projected`). */
  readonly types: readonly SqlType[];
  /**
   * True when the reader took `ReaderOptions.columns`: its batches hold exactly those columns, in
   * that order (projection pushdown); absent or false: all physical columns.
   */
  readonly projected?: boolean;
  /**
   * Rows due at wall time nowMs (rate limiting), at most `max`, in the table's physical column order
   * (or the projected columns): a batch, 'idle' (nothing due yet; ask again later), or 'end' (bounded source finished).
   */
  read(max: number, nowMs: number): RowBatch | 'idle' | 'end';
  close(): void;
}

/** A sink's writer. */
export interface SinkWriter {
  /** Rows with their RowKind. */
  write(batch: RowBatch): void;
  flush(): void;
  close(): void;
}

/**
 * A dimension table's lookup function (Flink's LookupFunction / AsyncLookupFunction): the rows whose
 * `keyColumns` (indices into the table's physical columns, fixed when created) equal `key`, as
 * JavaScript values of the physical columns in declared order (common/types.ts). Synchronous sources
 * (SQLite, DML tables) return rows; asynchronous ones (PostgreSQL) return a promise. Errors are
 * SqlErrors (08006 connection failure, with the host); retries and caching are the caller's
 * (connectors/lookup-cache.ts), as Flink's lookup runtime wraps the connector's function.
 */
export interface LookupSource {
  /** True when `lookup` and `scanAll` return promises. */
  readonly async: boolean;
  lookup(key: readonly unknown[]): readonly unknown[][] | Promise<readonly unknown[][]>;
  /** Every row of the table (for `lookup.cache` = FULL). */
  scanAll(): readonly unknown[][] | Promise<readonly unknown[][]>;
  /** Releases connections and statements. Idempotent. */
  close(): void;
}

/** What a connector that serves lookups declares (Flink's LookupTableSource). */
export interface LookupCapability {
  /** Whether lookups are asynchronous (network stores): the physical plan shows `async=[true]`. */
  readonly async: boolean;
  /** A lookup function over `keyColumns` (physical column indices). Throws SqlError for bad options. */
  create(table: TableInfo, keyColumns: readonly number[]): LookupSource;
}

/**
 * What a sink connector declares when one table may have several writers at once, one per worker
 * thread of a parallel job (engine/parallel), each taking the rows of its thread (Flink's sink
 * parallelism: a sink operator's subtasks write side by side). A writer must then keep no state that
 * other writers of the table need, and each of its outputs (a line, a row) must be whole on its own.
 * Sinks without it (filesystem, DML tables, materialized views) are written from the main thread.
 */
export interface ParallelSinkCapability {
  /**
   * Called in the main thread with the number of rows (any RowKind) that one worker's writer of
   * `table` took since its last report (reported with each barrier and when the job finishes), for
   * counters the process keeps (blackhole's). Absent: nothing to keep.
   */
  written?(table: TableInfo, rows: number): void;
}

/** What a connector's `createWriter` gets. */
export interface WriterOptions {
  /** Where text output goes (the server log): one call per whole line. */
  readonly log: (line: string) => void;
  /**
   * This writer's subtask (0-based) and the number of writers of the job (Flink's subtask index and
   * parallelism), when the sink runs in parallel worker threads (ParallelSinkCapability); absent: one writer.
   */
  readonly subtask?: { readonly index: number; readonly count: number };
}

/** What a connector's `createReader` gets: the split to read and when the job started. */
export interface ReaderOptions {
  readonly split: number;
  readonly splits: number;
  /** Wall time (ms since epoch) the job started. */
  readonly startMs: number;
  /**
   * The physical columns the scan needs (indexes into the table's physical columns, in the order
   * wanted). A reader may return only these and set `SourceReader.projected` (Flink's
   * SupportsProjectionPushDown); absent: every physical column.
   */
  readonly columns?: readonly number[];
}

/** A connector: a named factory of readers and writers, with its options. */
export interface Connector {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  readonly canSource: boolean;
  readonly canSink: boolean;
  /** Whether the sink accepts -U/-D (print: yes; blackhole: yes). */
  readonly sinkAcceptsUpdates: boolean;
  /** Checks the table's columns against what the connector produces; throws SqlError. */
  validate?(table: TableInfo): void;
  createReader?(table: TableInfo, opts: ReaderOptions): SourceReader;
  createWriter?(table: TableInfo, opts: WriterOptions): SinkWriter;
  /** Present when the sink can be written from several worker threads at once (see ParallelSinkCapability). */
  readonly parallelSink?: ParallelSinkCapability;
  /** Present when the table can be the dimension of a lookup join (`FOR SYSTEM_TIME AS OF`). */
  readonly lookup?: LookupCapability;
}

/** The physical columns of a table: its columns without computed ones, in declared order. */
export function physicalColumns(table: TableInfo): TableInfo['columns'] {
  return table.columns.filter((c) => c.computed === undefined);
}
