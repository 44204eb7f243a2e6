/**
 * A growable big-endian byte buffer for building backend messages. Many messages (e.g. thousands of
 * DataRows) are built into one buffer and handed to the socket in a single write.
 */

const MIN_CAPACITY = 16 * 1024;
const TWO_32 = 0x1_0000_0000;

/** Appends big-endian integers, floats, strings and whole messages to a growing Buffer. */
export class BufferWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Bytes written since the last `take`. */
  get length(): number {
    return this.pos;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n, MIN_CAPACITY));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Returns the bytes written so far and starts afresh; the returned Buffer is never written again. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    const rest = this.buf.length - this.pos;
    this.buf = rest >= 4096 ? this.buf.subarray(this.pos) : Buffer.allocUnsafe(MIN_CAPACITY);
    this.pos = 0;
    return out;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
    return this;
  }

  uint8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  uint16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  uint32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  /** A signed 64-bit integer from a safe-integer number or a bigint. */
  int64(v: number | bigint): this {
    this.ensure(8);
    if (typeof v === 'bigint') {
      this.buf.writeBigInt64BE(BigInt.asIntN(64, v), this.pos);
    } else {
      const hi = Math.floor(v / TWO_32);
      this.buf.writeInt32BE(hi, this.pos);
      this.buf.writeUInt32BE(v - hi * TWO_32, this.pos + 4);
    }
    this.pos += 8;
    return this;
  }

  float32(v: number): this {
    this.ensure(4);
    this.buf.writeFloatBE(v, this.pos);
    this.pos += 4;
    return this;
  }

  float64(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** UTF-8 text without terminator; returns the byte count written. */
  utf8(s: string): number {
    this.ensure(s.length * 3);
    const n = this.buf.write(s, this.pos, 'utf8');
    this.pos += n;
    return n;
  }

  /** UTF-8 text followed by a NUL byte (a protocol String). */
  cstring(s: string): this {
    this.utf8(s);
    return this.uint8(0);
  }

  /** Reserves an int32 to fill in later with `patchInt32`; returns its offset. */
  reserveInt32(): number {
    this.ensure(4);
    const at = this.pos;
    this.pos += 4;
    return at;
  }

  /** Writes `v` at an offset returned by `reserveInt32`. */
  patchInt32(at: number, v: number): void {
    this.buf.writeInt32BE(v, at);
  }

  /** The current write offset (for measuring what a nested writer appended). */
  get offset(): number {
    return this.pos;
  }

  /** Starts a typed message; pass the returned offset to `end`. */
  begin(type: number): number {
    this.uint8(type);
    return this.reserveInt32();
  }

  /** Finishes a message started with `begin`: fills in its length word (which counts itself). */
  end(lengthAt: number): void {
    this.patchInt32(lengthAt, this.pos - lengthAt);
  }
}
