/**
 * StateArena: the typed arrays of per-key operator state (a join key's packed rows, a TopN
 * partition, a deduplicated row) carved out of shared slabs instead of each owning an ArrayBuffer.
 *
 * Why: V8 tracks every ArrayBuffer with an external backing store and visits the list of them at
 * every garbage collection (its ArrayBufferSweeper), and frees the dead ones one by one; a million
 * keys each owning a few buffers made the GC helper threads spend as long as the operator itself
 * (q20, 3 M events: 2.8 s of helper CPU beside 4.8 s on the main thread). Views into 256 KiB slabs
 * are ordinary heap objects: the slabs are the only buffers V8 tracks.
 *
 * Slabs are SharedArrayBuffers, though no other thread sees them: V8 counts an ArrayBuffer's bytes
 * as the isolate's external memory and starts a full marking of the heap each time that grows by
 * 64 MiB since the last one ("external memory pressure", `--trace-incremental-marking`), while a
 * SharedArrayBuffer's bytes are not counted (`process.memoryUsage().external` leaves them out). A
 * state growing to 2 GB (q19, 10 M events) started 34 markings of its ever larger heap, which cost
 * the GC helper threads 4 s of CPU beside the operator's 10 s, and at parallelism 2 took that CPU
 * from the other worker. The price: `fill` and `copyWithin` over shared memory take V8's slow
 * element-by-element path, so this file and rank-rows.ts zero and shift with loops; and a finished
 * operator's slabs are freed only at the next full collection, which their bytes no longer bring on.
 *
 * Regions come in size classes (multiples of 8 bytes, each about 1.25 to 1.5 times the last, so a
 * region wastes at most a third); a freed region goes back to its class and is reused. Requests
 * above MAX_CLASS_BYTES get a buffer of their own, which `free` leaves to the GC.
 *
 * Freeing is deferred: `free` parks a region until `recycle`, which an operator calls when the
 * batch being processed has been emitted, so that views taken during the batch (a RowBatch over a
 * partition's rows before it grew) stay readable until then, as with separately allocated buffers.
 *
 * One arena per operator instance (its state dies with it); not shared between threads. Slabs are
 * never returned while the operator lives, as a malloc arena keeps its pages: the arena's footprint
 * is its peak. Views survive `v8.serialize` (snapshots), which copies each view's own bytes; views
 * restored from a snapshot sit in an ordinary ArrayBuffer, which `free` leaves to the GC.
 */

/** Bytes of one slab. */
export const SLAB_BYTES = 256 * 1024;

/** Largest region carved from a slab; larger requests get their own ArrayBuffer. */
export const MAX_CLASS_BYTES = 16 * 1024;

/** Class sizes in bytes: 8, 16, 24, 32, 48, 64, 80, 96, 128, 160, 192, 256, … (×1.25 / ×1.2 / ×1.33 steps). */
const CLASS_SIZES: readonly number[] = (() => {
  const sizes = [8, 16, 24, 32, 48];
  for (let base = 64; base <= MAX_CLASS_BYTES; base *= 2) {
    sizes.push(base);
    if (base < MAX_CLASS_BYTES) sizes.push(base + base / 4, base + base / 2);
  }
  return sizes;
})();

/** Class index by ⌈bytes / 8⌉, for requests up to MAX_CLASS_BYTES. */
const CLASS_OF_UNITS: Uint8Array = (() => {
  const t = new Uint8Array(MAX_CLASS_BYTES / 8 + 1);
  let c = 0;
  for (let u = 0; u < t.length; u++) {
    while (CLASS_SIZES[c]! < u * 8) c++;
    t[u] = c;
  }
  return t;
})();

/** Region size (bytes) a request of `bytes` occupies: its class size, or itself rounded to 8 above MAX_CLASS_BYTES. */
export function regionBytes(bytes: number): number {
  if (bytes > MAX_CLASS_BYTES) return (bytes + 7) & ~7;
  return CLASS_SIZES[CLASS_OF_UNITS[(bytes + 7) >>> 3]!]!;
}

/**
 * See the file comment. `pooled` false (an operator over a StateBackend that expires entries, whose
 * arrays are never freed) makes it a plain allocator: every array gets its own buffer, `free` does nothing.
 */
