/**
 * The `blackhole` sink (Flink's): discards every row, accepting inserts, updates and deletes. It
 * counts what it discarded, per writer and per table, for tests and benchmarks.
 */
import type { RowBatch } from '../executor/row/binary-row.ts';
import type { Connector, SinkWriter } from './connector.ts';

const totals = new Map<string, number>();

/** Rows discarded so far by all blackhole writers of table `table` in this process. */
export function blackholeCount(table: string): number {
  return totals.get(table) ?? 0;
}

/** Forgets the per-table counts (tests). */
export function resetBlackholeCounts(): void {
  totals.clear();
}

/** A writer that drops rows and counts them. */
export class BlackholeWriter implements SinkWriter {
  /** Rows written to this writer. */
  count = 0;
  constructor(readonly table: string) {}
  write(batch: RowBatch): void {
    this.count += batch.count;
    totals.set(this.table, (totals.get(this.table) ?? 0) + batch.count);
  }
  flush(): void {}
  close(): void {}
}

/**
 * The blackhole sink connector; no options. Writers may run in parallel worker threads: each counts
 * in its own thread, and the main thread adds what they report (`parallelSink.written`), so
 * `blackholeCount` in the main thread counts every row once a FLUSH or the job's end reported it.
 */
export const blackholeConnector: Connector = {
  name: 'blackhole',
  options: [],
  canSource: false,
  canSink: true,
  sinkAcceptsUpdates: true,
  createWriter(table) {
    return new BlackholeWriter(table.name);
  },
  parallelSink: {
    written(table, rows) {
      totals.set(table.name, (totals.get(table.name) ?? 0) + rows);
    },
  },
};
