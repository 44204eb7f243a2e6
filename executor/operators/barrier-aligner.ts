/**
 * Barrier alignment and watermark combination for operators with several inputs (join, union,
 * set operations), as Flink's aligned checkpoints in a single-threaded runner: a barrier is forwarded
 * once it has arrived on every input (the runner injects barriers at all sources together, so no
 * input has to be held back); the output watermark is the minimum over the inputs.
 */
import type { Output, StreamMessage } from './operator.ts';

/** Tracks barriers and watermarks of `inputs` inputs; each method returns the message to forward, if any. */
export class BarrierAligner {
  private readonly arrived = new Map<number, number>();
  private readonly watermarks: number[];
  private current = -Infinity;

  constructor(private readonly inputs: number) {
    this.watermarks = new Array<number>(inputs).fill(-Infinity);
  }

  /** Barrier `id` arrived on one input: returns it when this was the last input to deliver it. */
  barrier(msg: Extract<StreamMessage, { kind: 'barrier' }>): StreamMessage | undefined {
    const n = (this.arrived.get(msg.id) ?? 0) + 1;
    if (n < this.inputs) {
      this.arrived.set(msg.id, n);
      return undefined;
    }
    this.arrived.delete(msg.id);
    return msg;
  }

  /** A watermark on `input`: returns a watermark when the minimum over all inputs advanced. */
  watermark(msg: Extract<StreamMessage, { kind: 'watermark' }>, input: number): StreamMessage | undefined {
    if (msg.ts > this.watermarks[input]!) this.watermarks[input] = msg.ts;
    const min = Math.min(...this.watermarks);
    if (min <= this.current) return undefined;
    this.current = min;
    return { kind: 'watermark', ts: min };
  }

  /** Handles a watermark or barrier from `input`: forwards to `output` what alignment lets through. */
  forward(msg: Exclude<StreamMessage, { kind: 'batch' }>, input: number, output: Output): void {
    const m = msg.kind === 'barrier' ? this.barrier(msg) : this.watermark(msg, input);
    if (m) output.push(m);
  }
}
