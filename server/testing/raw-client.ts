/**
 * A byte-level test client: frontend message encoders and a socket wrapper that collects backend
 * messages, for tests that need exact control (pipelining, COPY bytes, garbage input).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { BufferWriter } from '../protocol/writer.ts';
import { FrontendCode, StartupCode } from '../protocol/message-codes.ts';

/** Frontend message encoders (PostgreSQL docs §55.7), each returning one whole message. */
export const fe = {
  startup(params: Record<string, string>): Buffer {
    const w = new BufferWriter(256);
    const at = w.reserveInt32();
    w.int32(StartupCode.Protocol3);
    for (const [k, v] of Object.entries(params)) w.cstring(k).cstring(v);
    w.uint8(0);
    w.patchInt32(at, w.length);
    return w.take();
  },
  untyped(code: number, ...ints: number[]): Buffer {
    const w = new BufferWriter(64);
    w.int32(8 + 4 * ints.length).int32(code);
    for (const i of ints) w.int32(i);
    return w.take();
  },
  msg(type: number, build: (w: BufferWriter) => void = () => undefined): Buffer {
    const w = new BufferWriter(256);
    const at = w.begin(type);
    build(w);
    w.end(at);
    return w.take();
  },
  query(sql: string): Buffer {
    return fe.msg(FrontendCode.Query, (w) => w.cstring(sql));
  },
  parse(name: string, sql: string, types: number[] = []): Buffer {
    return fe.msg(FrontendCode.Parse, (w) => {
      w.cstring(name).cstring(sql).int16(types.length);
      for (const t of types) w.uint32(t);
    });
  },
  bind(portal: string, stmt: string, params: (Buffer | null)[], paramFormats: number[] = [], resultFormats: number[] = []): Buffer {
    return fe.msg(FrontendCode.Bind, (w) => {
      w.cstring(portal).cstring(stmt).int16(paramFormats.length);
      for (const f of paramFormats) w.int16(f);
      w.int16(params.length);
      for (const p of params) {
        if (p === null) w.int32(-1);
        else w.int32(p.length).bytes(p);
      }
      w.int16(resultFormats.length);
      for (const f of resultFormats) w.int16(f);
    });
  },
  describe(target: 'S' | 'P', name: string): Buffer {
    return fe.msg(FrontendCode.Describe, (w) => w.uint8(target.charCodeAt(0)).cstring(name));
  },
  execute(portal: string, maxRows = 0): Buffer {
    return fe.msg(FrontendCode.Execute, (w) => w.cstring(portal).int32(maxRows));
  },
  close(target: 'S' | 'P', name: string): Buffer {
    return fe.msg(FrontendCode.Close, (w) => w.uint8(target.charCodeAt(0)).cstring(name));
  },
  sync: (): Buffer => fe.msg(FrontendCode.Sync),
  flush: (): Buffer => fe.msg(FrontendCode.Flush),
  terminate: (): Buffer => fe.msg(FrontendCode.Terminate),
  copyData: (data: Buffer | string): Buffer => fe.msg(FrontendCode.CopyData, (w) => w.bytes(Buffer.from(data))),
  copyDone: (): Buffer => fe.msg(FrontendCode.CopyDone),
  copyFail: (message: string): Buffer => fe.msg(FrontendCode.CopyFail, (w) => w.cstring(message)),
};

/** A backend message as received: its type character and body. */
export interface RawMessage {
  readonly type: string;
  readonly body: Buffer;
}

/** Reads the fields of an ErrorResponse/NoticeResponse body into a record keyed by field character. */
export function errorFields(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < body.length && body[pos] !== 0) {
    const key = String.fromCharCode(body[pos]!);
    const end = body.indexOf(0, pos + 1);
    out[key] = body.toString('utf8', pos + 1, end);
    pos = end + 1;
  }
  return out;
}

/** A raw socket client that parses backend messages as they arrive. */
export class RawClient {
  readonly messages: RawMessage[] = [];
  closed = false;
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  /** Bytes received before any typed parsing (e.g. the 'N' answer to SSLRequest) when `rawMode` is set. */
  rawMode = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      if (!this.rawMode) this.parse();
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** Opens a socket without sending anything. */
  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Opens a socket and completes the startup handshake (up to the first ReadyForQuery). */
  static async connect(port: number, params: Record<string, string> = { user: 'strom', database: 'strom' }): Promise<RawClient> {
    const c = await RawClient.open(port);
    c.send(fe.startup(params));
    await c.until('Z');
    return c;
  }

  /** Raw bytes received but not parsed (in raw mode). */
  get rawBytes(): Buffer {
    return this.buf;
  }

  private parse(): void {
    while (this.buf.length >= 5) {
      const len = this.buf.readInt32BE(1);
      if (this.buf.length < len + 1) return;
      this.messages.push({ type: String.fromCharCode(this.buf[0]!), body: this.buf.subarray(5, len + 1) });
      this.buf = this.buf.subarray(len + 1);
    }
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  /** Sends bytes. */
  send(...bufs: Buffer[]): void {
    this.socket.write(Buffer.concat(bufs));
  }

  /** Waits until a message of `type` arrives (or the socket closes); returns and removes all messages up to it. */
  async until(type: string, timeoutMs = 5000): Promise<RawMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex((m) => m.type === type);
      if (i >= 0) return this.messages.splice(0, i + 1);
      if (this.closed) throw new Error(`socket closed before '${type}'; got ${this.messages.map((m) => m.type).join('')}`);
      if (Date.now() > deadline) throw new Error(`timeout waiting for '${type}'; got ${this.messages.map((m) => m.type).join('')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Waits for the socket to close. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Closes the socket. */
  destroy(): void {
    this.socket.destroy();
  }
}
