/**
 * The messages between the threads of a parallel job (engine/parallel/index.ts): the main thread,
 * which owns the job and its root, and N workers, each running a copy of the plan. Rows cross as
 * binary batches: the batch's byte buffer and row offsets are transferred (moved, not copied) with
 * postMessage, so no row is serialized one by one. Every port is FIFO, which is what barrier
 * alignment relies on. Batches are acknowledged (`ack`) so that a sender can bound what it has in
 * flight (credit-based backpressure, engine/parallel/channel.ts).
 */
import type { StateKey } from '../../executor/state/state-backend.ts';
import type { MessagePort } from 'node:worker_threads';
import type { SqlType } from '../../common/types.ts';
import { RowBatch } from '../../executor/row/binary-row.ts';
import type { StreamMessage } from '../../executor/operators/operator.ts';
import type { GroupAccs } from '../../executor/aggregate/compiled-call.ts';

/** A batch as it crosses threads: its buffers (transferred) and row count. */
export interface WireBatch {
  readonly bytes: ArrayBuffer;
  readonly offsets: ArrayBuffer;
  readonly count: number;
}

/** A watermark or a barrier, as it crosses threads (plain data). */
export type WireControl = Exclude<StreamMessage, { kind: 'batch' }>;

/**
 * Main thread → worker. `feed`: rows of stored scan `source` (a DML table's or view's changelog);
 * `dim`: one statement's changes (full-width rows) to the DML table that is lookup dimension `dim`
 * (WorkerInit.dims), sent to every worker; `finish`: the job's last barrier is through, close the
 * sink's writer (if the worker has one) and answer `closed`.
 */
export type ToWorker =
  | { readonly t: 'barrier'; readonly id: number }
  | { readonly t: 'feed'; readonly source: number; readonly batch: WireBatch }
  | { readonly t: 'dim'; readonly dim: number; readonly batch: WireBatch }
  | { readonly t: 'ack'; readonly n: number }
  | { readonly t: 'finish' };

/**
 * What a worker reports about its plan copy: its operators' state (HeapStateBackend.approximateBytes
 * and keyCount, summed over the copy: the current figures, not deltas) and the rows its sink writer
 * took since the previous report (0 without a worker-side sink).
 */
export interface WorkerReport {
  readonly stateBytes: number;
  readonly stateKeys: number;
  readonly sinkRows: number;
}

/**
 * Worker → main thread: the plan root's output (when the root is in the main thread), a barrier or
 * watermark that passed the root (a barrier with the worker's report, after its sink flushed), lines
 * the worker's sink logged (print), end of its pulled sources, the answer to `finish`, or the error
 * that failed it.
 */
export type FromWorker =
  | { readonly t: 'out'; readonly batch: WireBatch }
  | { readonly t: 'ctl'; readonly msg: WireControl; readonly report?: WorkerReport }
  | { readonly t: 'log'; readonly lines: readonly string[] }
  | { readonly t: 'ended' }
  | { readonly t: 'closed'; readonly report: WorkerReport }
  | { readonly t: 'error'; readonly code: string; readonly message: string; readonly detail?: string; readonly hint?: string };

/**
 * Worker → worker, on exchange `edge`; `p`: one minibatch's partials of two-phase aggregation on
 * partials exchange `edge` (fragment-runner.ts): per key its key encoding and accumulators (plain
 * data, structured-cloned by postMessage), and in `batch` row i a local-phase input row holding key
 * i, whose key columns are `cols`.
 */
export type PeerMessage =
  | { readonly t: 'b'; readonly edge: number; readonly batch: WireBatch }
  | { readonly t: 'p'; readonly edge: number; readonly keys: readonly StateKey[]; readonly accs: readonly (GroupAccs | null)[]; readonly cols: readonly number[]; readonly batch: WireBatch }
  | { readonly t: 'ctl'; readonly edge: number; readonly msg: WireControl }
  | { readonly t: 'ack'; readonly n: number };

/**
 * Main thread → worker, on the worker's own port (worker-pool.ts): run plan copy `id` of a job, with
 * `main` the job's port to the main thread; stop copy `id`; ping (answered `pong` once the worker's
 * modules are loaded). A worker runs the copies of many jobs side by side.
 */
export type PoolMessage =
  | { readonly t: 'job'; readonly id: number; readonly init: WorkerInit; readonly main: MessagePort }
  | { readonly t: 'stop'; readonly id: number }
  | { readonly t: 'ping' };

/** What a worker runs a job's plan copy with (`ports` and the main port are transferred). */
export interface WorkerInit {
  /** The physical plan, encoded by plan-codec.ts. */
  readonly plan: unknown;
  readonly config: readonly (readonly [string, string])[];
  readonly index: number;
  readonly parallelism: number;
  /** The job's start (ms since epoch), shared by every worker's sources. */
  readonly startMs: number;
  /** ports[j]: the port to worker j (undefined for the worker itself). */
  readonly ports: readonly (MessagePort | undefined)[];
  /**
   * The sink table (its TableInfo, encoded by plan-codec.ts) when the root is a sink whose connector
   * writes from every worker (ParallelSinkCapability); absent: the plan's output goes to the main thread.
   */
  readonly sink?: unknown;
  /**
   * The snapshot (+I, full-width rows) of each DML table that is the dimension of a lookup join, in
   * the plan's pre-order of those joins (support.ts dmlLookupJoins); their later changes come as `dim`.
   */
  readonly dims?: readonly WireBatch[];
}

/**
 * A batch ready to cross threads, with its transfer list. A batch that owns its whole buffer (as
 * RowBatchBuilder.finish makes them) is moved; `copy` forces a copy (a batch operators may still read).
 */
export function toWire(b: RowBatch, copy: boolean): { batch: WireBatch; transfer: ArrayBuffer[] } {
  let bytes = b.bytes;
  let offsets = b.offsets;
  const owns = (a: ArrayBufferView) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer;
  if (copy || !owns(bytes)) bytes = bytes.slice(0, b.byteLength);
  if (copy || !owns(offsets) || offsets.length !== b.count + 1) offsets = offsets.slice(0, b.count + 1);
  const batch = { bytes: bytes.buffer as ArrayBuffer, offsets: offsets.buffer as ArrayBuffer, count: b.count };
  return { batch, transfer: [batch.bytes, batch.offsets] };
}

/** The RowBatch of schema `types` a wire batch carries. */
export function fromWire(types: readonly SqlType[], w: WireBatch): RowBatch {
  return new RowBatch(types, new Uint8Array(w.bytes), new Int32Array(w.offsets), w.count);
}
