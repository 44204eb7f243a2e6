/**
 * The server at the byte level, with the RawClient of server/testing: binary results, pipelined
 * extended messages, error recovery, COPY in and out, SSL refusal, CancelRequest, garbage input.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer } from './testing/harness.ts';
import type { TestServer } from './testing/harness.ts';
import { RawClient, errorFields, fe } from './testing/raw-client.ts';
import type { RawMessage } from './testing/raw-client.ts';
import { binaryBytes } from './protocol/binary.ts';
import { PGCOPY_SIGNATURE } from './protocol/copy.ts';
import { StartupCode } from './protocol/message-codes.ts';
import { TYPE_COLUMNS, TYPE_ROW } from './testing/fake-engine.ts';

let ts: TestServer;
beforeEach(async () => {
  ts = await startTestServer();
});
afterEach(async () => {
  await ts.close();
});

/** The fields of a DataRow body (null for NULL). */
function dataRowFields(body: Buffer): (Buffer | null)[] {
  const n = body.readInt16BE(0);
  let pos = 2;
  const out: (Buffer | null)[] = [];
  for (let i = 0; i < n; i++) {
    const len = body.readInt32BE(pos);
    pos += 4;
    out.push(len < 0 ? null : body.subarray(pos, pos + len));
    if (len > 0) pos += len;
  }
  return out;
}

const types = (ms: RawMessage[]): string => ms.map((m) => m.type).join('');
const copyPayloads = (ms: RawMessage[]): string =>
  ms
    .filter((m) => m.type === 'd')
    .map((m) => m.body.toString())
    .join('');

describe('extended query at the byte level', () => {
  it('sends binary results with binary format codes in RowDescription', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.parse('', 'types'), fe.bind('', '', [], [], [1]), fe.describe('P', ''), fe.execute('', 0), fe.sync());
    const ms = await c.until('Z');
    expect(types(ms)).toBe('12TDCZ');
    const desc = ms[2]!.body;
    expect(desc.readInt16BE(0)).toBe(TYPE_COLUMNS.length);
    // The format code is the last int16 of each field; the last field's ends the message.
    expect(desc.readInt16BE(desc.length - 2)).toBe(1);
    const fields = dataRowFields(ms[3]!.body);
    TYPE_COLUMNS.forEach((col, i) => {
      const v = TYPE_ROW[i];
      expect(fields[i], col.name).toEqual(v === null ? null : binaryBytes(col.type, v));
    });
    expect(ms[4]!.body.toString()).toBe('SELECT 1\0');
  });

  it('describes statements: ParameterDescription, RowDescription or NoData', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.parse('s1', 'select $1::int8, $2', [0, 25]), fe.describe('S', 's1'), fe.parse('s2', 'begin'), fe.describe('S', 's2'), fe.sync());
    const ms = await c.until('Z');
    expect(types(ms)).toBe('1tT1tnZ');
    const pd = ms[1]!.body;
    expect([pd.readInt16BE(0), pd.readUInt32BE(2), pd.readUInt32BE(6)]).toEqual([2, 20, 25]);
  });

  it('discards messages after an error until Sync, then recovers', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.parse('', 'fail'), fe.bind('', '', []), fe.execute(''), fe.sync(), fe.parse('', 'select 7'), fe.bind('', '', []), fe.execute(''), fe.sync());
    const first = await c.until('Z');
    expect(types(first)).toBe('EZ');
    expect(errorFields(first[0]!.body)).toMatchObject({ S: 'ERROR', V: 'ERROR', C: '42703', P: '1' });
    const second = await c.until('Z');
    expect(types(second)).toBe('12DCZ');
  });

  it('keeps named portals across Executes and reports PortalSuspended', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.query('begin'));
    await c.until('Z');
    c.send(fe.parse('g', 'generate 3'), fe.bind('p', 'g', []), fe.execute('p', 2), fe.sync());
    expect(types(await c.until('Z'))).toBe('12DDsZ');
    c.send(fe.execute('p', 2), fe.close('P', 'p'), fe.close('S', 'g'), fe.sync());
    const ms = await c.until('Z');
    expect(types(ms)).toBe('DC33Z');
    expect(ms[1]!.body.toString()).toBe('SELECT 3\0');
    expect(ms.at(-1)!.body.toString()).toBe('T');
  });

  it('reports 08P01 for a wrong parameter count and 26000 for a missing statement', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.parse('x', 'select $1'), fe.bind('', 'x', []), fe.sync(), fe.bind('', 'nope', []), fe.sync());
    const a = await c.until('Z');
    expect(errorFields(a[1]!.body).C).toBe('08P01');
    const b = await c.until('Z');
    expect(errorFields(b[0]!.body)).toMatchObject({ C: '26000', M: 'prepared statement "nope" does not exist' });
  });
});

