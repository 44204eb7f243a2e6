/**
 * The generator's randomness: a small, fast, seeded PRNG (mulberry32 steps over a 32-bit state),
 * re-seeded for every event from (seed, event number) with a murmur3-style finalizer. So any event's
 * fields follow from the seed and its number alone: readers of different splits, or a reader that
 * skips events, agree on every event. No Math.random anywhere.
 */

/** murmur3's 32-bit finalizer: a bijection on uint32 with full avalanche. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO32 = 4294967296;

/** A PRNG with a mutable 32-bit state; `reset` re-seeds it for an event. */
export class Rng {
  private s = 0;
  private readonly seedMix: number;

  /** `seed`: any safe integer (the table's `seed` option). */
  constructor(seed: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO32) >>> 0;
    this.seedMix = mix32(mix32(lo ^ 0x9e3779b9) ^ hi);
  }

  /** Seeds the state for event number `n` (a non-negative safe integer). */
  reset(n: number): void {
    const lo = n >>> 0;
    const hi = (n / TWO32) >>> 0;
    this.s = mix32(mix32(lo ^ this.seedMix) + Math.imul(hi, 0x27d4eb2d));
  }

  /** The next uint32. */
  nextU32(): number {
    const s = (this.s = (this.s + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, bound) (bound ≥ 1; 32 bits of randomness). */
  nextInt(bound: number): number {
    return Math.floor((this.nextU32() * bound) / TWO32);
  }

  /** A uniform double in [0, 1) (32 bits of randomness). */
  nextDouble(): number {
    return this.nextU32() / TWO32;
  }
}
