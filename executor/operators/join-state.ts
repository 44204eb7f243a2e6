/**
 * The rows one side of a streaming join holds under one join key, packed (the state value of
 * join.ts): one growable byte buffer with the rows back to back (each row's bytes as in a RowBatch,
 * RowKind +I), an Int32Array of row starts, and per slot, only where the side's layout needs them,
 * a copy count, a hash of the row's identity columns and an association count. A handful of objects
 * per join key however many rows it holds: no object, key string or RowBatch per row.
 *
 * The layout of a side follows what its input guarantees, as Flink's JoinInputSideSpec and
 * JoinRecordStateViews choose a state view per input (facts read from Flink; the packing is Strom's):
 * - `append`: an insert-only input. Rows are appended and never removed; duplicates are separate
 *   slots, so nothing is looked up on insert (no count, no hash).
 * - `unique`: an updating input with an upsert key (Flink's InputSideHasUniqueKey, or
 *   JoinKeyContainsUniqueKey when the key lies within the join key: then a join key holds at most
 *   one row). A row is found by its key columns; counts are 0 (removed) or 1.
 * - `multiset`: any other input (Flink's InputSideHasNoUniqueKey): equal rows share a slot and
 *   count their copies; a row is found by a hash of all its columns and in-place equality.
 * Hashed layouts look rows up by scanning the key's slots, or through an open-addressing index of
 * slots by hash once the key holds INDEX_FROM slots. Removed slots stay in the buffer (count 0)
 * until `compactIfWasteful` rewrites it into new buffers, so a RowBatch view taken before stays
 * readable. The arrays come from the operator's StateArena (executor/state/arena.ts); outgrown ones
 * return to it and are reused only after the operator recycles it at the end of a batch.
 */
import type { SqlType } from '../../common/types.ts';
import { RowBatch } from '../row/binary-row.ts';
import type { RowEquality, RowHasher } from '../row/row-equality.ts';
import type { StateArena } from '../state/arena.ts';
import { regionBytes } from '../state/arena.ts';

/** How one side keeps its rows; see the file comment. */
export type JoinSideLayout =
  | { readonly kind: 'append' }
  | { readonly kind: 'unique'; readonly key: readonly number[]; readonly inJoinKey: boolean }
  | { readonly kind: 'multiset' };

/**
 * One join key's rows of one side. Plain data (what snapshots serialize and `approximateBytes`
 * counts: the typed arrays by their byteLength, i.e. their capacity).
 */
export interface JoinRows {
  /** Row bytes, back to back; `used` bytes in use. */
  bytes: Uint8Array;
  used: number;
  /** Slot → start of its row in `bytes`; starts[slots] = used (RowBatch offsets). */
  starts: Int32Array;
  slots: number;
  /** Slots not removed. */
  live: number;
  /** Bytes of removed slots. */
  dead: number;
  /** Copies per slot, 0 when removed (null for `append`: every slot is one live copy). */
  counts: Int32Array | null;
  /** Hash of each slot's identity columns (null for `append` and a `unique` key within the join key). */
  hashes: Int32Array | null;
  /** Rows of the other side each slot matches, counted with multiplicity (null unless the side needs it). */
  assoc: Int32Array | null;
  /**
   * With hashes, once the key holds INDEX_FROM slots: an open-addressing table (linear probing, a
   * power of two long, at most half full) of slot + 1 by hash, 0 empty; removed slots stay in it
   * until compaction rebuilds it. Else null, and lookups scan the slots.
   */
  index: Int32Array | null;
}

/** Slots of one join key from which a hashed layout keeps an index instead of scanning. */
export const INDEX_FROM = 16;

/** What a side's rows need per slot, fixed for the operator's lifetime. */
export interface JoinRowsShape {
  readonly counted: boolean;
  readonly hashed: boolean;
  readonly assoc: boolean;
}

/** The per-slot arrays a layout needs; `assoc` for outer sides and the left side of semi/anti joins. */
export function shapeOf(layout: JoinSideLayout, assoc: boolean): JoinRowsShape {
  switch (layout.kind) {
    case 'append':
      return { counted: false, hashed: false, assoc };
    case 'unique':
      return { counted: true, hashed: !layout.inJoinKey, assoc };
    case 'multiset':
      return { counted: true, hashed: true, assoc };
  }
}

