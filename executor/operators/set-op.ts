/**
 * INTERSECT [ALL] / EXCEPT [ALL] over updating inputs (input 0 = left, 1 = right), with PostgreSQL's
 * multiset semantics (docs §7.4): per distinct row (key = the whole row) the operator counts the
 * copies on each side, l and r, and keeps the output at f(l, r) copies — INTERSECT ALL min(l, r),
 * INTERSECT min(l, r, 1), EXCEPT ALL max(l − r, 0), EXCEPT 1 when l > 0 and r = 0 — emitting +I or -D
 * rows for every change of f. Rows compare with NULLs equal (IS NOT DISTINCT FROM), as set operations
 * do. A retraction of a row a side does not hold is ignored. Barriers are aligned across both inputs.
 */
import type { SqlType } from '../../common/types.ts';
import { assertNever } from '../../common/errors.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeKeyEncoder } from '../row/key-codec.ts';
import type { StateTable } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import { BarrierAligner } from './barrier-aligner.ts';
import { allColumns, storeRow } from './stored-row.ts';

/** Options of a SetOp. */
export interface SetOpOptions {
  readonly op: 'intersect' | 'except';
  /** ALL keeps duplicates; without it the output has at most one copy of each row. */
  readonly all: boolean;
  /** Column types, identical on both inputs and the output. */
  readonly types: readonly SqlType[];
  /** State table name (default `set-op`). */
  readonly stateTable?: string;
}

/** Per distinct row: its bytes and its copies on the left and on the right. */
export interface SetOpCounts {
  bytes: Uint8Array;
  l: number;
  r: number;
}

/** The INTERSECT / EXCEPT operator. */
export class SetOp implements StreamOperator {
  readonly name = 'SetOp';
  private readonly rowKeyOf: (b: RowBatch, r: number) => string;
  private readonly copies: (l: number, r: number) => number;
  private readonly out: RowBatchBuilder;
  private readonly aligner = new BarrierAligner(2);
  private output!: Output;
  private table!: StateTable<SetOpCounts>;

  constructor(private readonly opts: SetOpOptions) {
    this.rowKeyOf = makeKeyEncoder(opts.types, allColumns(opts.types.length));
    this.copies = copiesFn(opts.op, opts.all);
    this.out = new RowBatchBuilder(opts.types);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'set-op');
  }

  process(msg: StreamMessage, input: number): void {
    switch (msg.kind) {
      case 'batch':
        this.processBatch(msg.batch, input);
        if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
        return;
      case 'watermark':
      case 'barrier':
        return this.aligner.forward(msg, input, this.output);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {}

  private processBatch(batch: RowBatch, input: number): void {
    for (let r = 0; r < batch.count; r++) {
      const k = this.rowKeyOf(batch, r);
      let e = this.table.get(k);
      const add = isAccumulate(batch.kind(r));
      if (!e) {
        if (!add) continue;
        e = { bytes: storeRow(batch, r), l: 0, r: 0 };
      }
      const before = this.copies(e.l, e.r);
      const d = add ? 1 : -1;
      if (input === 0) {
        if (e.l + d < 0) continue;
        e.l += d;
      } else {
        if (e.r + d < 0) continue;
        e.r += d;
      }
      const diff = this.copies(e.l, e.r) - before;
      for (let c = 0; c < Math.abs(diff); c++) this.out.copyRow(batch, r, diff > 0 ? RowKind.INSERT : RowKind.DELETE);
      if (e.l === 0 && e.r === 0) this.table.delete(k);
      else this.table.put(k, e);
    }
  }
}

/** The number of output copies of a row with l copies on the left and r on the right. */
function copiesFn(op: 'intersect' | 'except', all: boolean): (l: number, r: number) => number {
  switch (op) {
    case 'intersect':
      return all ? (l, r) => Math.min(l, r) : (l, r) => (l > 0 && r > 0 ? 1 : 0);
    case 'except':
      return all ? (l, r) => Math.max(l - r, 0) : (l, r) => (l > 0 && r === 0 ? 1 : 0);
    default:
      return assertNever(op, 'set operation');
  }
}
