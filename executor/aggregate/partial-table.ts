/**
 * The local phase's per-minibatch table of group keys (two-phase aggregation): an open-addressing
 * hash table whose keys are rows of the input, hashed and compared in place on their key columns
 * (executor/row/row-equality.ts), so folding a row allocates nothing; only a key first seen in the
 * minibatch gets its accumulators. Entries keep insertion order: entry i is the key of row
 * `rows[i]` of `batches[i]` with accumulators `accs[i]`.
 */
import type { StateKey } from '../state/state-backend.ts';
import type { SqlType } from '../../common/types.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { SlotKind, headerSize, slotKind } from '../row/binary-row.ts';
import { makeRowEquality, makeRowHasher, type RowEquality, type RowHasher } from '../row/row-equality.ts';
import type { GroupAccs } from './compiled-call.ts';

/**
 * Key types whose bytes are not canonical: the row hasher leaves them out (equal values, different
 * bytes), so keys of only these would all collide; such keys use string keys instead.
 */
const NOT_HASHED = new Set(['numeric', 'interval', 'array', 'map', 'row']);

/** The entries of a minibatch's keys, in insertion order: entry i is `rows[i]` of `batches[i]`, with `accs[i]`. */
export interface KeyedPartials {
  readonly batches: readonly RowBatch[];
  readonly rows: readonly number[];
  readonly accs: readonly GroupAccs[];
  /** Entries (distinct keys) held. */
  readonly size: number;
  /** The entry index of the key the last `accsFor` call found or created. */
  readonly last: number;
  /** The accumulators of the key of `batch` row `r`, created when the key is new. */
  accsFor(batch: RowBatch, r: number): GroupAccs;
  /** Replaces entry `e`'s accumulators. */
  setAccs(e: number, accs: GroupAccs): void;
  /** Forgets every entry. */
  clear(): void;
}

/**
 * A table for rows of `types` keyed by columns `keys`: a PartialTable when every key column is
 * hashed in place, else one keyed by key strings (`keyOf`, executor/row/key-codec.ts).
 */
export function partialsTable(
  types: readonly SqlType[],
  keys: readonly number[],
  keyOf: (batch: RowBatch, row: number) => StateKey,
  create: () => GroupAccs,
): KeyedPartials {
  return keys.every((k) => !NOT_HASHED.has(types[k]!.id)) ? new PartialTable(types, keys, create) : new StringKeyedPartials(keyOf, create);
}

/** Group keys of one minibatch → GroupAccs, keyed by input rows in place. */
export class PartialTable implements KeyedPartials {
  /** Entry index + 1 per slot; 0 = empty. Length a power of two, at most half full. */
  private slots: Int32Array;
  private readonly hash: RowHasher;
  private readonly eq: RowEquality;
  private readonly hashes: number[] = [];
  /** Per entry: the batch and row holding its key, and its accumulators. */
  readonly batches: RowBatch[] = [];
  readonly rows: number[] = [];
  readonly accs: GroupAccs[] = [];
  /** The entry index of the key the last `accsFor` call found or created. */
  last = -1;

  /** Rows of `types` keyed by columns `keys` (no column of a NOT_HASHED type); `create` makes fresh accumulators. */
  constructor(
    types: readonly SqlType[],
    keys: readonly number[],
    private readonly create: () => GroupAccs,
  ) {
    this.hash = integerKeyHasher(types, keys) ?? makeRowHasher(types, keys);
    this.eq = makeRowEquality(types, keys);
    this.slots = new Int32Array(1024);
  }

  /** Entries (distinct keys) held. */
  get size(): number {
    return this.accs.length;
  }

  /** The accumulators of the key of `batch` row `r`, created when the key is new. */
  accsFor(batch: RowBatch, r: number): GroupAccs {
    const h = this.hash(batch, r);
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = slots[i]! - 1;
      if (e < 0) {
        const n = this.accs.length;
        this.last = n;
        slots[i] = n + 1;
        this.hashes.push(h);
        this.batches.push(batch);
        this.rows.push(r);
        const accs = this.create();
        this.accs.push(accs);
        if (2 * (n + 1) > slots.length) this.grow();
        return accs;
      }
      if (this.hashes[e] === h && this.eq(this.batches[e]!, this.rows[e]!, batch, r)) {
        this.last = e;
        return this.accs[e]!;
      }
    }
  }

  /** Replaces entry `e`'s accumulators. */
  setAccs(e: number, accs: GroupAccs): void {
    this.accs[e] = accs;
  }

  /** Forgets every entry. */
  clear(): void {
    if (this.accs.length === 0) return;
    this.slots.fill(0);
    this.hashes.length = 0;
    this.batches.length = 0;
    this.rows.length = 0;
    this.accs.length = 0;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const hashes = this.hashes;
    for (let e = 0; e < hashes.length; e++) {
      let i = hashes[e]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}

/** KeyedPartials over key strings (a Map from key to entry index), for keys the row hasher skips. */
class StringKeyedPartials implements KeyedPartials {
  private readonly index = new Map<StateKey, number>();
  readonly batches: RowBatch[] = [];
  readonly rows: number[] = [];
  readonly accs: GroupAccs[] = [];
  last = -1;

  constructor(
    private readonly keyOf: (batch: RowBatch, row: number) => StateKey,
    private readonly create: () => GroupAccs,
  ) {}

  get size(): number {
    return this.accs.length;
  }

  accsFor(batch: RowBatch, r: number): GroupAccs {
    const key = this.keyOf(batch, r);
    const e = this.index.get(key);
    if (e !== undefined) {
      this.last = e;
      return this.accs[e]!;
    }
    this.last = this.accs.length;
    this.index.set(key, this.accs.length);
    this.batches.push(batch);
    this.rows.push(r);
    const accs = this.create();
    this.accs.push(accs);
    return accs;
  }

  setAccs(e: number, accs: GroupAccs): void {
    this.accs[e] = accs;
  }

  clear(): void {
    this.index.clear();
    this.batches.length = 0;
    this.rows.length = 0;
    this.accs.length = 0;
  }
}

/**
 * A hash of integer key columns (int2/int4/date/int8/timestamp… slots) read as 32-bit words and
 * mixed a word at a time (cheaper than row-equality.ts's byte-wise hash; consistent with its
 * equality, which compares the same words); undefined when a key column is not an integer slot.
 */
function integerKeyHasher(types: readonly SqlType[], keys: readonly number[]): RowHasher | undefined {
  const kinds = keys.map((k) => slotKind(types[k]!));
  if (!kinds.every((k) => k === SlotKind.Int || k === SlotKind.Long)) return undefined;
  const h = headerSize(types.length);
  const parts = keys.map((f, i) => ({ so: h + 8 * f, long: kinds[i] === SlotKind.Long, nb: 1 + (f >> 3), mask: 1 << (f & 7) }));
  return (b, r) => {
    const s = b.offsets[r]!;
    const view = b.view;
    let x = 0x811c9dc5;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if ((b.bytes[s + p.nb]! & p.mask) !== 0) {
        x = Math.imul(x ^ 0x5bd1e995, 0x01000193);
        continue;
      }
      x = Math.imul(x ^ view.getInt32(s + p.so, true), 0xcc9e2d51);
      if (p.long) x = Math.imul(x ^ view.getInt32(s + p.so + 4, true), 0x1b873593);
      x ^= x >>> 15;
    }
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    return (x ^ (x >>> 13)) >>> 0;
  };
}
