/**
 * Decoders of the messages a client sends, from the frames `FrameReader` yields. PostgreSQL docs
 * §55.7 "Message Formats". Malformed bodies throw SqlError 08P01 (protocol violation), as
 * PostgreSQL's pq_getmsg* functions do ("insufficient data left in message").
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import { FrontendCode, StartupCode } from './message-codes.ts';
import type { Frame } from './reader.ts';

/** A message of the startup phase (docs §55.2.1). */
export type StartupPacket =
  | { readonly kind: 'startup'; readonly params: ReadonlyMap<string, string> }
  | { readonly kind: 'sslRequest' }
  | { readonly kind: 'gssEncRequest' }
  | { readonly kind: 'cancel'; readonly pid: number; readonly secret: number };

/** A message of the normal phase (docs §55.2.2 simple query, §55.2.3 extended query, §55.2.6 COPY). */
export type FrontendMessage =
  | { readonly kind: 'query'; readonly sql: string }
  | { readonly kind: 'parse'; readonly name: string; readonly sql: string; readonly paramTypes: readonly number[] }
  | {
      readonly kind: 'bind';
      readonly portal: string;
      readonly statement: string;
      /** 0 entries: all text; 1 entry: applies to all; else one per parameter. */
      readonly paramFormats: readonly number[];
      /** Raw parameter bytes; null for SQL NULL. */
      readonly params: readonly (Buffer | null)[];
      /** 0 entries: all text; 1 entry: applies to all; else one per column. */
      readonly resultFormats: readonly number[];
    }
  | { readonly kind: 'describe'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly kind: 'execute'; readonly portal: string; readonly maxRows: number }
  | { readonly kind: 'close'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly kind: 'sync' }
  | { readonly kind: 'flush' }
  | { readonly kind: 'terminate' }
  | { readonly kind: 'copyData'; readonly data: Buffer }
  | { readonly kind: 'copyDone' }
  | { readonly kind: 'copyFail'; readonly message: string }
  | { readonly kind: 'password'; readonly data: Buffer };

/** The name of a message kind as PostgreSQL spells it in its docs (for error messages and logs). */
export type FrontendKind = FrontendMessage['kind'];

function protocolError(message: string): SqlError {
  return new SqlError(SqlState.protocolViolation, message, { severity: 'FATAL' });
}

/** Sequential reader over one message body; every read checks bounds. */
class BodyReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw protocolError('insufficient data left in message');
  }
  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw protocolError('invalid string in message');
    const s = this.buf.toString('utf8', this.pos, end);
    this.pos = end + 1;
    return s;
  }
  int16Array(): number[] {
    const n = this.int16();
    if (n < 0) throw protocolError('invalid array length in message');
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.int16();
    return out;
  }
  get remaining(): number {
    return this.buf.length - this.pos;
  }
}

/**
 * Decodes a startup-phase packet (docs §55.7 "StartupMessage", "SSLRequest", "GSSENCRequest",
 * "CancelRequest"). Throws 08P01 on garbage and 0A000 for protocol versions other than 3.x.
 */
export function decodeStartup(frame: Frame): StartupPacket {
  const r = new BodyReader(frame.body);
  const code = r.uint32();
  switch (code) {
    case StartupCode.SSLRequest:
      return { kind: 'sslRequest' };
    case StartupCode.GSSENCRequest:
      return { kind: 'gssEncRequest' };
    case StartupCode.CancelRequest:
      return { kind: 'cancel', pid: r.int32(), secret: r.int32() };
    case StartupCode.Protocol3: {
      const params = new Map<string, string>();
      for (;;) {
        const key = r.cstring();
        if (key === '') break;
        params.set(key, r.cstring());
      }
      return { kind: 'startup', params };
    }
    default: {
      const major = code >>> 16;
      if (major >= 1 && major <= 3) {
        throw new SqlError(
          SqlState.featureNotSupported,
          `unsupported frontend protocol ${major}.${code & 0xffff}: server supports 3.0 to 3.0`,
          { severity: 'FATAL' },
        );
      }
      throw protocolError(`invalid startup packet layout: expected terminator as last byte`);
    }
  }
}

function target(b: number): 'S' | 'P' {
  if (b === 0x53) return 'S';
  if (b === 0x50) return 'P';
  throw protocolError(`invalid DESCRIBE/CLOSE message subtype ${b}`);
}

/** Decodes a normal-phase message (docs §55.7). Throws 08P01 on an unknown type or a malformed body. */
export function decodeFrontend(frame: Frame): FrontendMessage {
  const r = new BodyReader(frame.body);
  switch (frame.type) {
    case FrontendCode.Query:
      return { kind: 'query', sql: r.cstring() };
    case FrontendCode.Parse: {
      const name = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      const paramTypes: number[] = [];
      for (let i = 0; i < n; i++) paramTypes.push(r.uint32());
      return { kind: 'parse', name, sql, paramTypes };
    }
    case FrontendCode.Bind: {
      const portal = r.cstring();
      const statement = r.cstring();
      const paramFormats = r.int16Array();
      const n = r.int16();
      const params: (Buffer | null)[] = [];
      for (let i = 0; i < n; i++) {
        const len = r.int32();
        params.push(len < 0 ? null : r.bytes(len));
      }
      const resultFormats = r.int16Array();
      return { kind: 'bind', portal, statement, paramFormats, params, resultFormats };
    }
    case FrontendCode.Describe:
      return { kind: 'describe', target: target(r.byte()), name: r.cstring() };
    case FrontendCode.Execute:
      return { kind: 'execute', portal: r.cstring(), maxRows: r.int32() };
    case FrontendCode.Close:
      return { kind: 'close', target: target(r.byte()), name: r.cstring() };
    case FrontendCode.Sync:
      return { kind: 'sync' };
    case FrontendCode.Flush:
      return { kind: 'flush' };
    case FrontendCode.Terminate:
      return { kind: 'terminate' };
    case FrontendCode.CopyData:
      return { kind: 'copyData', data: frame.body };
    case FrontendCode.CopyDone:
      return { kind: 'copyDone' };
    case FrontendCode.CopyFail:
      return { kind: 'copyFail', message: r.cstring() };
    case FrontendCode.PasswordMessage:
      return { kind: 'password', data: r.bytes(r.remaining) };
    default:
      throw protocolError(`invalid frontend message type ${frame.type}`);
  }
}
