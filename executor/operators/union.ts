/**
 * UNION ALL of N inputs with identical column types: forwards every batch as it comes (no copy),
 * forwards a barrier once all N inputs delivered it, and the minimum of the inputs' watermarks.
 * (UNION without ALL is planned as UNION ALL followed by a distinct aggregation.)
 */
import { assertNever } from '../../common/errors.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import { BarrierAligner } from './barrier-aligner.ts';

/** Options of a Union. */
export interface UnionOptions {
  /** Number of inputs (≥ 1); inputs are numbered 0 … inputs−1. */
  readonly inputs: number;
}

/** The Union operator. */
export class Union implements StreamOperator {
  readonly name = 'Union';
  private readonly aligner: BarrierAligner;
  private output!: Output;

  constructor(opts: UnionOptions) {
    this.aligner = new BarrierAligner(opts.inputs);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
  }

  process(msg: StreamMessage, input: number): void {
    switch (msg.kind) {
      case 'batch':
        if (msg.batch.count > 0) this.output.push(msg);
        return;
      case 'watermark':
      case 'barrier':
        return this.aligner.forward(msg, input, this.output);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {}
}
