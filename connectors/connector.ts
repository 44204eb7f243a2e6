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
  /** Types of the physical columns, in the table's order. */
  readonly types: readonly SqlType[];
  /**
   * Rows due at wall time nowMs (rate limiting), at most `max`, in the table's physical column order:
   * a batch, 'idle' (nothing due yet; ask again later), or 'end' (bounded source finished).
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
  createReader?(table: TableInfo, opts: { split: number; splits: number; startMs: number }): SourceReader;
  createWriter?(table: TableInfo, opts: { log: (line: string) => void }): SinkWriter;
}

/** The physical columns of a table: its columns without computed ones, in declared order. */
export function physicalColumns(table: TableInfo): TableInfo['columns'] {
  return table.columns.filter((c) => c.computed === undefined);
}
