/**
 * SortLimit for bounded queries (ORDER BY … [LIMIT n] [OFFSET m] over finite input), as Flink's batch
 * SortLimitOperator: buffers the input as a multiset of rows (a retraction cancels one copy of an
 * equal row), sorts at `close` (end of input) and emits rows offset … offset+limit−1 as +I. Ties keep
 * arrival order (a stable sort).
 */
import type { SqlType } from '../../common/types.ts';
import { assertNever } from '../../common/errors.ts';
import type { SortKey } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeKeyEncoder, makeRowComparator } from '../row/key-codec.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import { allColumns, rowView, storeRow } from './stored-row.ts';

/** Options of a SortLimit. */
export interface SortLimitOptions {
  readonly types: readonly SqlType[];
  /** Sort keys over the input columns (empty: arrival order, for a bare LIMIT). */
  readonly keys: readonly SortKey[];
  /** Rows to emit at most; undefined for all. */
  readonly limit?: number;
  /** Rows to skip first (default 0). */
  readonly offset?: number;
}

/** Rows per output batch. */
const CHUNK = 4096;

/** The bounded SortLimit operator: emits only at close. */
export class SortLimit implements StreamOperator {
  readonly name = 'SortLimit';
  private readonly rowKeyOf: (b: RowBatch, r: number) => string;
  private readonly rows = new Map<string, { bytes: Uint8Array; count: number }>();
  private output!: Output;

  constructor(private readonly opts: SortLimitOptions) {
    this.rowKeyOf = makeKeyEncoder(opts.types, allColumns(opts.types.length));
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch': {
        const b = msg.batch;
        for (let r = 0; r < b.count; r++) {
          const k = this.rowKeyOf(b, r);
          const e = this.rows.get(k);
          if (isAccumulate(b.kind(r))) {
            if (e) e.count++;
            else this.rows.set(k, { bytes: storeRow(b, r), count: 1 });
          } else if (e && --e.count === 0) {
            this.rows.delete(k);
          }
        }
        return;
      }
      case 'watermark':
      case 'barrier':
        return this.output.push(msg);
      default:
        assertNever(msg, 'stream message');
    }
  }

  /** Sorts and emits the result. */
  close(): void {
    const { types, keys } = this.opts;
    const cmp = makeRowComparator(types, keys);
    const entries = [...this.rows.values()].map((e) => ({ view: rowView(types, e.bytes), count: e.count }));
    this.rows.clear();
    if (keys.length > 0) entries.sort((a, b) => cmp(a.view, 0, b.view, 0));
    let skip = this.opts.offset ?? 0;
    let left = this.opts.limit ?? Infinity;
    const out = new RowBatchBuilder(types);
    for (const e of entries) {
      for (let c = 0; c < e.count && left > 0; c++) {
        if (skip > 0) {
          skip--;
          continue;
        }
        out.copyRow(e.view, 0, RowKind.INSERT);
        left--;
        if (out.rowCount >= CHUNK) this.output.push({ kind: 'batch', batch: out.finish() });
      }
      if (left <= 0) break;
    }
    if (out.rowCount > 0) this.output.push({ kind: 'batch', batch: out.finish() });
  }
}
