/**
 * Values: a source of literal rows (VALUES, SELECT without FROM), as Flink's ValuesSource. It has no
 * input; the runner calls `emitAll()` once after opening, which evaluates the row expressions (over
 * an empty input row) and pushes one batch of +I rows. Evaluation errors (SqlError, e.g. 22012 for
 * `VALUES (1/0)`) are thrown from `emitAll`, as PostgreSQL raises them at execution.
 */
import type { SqlType } from '../../common/types.ts';
import { assertNever } from '../../common/errors.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import { RowBatchBuilder, RowKind, batchOf } from '../row/binary-row.ts';
import { compileExpr } from '../expr/compile.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';

/** Options of a Values source. */
export interface ValuesOptions {
  /** Column types of the rows. */
  readonly types: readonly SqlType[];
  /** The rows: one expression per column, without column references. */
  readonly rows: readonly (readonly BoundExpr[])[];
}

/** The Values source operator. */
export class Values implements StreamOperator {
  readonly name = 'Values';
  private output!: Output;

  constructor(private readonly opts: ValuesOptions) {}

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
  }

  /** Evaluates the rows and pushes them as one +I batch (nothing for zero rows). */
  emitAll(): void {
    const { types, rows } = this.opts;
    if (rows.length === 0) return;
    const empty = batchOf([], [[RowKind.INSERT, []]]);
    const out = new RowBatchBuilder(types, 1024, rows.length + 1);
    for (const row of rows) {
      out.beginRow(RowKind.INSERT);
      for (let f = 0; f < row.length; f++) out.setValue(f, compileExpr(row[f]!, [])(empty, 0));
      out.endRow();
    }
    this.output.push({ kind: 'batch', batch: out.finish() });
  }

  /** A source has no input; barriers and watermarks injected here are forwarded. */
  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        return this.output.push(msg);
      case 'watermark':
      case 'barrier':
        return this.output.push(msg);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {}
}