/** An empty holder sized for one row of `rowBytes` bytes, its arrays from `arena`. */
export function emptyJoinRows(shape: JoinRowsShape, rowBytes: number, arena: StateArena): JoinRows {
  return {
    bytes: arena.bytes(regionBytes(rowBytes)),
    used: 0,
    starts: arena.int32(2),
    slots: 0,
    live: 0,
    dead: 0,
    counts: shape.counted ? arena.int32(1) : null,
    hashes: shape.hashed ? arena.int32(1) : null,
    assoc: shape.assoc ? arena.int32(1) : null,
    index: null,
  };
}

/** A RowBatch whose row i is slot i of `p` (valid until `p` grows or is compacted; removed slots included). */
export function joinRowsView(p: JoinRows, types: readonly SqlType[]): RowBatch {
  return new RowBatch(types, p.bytes, p.starts, p.slots);
}

/** Copies (the multiplicity) of slot `slot`: its count, or 1 for `append`. */
export function copiesOf(p: JoinRows, slot: number): number {
  return p.counts === null ? 1 : p.counts[slot]!;
}

/**
 * Appends row r of `batch` as a new live slot with one copy, the given identity hash and
 * association count; returns the slot. The byte buffer grows by half, the per-slot arrays double;
 * outgrown arrays go back to `arena` (reusable after its next recycle).
 */
export function appendJoinRow(p: JoinRows, batch: RowBatch, r: number, hash: number, assoc: number, arena: StateArena): number {
  const from = batch.offsets[r]!;
  const len = batch.offsets[r + 1]! - from;
  if (p.used + len > p.bytes.length) {
    // Grow by half (not double): fewer idle bytes per key, for a few more copies.
    let cap = Math.max(p.bytes.length + (p.bytes.length >> 1), 16);
    while (cap < p.used + len) cap += cap >> 1;
    const nb = arena.bytes(regionBytes(cap));
    nb.set(p.bytes.subarray(0, p.used));
    arena.free(p.bytes);
    p.bytes = nb;
  }
  const slot = p.slots;
  if (slot + 1 >= p.starts.length) growSlots(p, slot * 2 + 1, arena);
  const to = p.bytes;
  const src = batch.bytes;
  const at = p.used;
  if (len > 48) to.set(src.subarray(from, from + len), at);
  else for (let i = 0; i < len; i++) to[at + i] = src[from + i]!;
  to[at] = 0;
  p.starts[slot] = at;
  p.used = at + len;
  p.starts[slot + 1] = p.used;
  p.slots = slot + 1;
  p.live++;
  if (p.counts !== null) p.counts[slot] = 1;
  if (p.assoc !== null) p.assoc[slot] = assoc;
  if (p.hashes !== null) {
    p.hashes[slot] = hash;
    if (p.index !== null && 2 * p.slots <= p.index.length) indexSlot(p.index, hash, slot);
    else if (p.slots >= INDEX_FROM) rebuildIndex(p, arena);
  }
  return slot;
}

/** Enters `slot` (hash `hash`) into an index with room. */
function indexSlot(index: Int32Array, hash: number, slot: number): void {
  const mask = index.length - 1;
  let i = hash & mask;
  while (index[i] !== 0) i = (i + 1) & mask;
  index[i] = slot + 1;
}

/** Builds the index of `p`'s slots (live and removed) at most half full, or drops it below INDEX_FROM slots. */
function rebuildIndex(p: JoinRows, arena: StateArena): void {
  if (p.index !== null) arena.free(p.index);
  if (p.slots < INDEX_FROM) {
    p.index = null;
    return;
  }
  let size = 32;
  while (size < 2 * p.slots + 2) size *= 2;
  const index = arena.int32(size);
  const hashes = p.hashes!;
  for (let s = 0; s < p.slots; s++) indexSlot(index, hashes[s]!, s);
  p.index = index;
}

