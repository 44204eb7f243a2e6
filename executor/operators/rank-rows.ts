/**
 * The rows of one TopN partition, packed (the state value of top-n.ts and update-fast-top-n.ts): one
 * growable byte buffer holding the rows back to back in arrival order (each row's bytes as in a
 * RowBatch, RowKind +I), a slot table of row starts, and the held slots in rank order. A row that
 * leaves the partition only leaves `order`; its bytes stay until the partition is compacted (when
 * they outweigh half the held bytes), so the slots a batch saw at its start stay readable until the
 * batch's changes are emitted. `view` is a RowBatch over the buffer whose row i is slot i, so the
 * ordinary comparators and `RowBatchBuilder.copyRow` read stored rows in place. Per partition this
 * is a handful of objects, however many rows it holds (Flink's TopN functions keep a sorted map of
 * row lists per key; the packing is Strom's, for the JavaScript heap). The arrays come from the
 * operator's StateArena (executor/state/arena.ts); outgrown ones return to it.
 */
import type { SqlType } from '../../common/types.ts';
import { RowBatch } from '../row/binary-row.ts';
import type { StateArena } from '../state/arena.ts';

/**
 * A partition's rows: see the file comment. Plain data (what snapshots serialize and state size
 * estimates count) apart from `view`, a non-enumerable cache that `viewOf` rebuilds.
 */
export interface RankRows {
  bytes: Uint8Array;
  /** Bytes used in `bytes`. */
  used: number;
  /** Slot → start of its row; starts[slots] = used (RowBatch offsets). */
  starts: Int32Array;
  slots: number;
  /** Bytes of rows no longer held. */
  dead: number;
  /** Held slots in rank order; the first `size` entries are used. */
  order: Int32Array;
  size: number;
  view: RowBatch;
}

/** A row comparator (key-codec.ts makeRowComparator). */
export type RowCmp = (a: RowBatch, ar: number, b: RowBatch, br: number) => number;

/** An empty partition for rows of `types`, sized for rows of about `rowBytes` bytes, its arrays from `arena`. */
export function emptyRankRows(types: readonly SqlType[], rowBytes: number, arena: StateArena): RankRows {
  const p = { bytes: arena.bytes(Math.max(64, rowBytes * 4)), used: 0, starts: arena.int32(5), slots: 0, dead: 0, order: arena.int32(4), size: 0 } as RankRows;
  viewOf(p, types);
  return p;
}

/** The RowBatch over `p`'s rows (rebuilt after a buffer grew, or after a restore made it plain data). */
export function viewOf(p: RankRows, types: readonly SqlType[]): RowBatch {
  const v = p.view as RowBatch | undefined;
  if (v !== undefined && v.bytes === p.bytes && v.offsets === p.starts) return v;
  const view = new RowBatch(types, p.bytes, p.starts, p.starts.length - 1);
  if (v === undefined) Object.defineProperty(p, 'view', { value: view, writable: true, enumerable: false });
  else p.view = view;
  return view;
}

/**
 * Drops `p`'s cached view (a RowBatch and its DataView) when the partition goes back to state between
 * batches: a partition at rest is then four heap objects, not six, for the GC to mark; `viewOf`
 * rebuilds the view when a batch touches the partition again.
 */
export function dropView(p: RankRows): void {
  if ((p.view as RowBatch | undefined) !== undefined) p.view = undefined as unknown as RowBatch;
}

/**
 * Appends row r of `batch` as a new slot (not yet held: see `insertAt`); returns the slot. Outgrown
 * arrays go back to `arena`, reusable after its next recycle (so views taken in this batch stay readable).
 */
export function appendRow(p: RankRows, types: readonly SqlType[], batch: RowBatch, r: number, arena: StateArena): number {
  const from = batch.offsets[r]!;
  const len = batch.offsets[r + 1]! - from;
  let grown = false;
  if (p.used + len > p.bytes.length) {
    let cap = p.bytes.length * 2;
    while (cap < p.used + len) cap *= 2;
    const nb = arena.bytes(cap);
    nb.set(p.bytes.subarray(0, p.used));
    arena.free(p.bytes);
    p.bytes = nb;
    grown = true;
  }
  if (p.slots + 2 > p.starts.length) {
    const ns = arena.int32(p.starts.length * 2);
    ns.set(p.starts.subarray(0, p.slots + 1));
    arena.free(p.starts);
    p.starts = ns;
    grown = true;
  }
  copyBytes(batch.bytes, from, len, p.bytes, p.used);
  p.bytes[p.used] = 0;
  const slot = p.slots++;
  p.starts[slot] = p.used;
  p.used += len;
  p.starts[slot + 1] = p.used;
  if (grown) viewOf(p, types);
  return slot;
}

