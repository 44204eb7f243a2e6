/**
 * The operator contract (STYLE.md habit 3): every physical stream operator handles one loop over
 * three message kinds — a batch of binary rows, a watermark, and a checkpoint barrier — and pushes
 * what it produces to its output. Operators are push-based and single-threaded; the job runner
 * (engine/job.ts) wires them into a DAG and drives sources.
 *
 * Barriers carry an id; the engine injects one at every source to implement FLUSH (and, later,
 * checkpoints): an operator that buffers (minibatch) emits its buffered results before forwarding
 * the barrier; a two-input operator forwards a barrier once it has it from both inputs (alignment).
 */
import type { RowBatch } from '../row/binary-row.ts';
import type { StateBackend } from '../state/state-backend.ts';

/** A message on a stream edge. `ts` of a watermark is event time in microseconds since epoch. */
export type StreamMessage =
  | { readonly kind: 'batch'; readonly batch: RowBatch }
  | { readonly kind: 'watermark'; readonly ts: number }
  | { readonly kind: 'barrier'; readonly id: number };

/** Where an operator sends its messages. */
export interface Output {
  push(msg: StreamMessage): void;
}

/** What an operator gets when it opens. */
export interface OperatorContext {
  readonly output: Output;
  /** Keyed state of this operator (tables are namespaced by the operator's id). */
  readonly state: StateBackend;
  /** Session/job configuration: Flink option keys (`table.exec.mini-batch.enabled`, …) to string values. */
  readonly config: ReadonlyMap<string, string>;
  /** For operators that emit after `process` returned (asynchronous lookups); absent in bounded runs. */
  readonly async?: AsyncOperatorContext;
}

/**
 * How an operator that emits later (from promise callbacks, as Flink's AsyncWaitOperator) reports
 * back to the job that runs it (engine/job.ts):
 * - `guard(f)` runs a callback as part of the job: what it throws fails the job (FAILED, with the
 *   SQLSTATE), and it does nothing once the job has ended;
 * - `setSaturated(true)` says the operator holds as much work in flight as it may
 *   (`table.exec.async-lookup.buffer-capacity`): the job stops pumping its pulled sources until the
 *   operator calls `setSaturated(false)`, and then resumes at once. Push-driven sources (DML table
 *   changelogs) cannot be paused; their rows queue in the operator.
 * A barrier passes such an operator only after every row before it was emitted, so FLUSH (which
 * waits for its barrier at the job's root) also waits for in-flight work.
 */
export interface AsyncOperatorContext {
  guard(f: () => void): void;
  setSaturated(saturated: boolean): void;
}

/**
 * A physical stream operator. `process` receives a message from input `input` (0 for single-input
 * operators; 0 = left, 1 = right for joins). Errors thrown (SqlError, e.g. 22012 division by zero)
 * fail the job that runs the operator, not the server.
 */
export interface StreamOperator {
  /** A short name for EXPLAIN and errors, e.g. `GroupAggregate`. */
  readonly name: string;
  open(ctx: OperatorContext): void;
  process(msg: StreamMessage, input: number): void;
  /** End of all input: emit what is still buffered (minibatch), release resources. */
  close(): void;
}