/** Grows the per-slot arrays to hold `capacity` slots. */
function growSlots(p: JoinRows, capacity: number, arena: StateArena): void {
  const ns = arena.int32(capacity + 1);
  ns.set(p.starts.subarray(0, p.slots + 1));
  arena.free(p.starts);
  p.starts = ns;
  p.counts = grow(p.counts, capacity, arena);
  p.hashes = grow(p.hashes, capacity, arena);
  p.assoc = grow(p.assoc, capacity, arena);
}

function grow(a: Int32Array | null, capacity: number, arena: StateArena): Int32Array | null {
  if (a === null) return null;
  const n = arena.int32(capacity);
  n.set(a.subarray(0, Math.min(a.length, capacity)));
  arena.free(a);
  return n;
}

/** Gives all of `p`'s arrays back to `arena` (the key left the state). */
export function freeJoinRows(p: JoinRows, arena: StateArena): void {
  arena.free(p.bytes);
  arena.free(p.starts);
  if (p.counts !== null) arena.free(p.counts);
  if (p.hashes !== null) arena.free(p.hashes);
  if (p.assoc !== null) arena.free(p.assoc);
  if (p.index !== null) arena.free(p.index);
}

/**
 * The live slot of `p` equal to row r of `batch` by `eq` (its identity columns), whose stored hash
 * is `hash`; -1 when none. With no hashes (a unique key within the join key) the first live slot.
 * Through the index when the key has one, else linear in the slots of the join key.
 */
export function findJoinRow(p: JoinRows, view: RowBatch, eq: RowEquality, batch: RowBatch, r: number, hash: number): number {
  const counts = p.counts!;
  const hashes = p.hashes;
  const h = hash | 0; // as stored in an Int32Array
  const index = p.index;
  if (index !== null) {
    const mask = index.length - 1;
    for (let i = h & mask; index[i] !== 0; i = (i + 1) & mask) {
      const s = index[i]! - 1;
      if (counts[s] !== 0 && hashes![s] === h && eq(view, s, batch, r)) return s;
    }
    return -1;
  }
  for (let s = 0; s < p.slots; s++) {
    if (counts[s] === 0) continue;
    if (hashes === null) return s;
    if (hashes[s] === h && eq(view, s, batch, r)) return s;
  }
  return -1;
}

/** Marks a live slot removed (its bytes stay until compaction). */
export function removeJoinRow(p: JoinRows, slot: number): void {
  p.counts![slot] = 0;
  p.live--;
  p.dead += p.starts[slot + 1]! - p.starts[slot]!;
}

/**
 * Rewrites `p` with its live slots only, into new arrays from `arena` (the old ones go back to it, so
 * views taken before stay valid until its next recycle), once removed rows hold at least as many bytes
 * as live ones. Slots are renumbered.
 */
export function compactIfWasteful(p: JoinRows, arena: StateArena): void {
  if (p.dead < p.used - p.dead || p.slots < 4) return;
  const counts = p.counts!;
  const live = p.used - p.dead;
  const bytes = arena.bytes(regionBytes(Math.max(16, live + (live >> 1))));
  const cap = Math.max(1, p.live + (p.live >> 1));
  const starts = arena.int32(cap + 1);
  const nc = arena.int32(cap);
  const nh = p.hashes === null ? null : arena.int32(cap);
  const na = p.assoc === null ? null : arena.int32(cap);
  let at = 0;
  let k = 0;
  for (let s = 0; s < p.slots; s++) {
    if (counts[s] === 0) continue;
    const from = p.starts[s]!;
    const len = p.starts[s + 1]! - from;
    bytes.set(p.bytes.subarray(from, from + len), at);
    starts[k] = at;
    nc[k] = counts[s]!;
    if (nh !== null) nh[k] = p.hashes![s]!;
    if (na !== null) na[k] = p.assoc![s]!;
    at += len;
    k++;
  }
  starts[k] = at;
  const index = p.index;
  p.index = null;
  freeJoinRows(p, arena);
  p.index = index;
  p.bytes = bytes;
  p.used = at;
  p.starts = starts;
  p.slots = k;
  p.dead = 0;
  p.counts = nc;
  p.hashes = nh;
  p.assoc = na;
  if (nh !== null) rebuildIndex(p, arena);
}

