/**
 * Incremental frame decoder for the client side of the wire: turns TCP chunks (split or coalesced
 * anywhere) into whole messages. PostgreSQL docs §55.2.1 "Start-up" (untyped packets: an int32
 * length that counts itself, then the body) and §55.7 "Message Formats" (typed messages: a type
 * byte, an int32 length that counts itself but not the type byte, then the body).
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import { MessageLimits, StartupCode } from './message-codes.ts';

/** PostgreSQL's MAX_STARTUP_PACKET_LENGTH: a longer startup packet is garbage. */
const MAX_STARTUP_LENGTH = 10_000;

/** One decoded frame. `type` is the message type byte, or `undefined` for a startup-phase packet. `body` excludes type and length. */
export interface Frame {
  readonly type: number | undefined;
  readonly body: Buffer;
}

/**
 * Splits a byte stream into frames. Starts in the startup phase (untyped packets) and switches to
 * typed messages by itself right after a StartupMessage (SSLRequest, GSSENCRequest and
 * CancelRequest keep it in the startup phase). `push` throws SqlError 08P01 on a length word below
 * 4 or above 1 GiB (10 000 bytes for startup packets); the connection must then be closed, since
 * the stream cannot be resynchronized.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private total = 0;
  private startup = true;

  /** Bytes received but not yet returned as a frame. */
  get pendingBytes(): number {
    return this.total;
  }

  /** Adds a chunk and returns every frame it completes, in order. */
  push(chunk: Buffer): Frame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.total += chunk.length;
    }
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): Frame | undefined {
    const headerLen = this.startup ? 4 : 5;
    if (this.total < headerLen) return undefined;
    const head = this.peek(headerLen);
    const type = this.startup ? undefined : head[0]!;
    const length = head.readInt32BE(this.startup ? 0 : 1);
    if (this.startup && (length < 8 || length > MAX_STARTUP_LENGTH)) {
      throw new SqlError(SqlState.protocolViolation, 'invalid length of startup packet', { severity: 'FATAL' });
    }
    if (length < MessageLimits.MinLength || length > MessageLimits.MaxLength) {
      throw new SqlError(SqlState.protocolViolation, `invalid message length ${length}`, { severity: 'FATAL' });
    }
    const frameLen = length + (this.startup ? 0 : 1);
    if (this.total < frameLen) return undefined;
    const whole = this.take(frameLen);
    const body = whole.subarray(headerLen);
    if (this.startup) {
      const code = body.readUInt32BE(0);
      if (code !== StartupCode.SSLRequest && code !== StartupCode.GSSENCRequest && code !== StartupCode.CancelRequest) {
        this.startup = false;
      }
    }
    return { type, body };
  }

  /** The first `n` bytes (n ≤ total) without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    this.coalesce(n);
    return this.chunks[0]!;
  }

  /** Consumes and returns exactly `n` bytes (n ≤ total). */
  private take(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.coalesce(n);
    const first = this.chunks[0]!;
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.total -= n;
    return out;
  }

  /** Merges leading chunks until the first holds at least `n` bytes (one copy per merge). */
  private coalesce(n: number): void {
    let len = 0;
    let count = 0;
    while (len < n) len += this.chunks[count++]!.length;
    const merged = Buffer.concat(this.chunks.slice(0, count), len);
    this.chunks.splice(0, count, merged);
  }
}
