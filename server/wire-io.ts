/**
 * The two ends of a connection's socket: `Inbox` turns incoming chunks into a pull-based queue of
 * frames (pausing the socket when the client runs far ahead), and `Outbox` batches encoded messages
 * into one socket write and waits for 'drain' when the socket's buffer is full (backpressure).
 */
import type { Socket } from 'node:net';
import { FrameReader } from './protocol/reader.ts';
import type { Frame } from './protocol/reader.ts';
import { BufferWriter } from './protocol/writer.ts';

/** Queued input above which the socket is paused until the handlers catch up (bytes). */
const INBOX_HIGH_WATER = 4 * 1024 * 1024;

/**
 * Frames received and not yet handled. `next` resolves with the next frame, or null once the
 * socket has ended; it rejects with the decoder's SqlError 08P01 on a malformed length word.
 */
export class Inbox {
  private readonly reader = new FrameReader();
  private readonly frames: Frame[] = [];
  private queuedBytes = 0;
  private ended = false;
  private error: unknown;
  private waiter: (() => void) | undefined;
  private paused = false;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    try {
      for (const f of this.reader.push(chunk)) {
        this.frames.push(f);
        this.queuedBytes += f.body.length + 5;
      }
    } catch (e) {
      this.error = e;
      this.ended = true;
    }
    if (this.queuedBytes > INBOX_HIGH_WATER && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.wake();
  }

  /** Marks the input finished (socket closed); pending and later `next` calls resolve null once the queue is empty. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Whether a frame is ready without waiting. */
  get hasFrame(): boolean {
    return this.frames.length > 0;
  }

  /** The next frame; null after the end of input. */
  async next(): Promise<Frame | null> {
    for (;;) {
      const f = this.frames.shift();
      if (f) {
        this.queuedBytes -= f.body.length + 5;
        if (this.paused && this.queuedBytes < INBOX_HIGH_WATER / 2) {
          this.paused = false;
          this.socket.resume();
        }
        return f;
      }
      if (this.error !== undefined) {
        const e = this.error;
        this.error = undefined;
        throw e;
      }
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}

/**
 * Outgoing messages: encoders append to `w`; `flush` hands everything to the socket in one write
 * and, when the socket's buffer is full, waits for 'drain' (or for the socket to close).
 */
export class Outbox {
  /** The buffer messages are encoded into. */
  readonly w = new BufferWriter(64 * 1024);
  private lastFlush = Date.now();

  constructor(private readonly socket: Socket) {}

  /** Whether the socket can take no more writes. */
  get closed(): boolean {
    return this.socket.destroyed || !this.socket.writable;
  }

  /** Milliseconds since the last flush. */
  get sinceFlush(): number {
    return Date.now() - this.lastFlush;
  }

  /** Writes what was encoded; resolves once the socket's buffer has room again (or the socket closed). */
  async flush(): Promise<void> {
    this.lastFlush = Date.now();
    if (this.w.length === 0) return;
    const data = this.w.take();
    if (this.closed) return;
    if (this.socket.write(data)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }
}
