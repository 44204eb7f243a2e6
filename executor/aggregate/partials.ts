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
