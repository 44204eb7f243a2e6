/**
 * Correlate: table-function calls evaluated per input row, as Flink's StreamExecCorrelate (LATERAL
 * TABLE) and PostgreSQL's lateral functions in FROM and set-returning functions in a select list
 * (docs §7.2.1.5, §9.26). For each input row the calls' arguments are evaluated over the row, each
 * call yields its values (executor/expr/table-functions.ts), and the row is emitted once per value,
 * extended by the values; several calls are zipped (NULL-padded to the longest), and an ordinality
 * column counts from 1. Every output row keeps its input row's RowKind, so retractions of the input
 * retract exactly the rows its insertion produced (the functions are deterministic).
 */
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import { assertNever } from '../../common/errors.ts';
import type { TableFunctionCall } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, fieldCopyPlan, type FieldCopyPlan } from '../row/binary-row.ts';
import { compileExpr } from '../expr/compile.ts';
import { tableFunctionRows } from '../expr/table-functions.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';

/** Options of a Correlate. */
export interface CorrelateOptions {
  readonly inputTypes: readonly SqlType[];
  /** Calls over the input columns. */
  readonly calls: readonly TableFunctionCall[];
  readonly ordinality: boolean;
}

/** The Correlate operator. */
export class Correlate implements StreamOperator {
  readonly name = 'Correlate';
  readonly outputTypes: readonly SqlType[];
  private readonly args: readonly (readonly ((b: RowBatch, r: number) => unknown)[])[];
  private readonly out: RowBatchBuilder;
  private output!: Output;
  /**
   * When every argument is a constant (the split-distinct rule's `generate_series(1, n)` expanding
   * each row n times): the values the calls yield for every row, computed once, and the plan copying
   * the input fields as bytes. Undefined otherwise, or when computing them failed (the error then
   * surfaces per row, as without constants).
   */
  private readonly constant: { readonly values: readonly (readonly unknown[])[]; readonly copy: FieldCopyPlan } | undefined;

  constructor(private readonly opts: CorrelateOptions) {
    this.outputTypes = [...opts.inputTypes, ...opts.calls.map((c) => c.type), ...(opts.ordinality ? [T.int8] : [])];
    this.args = opts.calls.map((c) => c.args.map((a) => compileExpr(a, opts.inputTypes)));
    this.out = new RowBatchBuilder(this.outputTypes);
    this.constant = constantCalls(opts, this.outputTypes);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch': {
        const res = this.expand(msg.batch);
        if (res.count > 0) this.output.push({ kind: 'batch', batch: res });
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

  private expand(batch: RowBatch): RowBatch {
    if (this.constant) return this.expandConstant(batch, this.constant.values, this.constant.copy);
    const { calls, ordinality } = this.opts;
    const width = this.opts.inputTypes.length;
    const out = this.out;
    for (let r = 0; r < batch.count; r++) {
      const values = calls.map((c, i) => tableFunctionRows(c.fn, this.args[i]!.map((ev) => ev(batch, r)), c.type));
      const n = Math.max(0, ...values.map((v) => v.length));
      const kind = batch.kind(r);
      for (let k = 0; k < n; k++) {
        out.beginRow(kind);
        for (let f = 0; f < width; f++) out.copyField(f, batch, r, f);
        for (let j = 0; j < values.length; j++) out.setValue(width + j, k < values[j]!.length ? values[j]![k] : null);
        if (ordinality) out.setValue(width + values.length, k + 1);
        out.endRow();
      }
    }
    return out.finish();
  }

  /** `expand` when the calls' values are the same for every row. */
  private expandConstant(batch: RowBatch, values: readonly (readonly unknown[])[], copy: FieldCopyPlan): RowBatch {
    const width = this.opts.inputTypes.length;
    const ordinality = this.opts.ordinality;
    const out = this.out;
    let n = 0;
    for (const v of values) n = Math.max(n, v.length);
    for (let r = 0; r < batch.count; r++) {
      for (let k = 0; k < n; k++) {
        out.beginCopiedRow(batch, r, copy);
        for (let j = 0; j < values.length; j++) out.setValue(width + j, k < values[j]!.length ? values[j]![k] : null);
        if (ordinality) out.setValue(width + values.length, k + 1);
        out.endRow();
      }
    }
    return out.finish();
  }
}

function constantCalls(opts: CorrelateOptions, outputTypes: readonly SqlType[]): Correlate['constant'] {
  if (!opts.calls.every((c) => c.args.every((a) => a.kind === 'Const'))) return undefined;
  try {
    const values = opts.calls.map((c) => tableFunctionRows(c.fn, c.args.map((a) => (a.kind === 'Const' ? a.value : null)), c.type));
    const fields = opts.inputTypes.map((_, i) => i);
    return { values, copy: fieldCopyPlan(opts.inputTypes, outputTypes, fields, fields) };
  } catch {
    return undefined;
  }
}