export class StateArena {
  constructor(private readonly pooled = true) {}

  /** The slab being carved (none until the first request: `slabUsed` full). */
  private slab = new SharedArrayBuffer(0);
  private slabUsed = SLAB_BYTES;
  private slabs = 0;
  /** Per class: free regions as (buffer, byte offset) pairs. */
  private readonly freeBuf: SharedArrayBuffer[][] = CLASS_SIZES.map(() => []);
  private readonly freeOff: number[][] = CLASS_SIZES.map(() => []);
  /** Regions freed since the last `recycle`, with their class. */
  private pendingBuf: SharedArrayBuffer[] = [];
  private pendingOff: number[] = [];
  private pendingClass: number[] = [];
  /** Where `take` put the region it found. */
  private takenBuf: SharedArrayBuffer = this.slab;
  private takenOff = 0;

  /**
   * A zeroed Uint8Array of exactly `length` bytes (its region is `regionBytes(length)`; callers that
   * grow buffers can ask for `regionBytes(n)` to use the whole region). RangeError if `length` < 0.
   */
  bytes(length: number): Uint8Array {
    if (length > MAX_CLASS_BYTES || !this.pooled) return new Uint8Array(length);
    this.take(length);
    return new Uint8Array(this.takenBuf, this.takenOff, length);
  }

  /** A zeroed Int32Array of exactly `length` elements, 8-byte aligned, as `bytes`. */
  int32(length: number): Int32Array {
    const n = length * 4;
    if (n > MAX_CLASS_BYTES || !this.pooled) return new Int32Array(length);
    this.take(n);
    return new Int32Array(this.takenBuf, this.takenOff, length);
  }

  /**
   * Returns an array obtained from `bytes` or `int32` of this arena; its region is reused after the
   * next `recycle`. Arrays with a buffer of their own (large requests, rows restored from a snapshot)
   * are left to the GC. The caller must not use the array afterwards.
   */
  free(a: Uint8Array | Int32Array): void {
    const n = a.byteLength;
    const buf = a.buffer;
    if (n > MAX_CLASS_BYTES || buf.byteLength !== SLAB_BYTES || !(buf instanceof SharedArrayBuffer)) return;
    this.pendingBuf.push(buf);
    this.pendingOff.push(a.byteOffset);
    this.pendingClass.push(CLASS_OF_UNITS[(n + 7) >>> 3]!);
  }

  /** Makes the regions freed so far reusable (call when no view taken before can still be read). */
  recycle(): void {
    const n = this.pendingBuf.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const c = this.pendingClass[i]!;
      this.freeBuf[c]!.push(this.pendingBuf[i]!);
      this.freeOff[c]!.push(this.pendingOff[i]!);
    }
    this.pendingBuf = [];
    this.pendingOff = [];
    this.pendingClass = [];
  }

  /** Bytes of slabs held (the arena's footprint apart from large arrays). */
  get slabBytes(): number {
    return this.slabs * SLAB_BYTES;
  }

  /** Finds a zeroed region for `bytes` (≤ MAX_CLASS_BYTES), a freed one of its class else carved from the slab, into takenBuf/takenOff. */
  private take(bytes: number): void {
    const c = CLASS_OF_UNITS[(bytes + 7) >>> 3]!;
    const size = CLASS_SIZES[c]!;
    const fb = this.freeBuf[c]!;
    if (fb.length > 0) {
      const buf = fb.pop()!;
      const off = this.freeOff[c]!.pop()!;
      // A loop: TypedArray#fill over shared memory stores element by element in C++ (see the file comment).
      const words = new Float64Array(buf, off, size >>> 3);
      for (let i = 0; i < words.length; i++) words[i] = 0;
      this.takenBuf = buf;
      this.takenOff = off;
      return;
    }
    if (this.slabUsed + size > SLAB_BYTES) {
      this.slab = new SharedArrayBuffer(SLAB_BYTES);
      this.slabUsed = 0;
      this.slabs++;
    }
    this.takenBuf = this.slab;
    this.takenOff = this.slabUsed;
    this.slabUsed += size;
  }
}
