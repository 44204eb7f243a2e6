/**
 * Hash partitioning of binary-row batches for the exchange in front of a keyed operator (Flink's
 * KeyGroupStreamPartitioner, without key groups: the channel is hash(key) mod N). The key is the
 * binary key of the partition columns (executor/row/key-codec.ts), so equal SQL values go to the same
 * channel; a single int/long column is hashed from its 64-bit value without building a string, so an
 * int4 and an int8 join key of the same value meet. No key columns (a global aggregate, a keyless
 * join, a global TopN): every row goes to channel 0, as Flink's singleton exchange.
 */
import type { SqlType } from '../../common/types.ts';
import { RowBatchBuilder, SlotKind, headerSize, slotKind } from '../../executor/row/binary-row.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import { makeKeyEncoder } from '../../executor/row/key-codec.ts';

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

/** The channel function for rows of `types` partitioned on `fields` over `channels` channels. */
export function makeChannelOf(types: readonly SqlType[], fields: readonly number[], channels: number): ChannelOf {
  if (fields.length === 0 || channels === 1) return () => 0;
  if (fields.length === 1) {
    const f = fields[0]!;
    const kind = slotKind(types[f]!);
    if (kind === SlotKind.Int || kind === SlotKind.Long) {
      const so = headerSize(types.length) + 8 * f;
      const nb = 1 + (f >> 3);
      const mask = 1 << (f & 7);
      const long = kind === SlotKind.Long;
      return (b, r) => {
        const s = b.offsets[r]!;
        if (b.bytes[s + nb]! & mask) return 0;
        const lo = long ? b.view.getUint32(s + so, true) : b.view.getInt32(s + so, true) >>> 0;
        const hi = long ? b.view.getInt32(s + so + 4, true) : b.view.getInt32(s + so, true) < 0 ? -1 : 0;
        return hashInt64(lo, hi) % channels;
      };
    }
  }
  const key = makeKeyEncoder(types, fields);
  return (b, r) => hashKeyString(key(b, r)) % channels;
}

/**
 * Splits batches by channel: `split(batch)` returns one batch per channel (undefined where no row
 * goes), rows in their input order, bytes copied as they are (no decoding).
 */
export class Partitioner {
  private readonly builders: RowBatchBuilder[];
  constructor(
    types: readonly SqlType[],
    private readonly channelOf: ChannelOf,
    readonly channels: number,
  ) {
    this.builders = Array.from({ length: channels }, () => new RowBatchBuilder(types, 64 * 1024, 1024));
  }

  split(batch: RowBatch): (RowBatch | undefined)[] {
    const out = new Array<RowBatch | undefined>(this.channels);
    if (this.channels === 1) {
      out[0] = batch;
      return out;
    }
    const bs = this.builders;
    const ch = this.channelOf;
    for (let r = 0; r < batch.count; r++) bs[ch(batch, r)]!.copyRow(batch, r);
    for (let c = 0; c < bs.length; c++) out[c] = bs[c]!.rowCount > 0 ? bs[c]!.finish() : undefined;
    return out;
  }
}
