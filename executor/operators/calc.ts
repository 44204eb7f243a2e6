/**
 * Calc: a projection and/or a filter over compiled expressions, as Flink's StreamExecCalc (one
 * operator for both, so `SELECT a + 1 FROM t WHERE b > 0` is one loop). Each output row keeps its
 * input row's RowKind (a filter and a projection commute with retraction). The filter keeps rows
 * whose predicate is TRUE (NULL and FALSE drop the row). A filter-only Calc forwards the input batch
 * itself when every row passes. Expression errors (SqlError, e.g. 22012) propagate.
 */
import type { SqlType } from '../../common/types.ts';
import { InternalError, assertNever } from '../../common/errors.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder } from '../row/binary-row.ts';
import { compilePredicate, compileRowProjection, type RowProjection } from '../expr/compile.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';

/** Options of a Calc; at least one of `projection` and `filter`. */
export interface CalcOptions {
  readonly inputTypes: readonly SqlType[];
  /** Output expressions over the input columns; undefined keeps the input columns. */
  readonly projection?: readonly BoundExpr[];
  /** A boolean expression over the input columns; undefined keeps every row. */
  readonly filter?: BoundExpr;
}

/** The Calc operator. */
export class Calc implements StreamOperator {
  readonly name = 'Calc';
  /** The projection's types, or the input types. */
  readonly outputTypes: readonly SqlType[];
  private readonly predicate: ((b: RowBatch, r: number) => boolean) | undefined;
  private readonly project: RowProjection | undefined;
  private readonly out: RowBatchBuilder;
  private passed = new Int32Array(1024);
  private output!: Output;

  constructor(opts: CalcOptions) {
    if (!opts.projection && !opts.filter) throw new InternalError('Calc without projection or filter');
    this.outputTypes = opts.projection ? opts.projection.map((e) => e.type) : opts.inputTypes;
    this.predicate = opts.filter ? compilePredicate(opts.filter, opts.inputTypes) : undefined;
    this.project = opts.projection ? compileRowProjection(opts.projection, opts.inputTypes, this.outputTypes) : undefined;
    this.out = new RowBatchBuilder(this.outputTypes);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch': {
        const res = this.project ? this.projectBatch(msg.batch) : this.filterBatch(msg.batch);
        if (res && res.count > 0) this.output.push(res === msg.batch ? msg : { kind: 'batch', batch: res });
        return;
      }
      case 'watermark':
      case 'barrier':
        return this.output.push(msg);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {}

  /** Filter only: the batch itself when all rows pass, else a copy of the passing rows. */
  private filterBatch(batch: RowBatch): RowBatch | undefined {
    const pred = this.predicate!;
    const n = batch.count;
    if (this.passed.length < n) this.passed = new Int32Array(n);
    const passed = this.passed;
    let k = 0;
    for (let r = 0; r < n; r++) if (pred(batch, r)) passed[k++] = r;
    if (k === n) return batch;
    if (k === 0) return undefined;
    const out = this.out;
    for (let i = 0; i < k; i++) out.copyRow(batch, passed[i]!);
    return out.finish();
  }

  /**
   * Projection, with the filter applied first when present: each row begins with its pass-through
   * columns copied as bytes (`beginCopiedRow`), then the computed fields are written.
   */
  private projectBatch(batch: RowBatch): RowBatch {
    const pred = this.predicate;
    const { copy, rest } = this.project!;
    const out = this.out;
    const n = batch.count;
    for (let r = 0; r < n; r++) {
      if (pred !== undefined && !pred(batch, r)) continue;
      out.beginCopiedRow(batch, r, copy);
      if (rest !== undefined) rest(batch, r, out);
      out.endRow();
    }
    return out.finish();
  }
}