describe('COPY', () => {
  it('copies out text with escapes', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.query('copy out text'));
    const ms = await c.until('Z');
    expect(types(ms)).toBe('HddddcCZ');
    expect(ms[0]!.body).toEqual(Buffer.from([0, 0, 2, 0, 0, 0, 0]));
    expect(copyPayloads(ms)).toBe('1\trow 1\n2\trow 2\n3\t\\N\n4\ttab\\there, "q"\n');
    expect(ms[6]!.body.toString()).toBe('COPY 4\0');
  });

  it('copies out csv with a header and quoting', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.query('copy out csv'));
    const ms = await c.until('Z');
    expect(copyPayloads(ms)).toBe('i,s\n1,row 1\n2,row 2\n3,\n4,"tab\there, ""q"""\n');
  });

  it('copies out binary with signature and trailer', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.query('copy out binary'));
    const ms = await c.until('Z');
    expect(ms[0]!.body[0]).toBe(1);
    const data = Buffer.concat(ms.filter((m) => m.type === 'd').map((m) => m.body));
    expect(data.subarray(0, 11)).toEqual(PGCOPY_SIGNATURE);
    expect(data.readInt32BE(11)).toBe(0);
    expect(data.readInt32BE(15)).toBe(0);
    // First tuple: 2 fields, int4 1, text "row 1".
    expect(data.readInt16BE(19)).toBe(2);
    expect(data.readInt32BE(21)).toBe(4);
    expect(data.readInt32BE(25)).toBe(1);
    expect(data.readInt16BE(data.length - 2)).toBe(-1);
  });

  it('copies in and answers COPY n; CopyFail aborts with 57014', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.query('copy in'));
    expect(types(await c.until('G'))).toBe('G');
    c.send(fe.copyData('1\ta\n2\t'), fe.copyData('b\n'), fe.copyDone());
    const ms = await c.until('Z');
    expect(ms[0]!.body.toString()).toBe('COPY 2\0');
    expect(ts.engine.stats.copiedIn).toEqual(['1\ta\n2\tb\n']);

    c.send(fe.query('copy in'));
    await c.until('G');
    c.send(fe.copyData('1\ta\n'), fe.copyFail('client gave up'));
    const failed = await c.until('Z');
    expect(errorFields(failed[0]!.body)).toMatchObject({ C: '57014', M: 'COPY from stdin failed: client gave up' });

    c.send(fe.query('copy in'));
    await c.until('G');
    c.send(fe.copyData('bad\n'), fe.copyData('more\n'), fe.copyDone(), fe.query('select 1'));
    const bad = await c.until('Z');
    expect(errorFields(bad[0]!.body).C).toBe('22P02');
    expect(types(await c.until('Z'))).toBe('TDCZ');
  });

  it('streams an endless COPY out until CancelRequest', async () => {
    const c2 = await RawClient.open(ts.port);
    c2.send(fe.startup({ user: 'strom', database: 'strom' }));
    const hello = await c2.until('Z');
    const k = hello.find((m) => m.type === 'K')!.body;
    c2.send(fe.query('copy endless'));
    await c2.until('H');
    await c2.until('d');
    await c2.until('d');
    const cancel = await RawClient.open(ts.port);
    cancel.send(fe.untyped(StartupCode.CancelRequest, k.readInt32BE(0), k.readInt32BE(4)));
    await cancel.waitClosed();
    const rest = await c2.until('Z');
    const err = rest.find((m) => m.type === 'E')!;
    expect(errorFields(err.body)).toMatchObject({ C: '57014', M: 'canceling statement due to user request' });
    expect(ts.engine.stats.cursors.at(-1)!.closed).toBe(true);
  });
});

