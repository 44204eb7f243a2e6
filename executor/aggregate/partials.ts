/**
 * The wire form of partial aggregates between a LocalGroupAggregate and its GlobalGroupAggregate
 * (two-phase aggregation): one bytea field per key holding the row-count delta and one accumulator
 * per call, `v8.serialize([delta, ...accs])` (accumulators are plain data, see
 * aggregate-function.ts, so structured serialization round-trips them).
 */
import { deserialize, serialize } from 'node:v8';

/** Encodes a key's partial: the net number of rows folded (accumulated − retracted) and the accumulators. */
export function encodePartials(rowDelta: number, accs: readonly unknown[]): Uint8Array {
  return serialize([rowDelta, ...accs]);
}

/** Decodes `encodePartials` output into `[rowDelta, accs]`. */
export function decodePartials(bytes: Uint8Array): [number, unknown[]] {
  const v = deserialize(bytes) as unknown[];
  return [v[0] as number, v.slice(1)];
}

/**
 * An in-thread handoff of partials from a LocalGroupAggregate to the GlobalGroupAggregate it feeds
 * directly (no exchange between them): the bytea field then carries a 5-byte handle (tag 0, then a
 * u32 id) instead of serialized accumulators, and the global phase takes the objects themselves.
 * v8.serialize output starts with 0xFF, so the tag tells the forms apart. Each handle is taken
 * exactly once.
 */
export class PartialsChannel {
  private readonly pending = new Map<number, [number, unknown[]]>();
  private nextId = 0;

  /** Parks a partial; returns the handle bytes to put in the row. */
  put(rowDelta: number, accs: unknown[]): Uint8Array {
    const id = this.nextId;
    this.nextId = (this.nextId + 1) >>> 0;
    this.pending.set(id, [rowDelta, accs]);
    const b = new Uint8Array(5);
    new DataView(b.buffer).setUint32(1, id, true);
    return b;
  }

  /** Decodes a partial field: a handle parked here, or serialized partials. */
  take(bytes: Uint8Array): [number, unknown[]] {
    if (bytes.length !== 5 || bytes[0] !== 0) return decodePartials(bytes);
    const id = new DataView(bytes.buffer, bytes.byteOffset, 5).getUint32(1, true);
    const p = this.pending.get(id);
    if (!p) throw new Error(`partials handle ${id} was already taken or never parked`);
    this.pending.delete(id);
    return p;
  }
}
