/**
 * Partial aggregates between a LocalGroupAggregate and its GlobalGroupAggregate (two-phase
 * aggregation), in two forms:
 * - across an exchange (parallel workers, engine/parallel): one bytea field per key holding one
 *   accumulator per call and the row-count delta (GroupAccs, compiled-call.ts), `v8.serialize`d
 *   (accumulators are plain data, see aggregate-function.ts, so structured serialization
 *   round-trips them);
 * - in one thread, when the global phase reads the local phase directly: a `PartialsChannel`, over
 *   which the local phase hands its whole per-key map to the global phase at the end of each of its
 *   minibatches — no partial rows, no second key encoding, the accumulators themselves.
 */
import type { StateKey } from '../state/state-backend.ts';
import { deserialize, serialize } from 'node:v8';
import { InternalError } from '../../common/errors.ts';
import type { RowBatch } from '../row/binary-row.ts';
import type { GroupAccs } from './compiled-call.ts';

/** Encodes a key's partial: its accumulators and row-count delta (GroupAccs). */
export function encodePartials(accs: GroupAccs): Uint8Array {
  return serialize(accs);
}

/** Decodes `encodePartials` output. */
export function decodePartials(bytes: Uint8Array): GroupAccs {
  return deserialize(bytes) as GroupAccs;
}

/**
 * One group key's partial as the local phase folded it in one minibatch: its accumulators (fresh at
 * the minibatch's start) and net row count as GroupAccs, and a row of the local phase's input that
 * holds the key (its key columns are copied into the global phase's output rows). `accs` is null
 * when the key had that one row in the minibatch: the global phase folds the row itself, as it would
 * without a local phase, rather than receive and merge accumulators that hold one row (a key that
 * recurs rarely, as most of Nexmark q16's 10 000 channels, pays nothing for the two phases).
 */
export interface LocalPartial {
  readonly accs: GroupAccs | null;
  readonly batch: RowBatch;
  readonly row: number;
}

/**
 * Receives one minibatch of partials: the map from the local phase's key encoding
 * (executor/row/key-codec.ts `makeKeyEncoder` over the key columns, in group-key order) to the
 * partial, and the local input's key columns (in group-key order). Called synchronously; the map
 * and its partials pass to the receiver, which returns an empty map for the local phase's next
 * minibatch (so two maps alternate between the phases).
 */
export type PartialsReceiver = (partials: Map<StateKey, LocalPartial>, keyColumns: readonly number[]) => Map<StateKey, LocalPartial>;

/**
 * The in-thread handoff from a LocalGroupAggregate to the GlobalGroupAggregate that reads it directly
 * (no exchange between them). The global phase connects once; the local phase delivers each
 * minibatch before it forwards the barrier or watermark that follows it, so the global phase sees
 * partials and barriers in the order a row stream would carry them.
 */
export class PartialsChannel {
  private receiver: PartialsReceiver | undefined;

  /** Connects the global phase. Throws InternalError when one is connected already. */
  connect(receiver: PartialsReceiver): void {
    if (this.receiver) throw new InternalError('partials channel already has a receiver');
    this.receiver = receiver;
  }

  /**
   * Hands one minibatch of partials (the map and its partials) to the global phase; returns the
   * empty map to fold the next minibatch into. Throws InternalError when no receiver is connected.
   */
  deliver(partials: Map<StateKey, LocalPartial>, keyColumns: readonly number[]): Map<StateKey, LocalPartial> {
    if (!this.receiver) throw new InternalError('partials channel has no receiver');
    const next = this.receiver(partials, keyColumns);
    if (next.size !== 0) throw new InternalError('partials receiver returned a non-empty map');
    return next;
  }
}
