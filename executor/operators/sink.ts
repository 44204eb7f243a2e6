/**
 * The last operator of an INSERT job: adapts a connector's sink writer. Batches are written as they
 * come; a barrier flushes the writer (FLUSH / checkpoint: everything before the barrier is durable
 * in the sink) and is then forwarded, so the runner sees the barrier complete; `close` flushes and
 * closes the writer. Writer errors propagate and fail the job.
 */
import { assertNever } from '../../common/errors.ts';
import type { RowBatch } from '../row/binary-row.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';

/** What a sink connector offers (synchronous; a writer that does I/O buffers and completes it itself). */
export interface SinkWriterLike {
  /** Takes a changelog batch (all RowKinds; an append-only sink is only planned over append-only input). */
  write(batch: RowBatch): void;
  flush(): void;
  close(): void;
}

/** Options of a Sink. */
export interface SinkOptions {
  readonly writer: SinkWriterLike;
}

/** The Sink operator. */
export class Sink implements StreamOperator {
  readonly name = 'Sink';
  private output!: Output;

  constructor(private readonly opts: SinkOptions) {}

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        if (msg.batch.count > 0) this.opts.writer.write(msg.batch);
        return;
      case 'watermark':
        return;
      case 'barrier':
        this.opts.writer.flush();
        return this.output.push(msg);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {
    this.opts.writer.flush();
    this.opts.writer.close();
  }
}