/** Copies `len` bytes; a loop beats a subarray view plus a native copy only for short rows (up to 64 bytes: q19's ~150-byte bid rows copy 16 % faster natively, 3 M events at P1). */
function copyBytes(from: Uint8Array, at: number, len: number, to: Uint8Array, dest: number): void {
  if (len > 64) to.set(from.subarray(at, at + len), dest);
  else for (let i = 0; i < len; i++) to[dest + i] = from[at + i]!;
}

/** Holds `slot` at rank position `pos` (0-based), shifting the rows after it down; a full `order` grows from `arena`. */
export function insertAt(p: RankRows, pos: number, slot: number, arena: StateArena): void {
  if (p.size === p.order.length) {
    const no = arena.int32(p.order.length * 2);
    no.set(p.order);
    arena.free(p.order);
    p.order = no;
  }
  // Loops, not copyWithin: `order` sits in the arena's shared memory, where copyWithin is slow (executor/state/arena.ts).
  const order = p.order;
  for (let i = p.size; i > pos; i--) order[i] = order[i - 1]!;
  order[pos] = slot;
  p.size++;
}

/** Stops holding the row at rank position `pos`. */
export function removeAt(p: RankRows, pos: number): void {
  const slot = p.order[pos]!;
  p.dead += p.starts[slot + 1]! - p.starts[slot]!;
  const order = p.order;
  const last = p.size - 1;
  for (let i = pos; i < last; i++) order[i] = order[i + 1]!;
  p.size--;
}

/** Keeps the first `n` held rows. */
export function truncate(p: RankRows, n: number): void {
  for (let i = n; i < p.size; i++) {
    const slot = p.order[i]!;
    p.dead += p.starts[slot + 1]! - p.starts[slot]!;
  }
  p.size = Math.min(p.size, n);
}

/** The first rank position whose row sorts after row r of `batch` (`after`) or not before it. */
export function searchRank(p: RankRows, cmp: RowCmp, batch: RowBatch, r: number, after: boolean): number {
  const v = p.view;
  const o = p.order;
  let lo = 0;
  let hi = p.size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = cmp(v, o[mid]!, batch, r);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where compaction assembles the held rows and their starts before copying them back (one thread). */
let scratch = new Uint8Array(1 << 16);
let scratchStarts = new Int32Array(1024);

/**
 * Rewrites the buffer with the held rows only, in rank order, once the bytes of rows no longer held
 * reach half the held ones: in place when the buffer holds 1.5 to 3 times what is held (a steady
 * top keeps its buffers), else into a new one of 1.5 times from `arena` (the old one goes back to it).
 * Slots change: call between batches only.
 */
export function compactIfWasteful(p: RankRows, types: readonly SqlType[], arena: StateArena): void {
  const live = p.used - p.dead;
  if (p.dead * 2 < live && p.slots <= 2 * p.size + 4) return;
  if (scratch.length < live) scratch = new Uint8Array(Math.max(live, scratch.length * 2));
  if (scratchStarts.length <= p.size) scratchStarts = new Int32Array(Math.max(p.size + 1, scratchStarts.length * 2));
  let at = 0;
  for (let i = 0; i < p.size; i++) {
    const s = p.order[i]!;
    const from = p.starts[s]!;
    const len = p.starts[s + 1]! - from;
    copyBytes(p.bytes, from, len, scratch, at);
    scratchStarts[i] = at;
    at += len;
    p.order[i] = i;
  }
  scratchStarts[p.size] = at;
  const room = Math.max(64, live + (live >> 1));
  if (p.bytes.length < room || p.bytes.length > 2 * room) {
    arena.free(p.bytes);
    p.bytes = arena.bytes(room);
  }
  copyBytes(scratch, 0, at, p.bytes, 0);
  const slotRoom = 2 * p.size + 2;
  if (p.starts.length < slotRoom || p.starts.length > 4 * slotRoom) {
    arena.free(p.starts);
    p.starts = arena.int32(slotRoom);
  }
  p.starts.set(scratchStarts.subarray(0, p.size + 1));
  p.used = at;
  p.slots = p.size;
  p.dead = 0;
  viewOf(p, types);
}

/** Gives a partition's arrays back to `arena` (the partition left the state). */
export function freeRankRows(p: RankRows, arena: StateArena): void {
  arena.free(p.bytes);
  arena.free(p.starts);
  arena.free(p.order);
}
