/** The frame reader, frontend decoders and backend encoders, without sockets. */
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../common/errors.ts';
import { T } from '../../common/types.ts';
import { col } from '../testing/fake-engine.ts';
import { fe } from '../testing/raw-client.ts';
import * as be from './backend.ts';
import { decodeFrontend, decodeStartup } from './frontend.ts';
import { StartupCode } from './message-codes.ts';
import { FrameReader } from './reader.ts';
import { BufferWriter } from './writer.ts';

const startup = fe.startup({ user: 'u', database: 'strom' });

function encode(f: (w: BufferWriter) => void): string {
  const w = new BufferWriter(16);
  f(w);
  return w.take().toString('hex');
}

describe('FrameReader', () => {
  it('reassembles frames split at every byte', () => {
    const stream = Buffer.concat([startup, fe.query('select 1'), fe.sync()]);
    const r = new FrameReader();
    const frames = [];
    for (const b of stream) frames.push(...r.push(Buffer.from([b])));
    expect(frames.map((f) => f.type)).toEqual([undefined, 0x51, 0x53]);
    expect(decodeFrontend(frames[1]!)).toEqual({ kind: 'query', sql: 'select 1' });
    expect(r.pendingBytes).toBe(0);
  });

  it('splits coalesced frames, and stays in startup mode after SSLRequest', () => {
    const r = new FrameReader();
    const frames = r.push(Buffer.concat([fe.untyped(StartupCode.SSLRequest), startup, fe.query('a'), fe.query('b').subarray(0, 3)]));
    expect(frames.map((f) => f.type)).toEqual([undefined, undefined, 0x51]);
    expect(decodeStartup(frames[0]!)).toEqual({ kind: 'sslRequest' });
    expect(r.push(fe.query('b').subarray(3)).map((f) => decodeFrontend(f))).toEqual([{ kind: 'query', sql: 'b' }]);
  });

  it('rejects bad lengths with 08P01', () => {
    const bad = (bytes: number[], typed: boolean): unknown => {
      const r = new FrameReader();
      if (typed) r.push(startup);
      try {
        r.push(Buffer.from(bytes));
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(bad([0x51, 0, 0, 0, 3], true)).toMatchObject({ code: '08P01' });
    expect(bad([0x51, 0x40, 0, 0, 1], true)).toMatchObject({ code: '08P01' });
    expect(bad([0x47, 0x45, 0x54, 0x20], false)).toBeInstanceOf(SqlError);
    expect(bad([0, 0, 0, 2], false)).toMatchObject({ code: '08P01' });
  });
});

describe('frontend decoders', () => {
  const one = (buf: Buffer): unknown => {
    const r = new FrameReader();
    r.push(startup);
    return decodeFrontend(r.push(buf)[0]!);
  };

  it('decodes startup packets', () => {
    const r = new FrameReader();
    expect(decodeStartup(r.push(startup)[0]!)).toEqual({ kind: 'startup', params: new Map([['user', 'u'], ['database', 'strom']]) });
    expect(decodeStartup(new FrameReader().push(fe.untyped(StartupCode.CancelRequest, 7, -9))[0]!)).toEqual({ kind: 'cancel', pid: 7, secret: -9 });
    expect(decodeStartup(new FrameReader().push(fe.untyped(StartupCode.GSSENCRequest))[0]!)).toEqual({ kind: 'gssEncRequest' });
    expect(() => decodeStartup(new FrameReader().push(fe.untyped(0x00020000))[0]!)).toThrow(/unsupported frontend protocol 2.0/);
    expect(() => decodeStartup(new FrameReader().push(fe.untyped(12345))[0]!)).toThrow(SqlError);
  });

  it('decodes each extended-protocol message', () => {
    expect(one(fe.parse('s', 'select $1', [23]))).toEqual({ kind: 'parse', name: 's', sql: 'select $1', paramTypes: [23] });
    expect(one(fe.bind('p', 's', [Buffer.from('1'), null], [0], [1]))).toEqual({
      kind: 'bind',
      portal: 'p',
      statement: 's',
      paramFormats: [0],
      params: [Buffer.from('1'), null],
      resultFormats: [1],
    });
    expect(one(fe.describe('S', 's'))).toEqual({ kind: 'describe', target: 'S', name: 's' });
    expect(one(fe.execute('p', 10))).toEqual({ kind: 'execute', portal: 'p', maxRows: 10 });
    expect(one(fe.close('P', 'p'))).toEqual({ kind: 'close', target: 'P', name: 'p' });
    expect(one(fe.sync())).toEqual({ kind: 'sync' });
    expect(one(fe.flush())).toEqual({ kind: 'flush' });
    expect(one(fe.terminate())).toEqual({ kind: 'terminate' });
    expect(one(fe.copyData('ab'))).toEqual({ kind: 'copyData', data: Buffer.from('ab') });
    expect(one(fe.copyDone())).toEqual({ kind: 'copyDone' });
    expect(one(fe.copyFail('why'))).toEqual({ kind: 'copyFail', message: 'why' });
    expect(one(fe.msg(0x70, (w) => w.cstring('pw')))).toEqual({ kind: 'password', data: Buffer.from('pw\0') });
  });

  it('rejects unknown types and truncated bodies with 08P01', () => {
    expect(() => one(fe.msg(0x7a))).toThrow(expect.objectContaining({ code: '08P01', severity: 'FATAL' }));
    expect(() => one(fe.msg(0x51, (w) => w.utf8('no terminator')))).toThrow(expect.objectContaining({ code: '08P01' }));
    expect(() => one(fe.msg(0x45, (w) => w.cstring('p').int16(1)))).toThrow(/insufficient data/);
    expect(() => one(fe.msg(0x44, (w) => w.uint8(0x58).cstring('x')))).toThrow(expect.objectContaining({ code: '08P01' }));
  });
});

describe('backend encoders', () => {
  it('encodes fixed messages', () => {
    expect(encode((w) => be.authenticationOk(w))).toBe('520000000800000000');
    expect(encode((w) => be.readyForQuery(w, 'I'))).toBe('5a0000000549');
    expect(encode((w) => be.backendKeyData(w, 1, -1))).toBe('4b0000000c00000001ffffffff');
    expect(encode((w) => be.parameterStatus(w, 'a', 'b'))).toBe('5300000008610062' + '00');
    expect(encode((w) => be.commandComplete(w, 'SELECT 1'))).toBe('430000000d' + Buffer.from('SELECT 1\0').toString('hex'));
    expect(encode((w) => be.emptyQueryResponse(w))).toBe('4900000004');
    expect(encode((w) => be.parseComplete(w))).toBe('3100000004');
    expect(encode((w) => be.bindComplete(w))).toBe('3200000004');
    expect(encode((w) => be.closeComplete(w))).toBe('3300000004');
    expect(encode((w) => be.noData(w))).toBe('6e00000004');
    expect(encode((w) => be.portalSuspended(w))).toBe('7300000004');
    expect(encode((w) => be.copyDone(w))).toBe('6300000004');
    expect(encode((w) => be.copyData(w, Buffer.from('x')))).toBe('640000000578');
    expect(encode((w) => be.parameterDescription(w, [T.int4, T.text]))).toBe('740000000e0002' + '00000017' + '00000019');
    expect(encode((w) => be.copyOutResponse(w, 0, [0, 0]))).toBe('480000000b' + '00' + '0002' + '0000' + '0000');
    expect(encode((w) => be.copyInResponse(w, 1, [1]))).toBe('4700000009' + '01' + '0001' + '0001');
  });

  it('encodes RowDescription with OIDs, lengths, typmods and formats', () => {
    const hex = encode((w) => be.rowDescription(w, [col('a', T.int4), col('v', { id: 'varchar', length: 10 })], [1]));
    const b = Buffer.from(hex, 'hex');
    expect(b[0]).toBe(0x54);
    expect(b.readInt16BE(5)).toBe(2);
    // field a: name, table oid, attnum, type oid 23, len 4, typmod -1, format 1
    expect(b.subarray(7, 9).toString()).toBe('a\0');
    expect([b.readInt32BE(9), b.readInt16BE(13), b.readUInt32BE(15), b.readInt16BE(19), b.readInt32BE(21), b.readInt16BE(25)]).toEqual([0, 0, 23, 4, -1, 1]);
    // field v: varchar(10) has typmod 14, format defaults to text
    expect([b.readUInt32BE(35), b.readInt16BE(39), b.readInt32BE(41), b.readInt16BE(45)]).toEqual([1043, -1, 14, 0]);
  });

  it('encodes DataRows in text and binary, with NULL', () => {
    const enc = new be.RowEncoder([col('a', T.int4), col('b', T.text), col('c', T.bool)], [1, 0, 0], {});
    const hex = encode((w) => enc.encode(w, [7, 'hi', null]));
    expect(hex).toBe('44' + '00000018' + '0003' + '00000004' + '00000007' + '00000002' + '6869' + 'ffffffff');
  });

  it('encodes ErrorResponse and NoticeResponse fields', () => {
    const e = new SqlError('42703', 'column "x" does not exist', { position: 8, hint: 'h', detail: 'd' });
    const b = Buffer.from(encode((w) => be.errorResponse(w, e)), 'hex');
    expect(b[0]).toBe(0x45);
    expect(b.subarray(5).toString()).toBe('SERROR\0VERROR\0C42703\0Mcolumn "x" does not exist\0Dd\0Hh\0P8\0\0');
    const n = Buffer.from(encode((w) => be.noticeResponse(w, { severity: 'NOTICE', code: '00000', message: 'm' })), 'hex');
    expect(n.subarray(5).toString()).toBe('SNOTICE\0VNOTICE\0C00000\0Mm\0\0');
  });

  it('expands format codes and rejects a wrong count', () => {
    expect(be.expandFormats([], 2)).toEqual([0, 0]);
    expect(be.expandFormats([1], 3)).toEqual([1, 1, 1]);
    expect(be.expandFormats([0, 1], 2)).toEqual([0, 1]);
    expect(() => be.expandFormats([0, 1], 3)).toThrow();
  });

  it('batches many messages into one growing buffer', () => {
    const w = new BufferWriter(16);
    const enc = new be.RowEncoder([col('s', T.text)], undefined, {});
    for (let i = 0; i < 10_000; i++) enc.encode(w, ['x'.repeat(i % 50)]);
    const out = w.take();
    let pos = 0;
    let n = 0;
    while (pos < out.length) {
      pos += 1 + out.readInt32BE(pos + 1);
      n++;
    }
    expect([n, pos]).toEqual([10_000, out.length]);
  });
});