describe('startup and robustness', () => {
  it('answers SSLRequest and GSSENCRequest with N, then starts up', async () => {
    const c = await RawClient.open(ts.port);
    c.rawMode = true;
    c.send(fe.untyped(StartupCode.SSLRequest));
    await new Promise((r) => setTimeout(r, 50));
    expect(c.rawBytes.toString()).toBe('N');
    c.send(fe.untyped(StartupCode.GSSENCRequest));
    await new Promise((r) => setTimeout(r, 50));
    expect(c.rawBytes.toString()).toBe('NN');
  });

  it('sends ParameterStatus at startup and after SET', async () => {
    const c = await RawClient.open(ts.port);
    c.send(fe.startup({ user: 'strom', database: 'strom', application_name: 'raw' }));
    const hello = await c.until('Z');
    const ps = Object.fromEntries(
      hello.filter((m) => m.type === 'S').map((m) => m.body.toString().split('\0').slice(0, 2) as [string, string]),
    );
    expect(ps).toMatchObject({ server_version: '15.0 (Strom 0.1.0)', application_name: 'raw', TimeZone: 'UTC' });
    expect(types(hello)).toMatch(/^RS+KZ$/);
    c.send(fe.query("set application_name = 'x'"));
    const ms = await c.until('Z');
    expect(types(ms)).toBe('CSZ');
    expect(ms[1]!.body.toString()).toBe('application_name\0x\0');
  });

  it('ignores a CancelRequest with a wrong key', async () => {
    const c = await RawClient.connect(ts.port);
    const cancel = await RawClient.open(ts.port);
    cancel.send(fe.untyped(StartupCode.CancelRequest, 1, 2));
    await cancel.waitClosed();
    c.send(fe.query('select 1'));
    expect(types(await c.until('Z'))).toBe('TDCZ');
  });

  it('closes a connection that sends garbage, while others keep working', async () => {
    const good = await ts.client();
    const bad = await RawClient.open(ts.port);
    bad.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await bad.waitClosed();
    expect(errorFields(bad.messages.find((m) => m.type === 'E')!.body)).toMatchObject({ S: 'FATAL', C: '08P01' });

    const bad2 = await RawClient.connect(ts.port);
    bad2.send(Buffer.from([0x7a, 0, 0, 0, 4]));
    await bad2.waitClosed();
    expect(errorFields(bad2.messages.find((m) => m.type === 'E')!.body).C).toBe('08P01');

    const bad3 = await RawClient.connect(ts.port);
    bad3.send(Buffer.from([0x51, 0xff, 0xff, 0xff, 0xff]));
    await bad3.waitClosed();

    for (let i = 0; i < 20; i++) {
      const junk = await RawClient.open(ts.port);
      junk.send(Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256))));
      junk.destroy();
    }
    expect((await good.query('select 1')).rows).toEqual([{ '?column?': 1 }]);
    expect(ts.logs.filter((l) => l.includes('internal'))).toEqual([]);
  });

  it('handles Terminate', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.terminate());
    await c.waitClosed();
    expect(ts.engine.stats.sessions.at(-1)!.closed).toBe(true);
  });
});

describe('flow control and shutdown', () => {
  it('stops pulling rows while the client does not read (backpressure)', async () => {
    const c = await RawClient.connect(ts.port);
    c.socket.pause();
    c.send(fe.query('wide 50000'));
    await new Promise((r) => setTimeout(r, 300));
    const cursor = ts.engine.stats.cursors.at(-1)!;
    const stalledAt = cursor.pulled;
    expect(stalledAt).toBeGreaterThan(0);
    expect(stalledAt).toBeLessThan(30_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(cursor.pulled).toBe(stalledAt);
    c.socket.resume();
    const ms = await c.until('Z', 20_000);
    expect(ms.filter((m) => m.type === 'D')).toHaveLength(50_000);
    expect(cursor.closed).toBe(true);
  });

  it('close() ends streaming connections with 57P01 and releases their cursors', async () => {
    const c = await RawClient.connect(ts.port);
    c.send(fe.query('endless'));
    await c.until('D');
    await ts.server.close();
    await c.waitClosed();
    const err = c.messages.find((m) => m.type === 'E');
    expect(errorFields(err!.body)).toMatchObject({ S: 'FATAL', C: '57P01' });
    expect(ts.engine.stats.cursors.at(-1)!.closed).toBe(true);
    expect(ts.engine.stats.sessions.at(-1)!.closed).toBe(true);
  });
});
