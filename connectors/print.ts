/**
 * The `print` sink (Flink's): writes each row as `+I[1, foo]` — its RowKind short name, then the
 * field values in brackets, comma-separated — prefixed by `<print-identifier>> ` when that option is
 * set, to the writer's `log`. Accepts updates and deletes. NULL prints as `null` (Flink's Row
 * toString); other values as PostgreSQL's text output shows them (so booleans are t/f).
 * In a parallel job each worker thread has its own writer (`parallelSink`), and, as Flink's
 * PrintSinkOutputWriter, the prefix then names the writer's subtask, counted from 1:
 * `2> +I[…]`, or `<print-identifier>:2> +I[…]`. Each row is one `log` call, so lines stay whole.
 */
import type { SqlType } from '../common/types.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import { ROW_KIND_NAMES } from '../executor/row/binary-row.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';
import type { Connector, SinkWriter, WriterOptions } from './connector.ts';
import { physicalColumns } from './connector.ts';
import { optBool } from './options.ts';
import { formatValue } from '../common/pg-text.ts';

/** A value as print shows it: PostgreSQL's text output (common/pg-text.ts), NULL as `null`. */
export function printValue(t: SqlType, v: unknown): string {
  return v === null || v === undefined ? 'null' : formatValue(t, v);
}

/** Formats and logs each row. */
export class PrintWriter implements SinkWriter {
  private readonly prefix: string;
  private readonly types: readonly SqlType[];
  /** `subtask`: this writer's subtask of a parallel sink (WriterOptions.subtask). */
  constructor(
    table: TableInfo,
    private readonly log: (line: string) => void,
    subtask?: WriterOptions['subtask'],
  ) {
    let id = table.options['print-identifier'] ?? '';
    if (subtask && subtask.count > 1) id += `${id === '' ? '' : ':'}${subtask.index + 1}`;
    this.prefix = id === '' ? '' : `${id}> `;
    this.types = physicalColumns(table).map((c) => c.type);
  }

  write(batch: RowBatch): void {
    for (let r = 0; r < batch.count; r++) {
      const vals: string[] = [];
      for (let f = 0; f < this.types.length; f++) vals.push(printValue(this.types[f]!, batch.getValue(r, f)));
      this.log(`${this.prefix}${ROW_KIND_NAMES[batch.kind(r)]}[${vals.join(', ')}]`);
    }
  }
  flush(): void {}
  close(): void {}
}

/** The print sink connector. */
export const printConnector: Connector = {
  name: 'print',
  options: [
    { key: 'print-identifier', required: false, description: 'a prefix for each line: `id> +I[…]`' },
    { key: 'standard-error', required: false, default: 'false', description: 'accepted for Flink compatibility; lines always go to the job log' },
    { key: 'sink.parallelism', required: false, description: 'accepted for Flink compatibility; ignored' },
  ],
  canSource: false,
  canSink: true,
  sinkAcceptsUpdates: true,
  validate(table) {
    optBool(table, 'standard-error', false);
  },
  createWriter(table, opts) {
    return new PrintWriter(table, opts.log, opts.subtask);
  },
  parallelSink: {},
};
