/**
 * Hash partitioning of binary-row batches for the exchange in front of a keyed operator (Flink's
 * KeyGroupStreamPartitioner, without key groups: the channel is hash(key) mod N). The key is the
 * binary key of the partition columns (executor/row/key-codec.ts), so equal SQL values go to the same
 * channel; int/long columns (one or several) are hashed from their 64-bit values without building a
 * string, so an int4 and an int8 join key of the same value meet. No key columns (a global
 * aggregate, a keyless join, a global TopN): every row goes to channel 0, as Flink's singleton exchange.
 */
import type { SqlType } from '../../common/types.ts';
import { RowBatch } from '../../executor/row/binary-row.ts';
import { intKeySlot, intKeySlots, makeKeyEncoder } from '../../executor/row/key-codec.ts';
import type { IntKeySlot } from '../../executor/row/key-codec.ts';

/** A function giving the channel (0 … channels-1) of row r of a batch. */
export type ChannelOf = (batch: RowBatch, row: number) => number;

/** The murmur3 32-bit finalizer: spreads the bits of a 32-bit integer. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over the char codes of a latin1 key string, finalized with mix32. */
export function hashKeyString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** Hash of a 64-bit integer given as its low (unsigned) and high (signed) 32-bit halves. */
export function hashInt64(lo: number, hi: number): number {
  return mix32(mix32(lo) ^ Math.imul(hi, 0x9e3779b1));
}

/** Hash of the int/long field at `at` of the row starting at byte `s` (its value as 64 bits; an int4 and an int8 of one value hash alike). */
function hashIntField(b: RowBatch, s: number, at: IntKeySlot): number {
  const p = s + at.slot;
  const lo = at.long ? b.view.getUint32(p, true) : b.view.getInt32(p, true) >>> 0;
  const hi = at.long ? b.view.getInt32(p + 4, true) : b.view.getInt32(p, true) < 0 ? -1 : 0;
  return hashInt64(lo, hi);
}

/** The channel function for rows of `types` partitioned on `fields` over `channels` channels. */
export function makeChannelOf(types: readonly SqlType[], fields: readonly number[], channels: number): ChannelOf {
  if (fields.length === 0 || channels === 1) return () => 0;
  const at = intKeySlot(types, fields);
  if (at !== undefined) {
    return (b, r) => {
      const s = b.offsets[r]!;
      return b.bytes[s + at.nullByte]! & at.nullMask ? 0 : hashIntField(b, s, at) % channels;
    };
  }
  const slots = intKeySlots(types, fields);
  if (slots !== undefined) {
    // Several int/long fields: each one hashed as above (NULL as 0x9e3779b9), combined; no string per row.
    return (b, r) => {
      const s = b.offsets[r]!;
      let h = 0;
      for (let i = 0; i < slots.length; i++) {
        const f = slots[i]!;
        h = mix32(Math.imul(h, 31) ^ (b.bytes[s + f.nullByte]! & f.nullMask ? 0x9e3779b9 : hashIntField(b, s, f)));
      }
      return h % channels;
    };
  }
  const key = makeKeyEncoder(types, fields);
  return (b, r) => hashKeyString(key(b, r)) % channels;
}

/** Rows shorter than this many bytes are copied word by word (cheaper than a subarray and a `set`). */
const SHORT_ROW = 96;

/**
 * Splits batches by channel: `split(batch)` returns one batch per channel (undefined where no row
 * goes), rows in their input order, bytes copied as they are (no decoding). A first pass finds each
 * row's channel and sizes every part; a second copies each row once into its part's exact-size
 * buffers, so a part owns its buffers and crosses threads without another copy (protocol.ts toWire).
 * When every row goes to one channel, that channel gets `batch` itself (the caller copies it before
 * transferring: its buffers may be shared).
 */
export class Partitioner {
  /** The channel of each row of the batch being split. */
  private channelOfRow = new Uint8Array(4096);
  private readonly rows: Int32Array;
  private readonly bytes: Int32Array;
  constructor(
    _types: readonly SqlType[],
    private readonly channelOf: ChannelOf,
    readonly channels: number,
  ) {
    if (channels > 256) throw new RangeError(`at most 256 channels, got ${channels}`);
    this.rows = new Int32Array(channels);
    this.bytes = new Int32Array(channels);
  }

  split(batch: RowBatch): (RowBatch | undefined)[] {
    const nc = this.channels;
    const out = new Array<RowBatch | undefined>(nc);
    if (nc === 1) {
      out[0] = batch;
      return out;
    }
    const count = batch.count;
    if (this.channelOfRow.length < count) this.channelOfRow = new Uint8Array(count * 2);
    const chOf = this.channelOfRow;
    const rows = this.rows.fill(0);
    const bytes = this.bytes.fill(0);
    const so = batch.offsets;
    const ch = this.channelOf;
    for (let r = 0; r < count; r++) {
      const c = ch(batch, r);
      chOf[r] = c;
      rows[c]!++;
      bytes[c]! += so[r + 1]! - so[r]!;
    }
    for (let c = 0; c < nc; c++) {
      if (rows[c] === count) {
        out[c] = batch;
        return out;
      }
    }
    const partBytes: Uint8Array[] = new Array<Uint8Array>(nc);
    const partWords: Int32Array[] = new Array<Int32Array>(nc);
    const partOffsets: Int32Array[] = new Array<Int32Array>(nc);
    const cursor = new Int32Array(nc);
    const filled = new Int32Array(nc);
    for (let c = 0; c < nc; c++) {
      const buf = new ArrayBuffer(rows[c]! > 0 ? (bytes[c]! + 3) & ~3 : 0);
      partBytes[c] = new Uint8Array(buf, 0, rows[c]! > 0 ? bytes[c]! : 0);
      partWords[c] = new Int32Array(buf);
      partOffsets[c] = new Int32Array(rows[c]! + 1);
      // The parts are built before their rows are copied in, so that the copy loop ends the function:
      // V8 optimizes a long first call in that loop (on-stack replacement), and code after the loop
      // that had not yet run would deoptimize it and have it compiled again, once per worker.
      if (rows[c]! > 0) out[c] = new RowBatch(batch.types, partBytes[c]!, partOffsets[c]!, rows[c]!);
    }
    const src = batch.bytes;
    // Rows are 8-byte aligned and padded (RowBatchBuilder.endRow), so most copy as 32-bit words.
    const words = (src.byteOffset & 3) === 0 ? new Int32Array(src.buffer, src.byteOffset, src.byteLength >> 2) : undefined;
    for (let r = 0; r < count; r++) {
      const c = chOf[r]!;
      const start = so[r]!;
      const end = so[r + 1]!;
      const at = cursor[c]!;
      const len = end - start;
      if (words !== undefined && ((start | len | at) & 3) === 0 && len < SHORT_ROW) {
        const to = partWords[c]!;
        const w = at >> 2;
        const f = start >> 2;
        for (let i = 0, n = len >> 2; i < n; i++) to[w + i] = words[f + i]!;
      } else if (len < 16) {
        const to = partBytes[c]!;
        for (let i = 0; i < len; i++) to[at + i] = src[start + i]!;
      } else {
        partBytes[c]!.set(src.subarray(start, end), at);
      }
      cursor[c] = at + len;
      partOffsets[c]![++filled[c]!] = at + len;
    }
    return out;
  }
}
