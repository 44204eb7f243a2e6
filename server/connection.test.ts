/**
 * The server over real sockets, driven by node-postgres (pg, pg-cursor, pg-query-stream) against
 * the FakeEngine of server/testing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import Cursor from 'pg-cursor';
import QueryStream from 'pg-query-stream';
import { startTestServer } from './testing/harness.ts';
import type { TestServer } from './testing/harness.ts';
import { binaryBytes } from './protocol/binary.ts';
import { T } from '../common/types.ts';

let ts: TestServer;
beforeEach(async () => {
  ts = await startTestServer();
});
afterEach(async () => {
  await ts.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function cancelFrom(ts: TestServer, client: pg.Client, query: unknown): Promise<void> {
  const canceler = new pg.Client({ host: '127.0.0.1', port: ts.port, user: 'strom', database: 'strom' });
  canceler.on('error', () => undefined);
  (canceler as unknown as { cancel(c: pg.Client, q: unknown): void }).cancel(client, query);
}

async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('simple query', () => {
  it('runs several statements and returns each result', async () => {
    const c = await ts.client();
    const results = (await c.query('select 1; generate 3; begin; commit')) as unknown as pg.QueryResult[];
    expect(results.map((r) => r.command)).toEqual(['SELECT', 'SELECT', 'BEGIN', 'COMMIT']);
    expect(results[0]!.rows).toEqual([{ '?column?': 1 }]);
    expect(results[1]!.rows).toEqual([
      { i: 1, s: 'row 1' },
      { i: 2, s: 'row 2' },
      { i: 3, s: 'row 3' },
    ]);
  });

  it('reports SQLSTATE and position, skips the rest, and stays usable', async () => {
    const c = await ts.client();
    await expect(c.query('select 1;  syntax')).rejects.toMatchObject({ code: '42601', position: '12' });
    await expect(c.query('select 1; fail; set x = 1')).rejects.toMatchObject({ code: '42703', position: '1' });
    expect((await c.query('show x')).rows).toEqual([{ x: '' }]);
    expect((await c.query('select 2')).rows).toEqual([{ '?column?': 2 }]);
  });

  it('answers an empty query string', async () => {
    const c = await ts.client();
    const r = await c.query('');
    expect(r.rows ?? []).toEqual([]);
  });

  it('sends notices and text values of every type', async () => {
    const c = await ts.client();
    const notices: string[] = [];
    c.on('notice', (n) => notices.push(n.message ?? ''));
    await c.query('notice');
    expect(notices).toEqual(['hello from the fake']);
    const r = await c.query({ text: 'types', rowMode: 'array', types: { getTypeParser: () => (v: string) => v } });
    expect(r.rows[0]).toEqual([
      't',
      '-7',
      '123456',
      '9007199254740993',
      '1.5',
      '-12345.678',
      'héllo',
      '\\x0102ff',
      '2024-01-01',
      '2024-01-01 00:00:00.123456',
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      '{1,NULL,3}',
      null,
    ]);
  });

  it('applies statement_timeout', async () => {
    const c = await ts.client();
    await c.query('set statement_timeout = 50');
    await expect(c.query('sleep 2000')).rejects.toMatchObject({
      code: '57014',
      message: 'canceling statement due to statement timeout',
    });
    await c.query('set statement_timeout = 0');
    expect((await c.query('select 3')).rows).toEqual([{ '?column?': 3 }]);
  });

  it('reports the transaction status and a failed block', async () => {
    const c = await ts.client();
    await c.query('begin');
    await expect(c.query('fail')).rejects.toMatchObject({ code: '42703' });
    await expect(c.query('select 1')).rejects.toMatchObject({ code: '25P02' });
    await c.query('rollback');
    expect((await c.query('select 1')).rows).toHaveLength(1);
  });

  it('cancels a streaming subscription on CancelRequest and stays usable', async () => {
    const c = await ts.client();
    const q = new pg.Query('endless');
    let rows = 0;
    q.on('row', () => rows++);
    const done = new Promise<unknown>((resolve) => {
      q.on('error', resolve);
      q.on('end', () => resolve('ended'));
    });
    c.query(q);
    await waitFor(() => rows >= 5);
    await cancelFrom(ts, c, q);
    const err = await done;
    expect(err).toMatchObject({ code: '57014', message: 'canceling statement due to user request' });
    await waitFor(() => ts.engine.stats.cursors.at(-1)!.closed);
    expect((await c.query('select 4')).rows).toEqual([{ '?column?': 4 }]);
  });

  it('closes the cursor and session when the client disconnects mid-stream', async () => {
    const c = await ts.client();
    const q = new pg.Query('endless');
    let rows = 0;
    q.on('row', () => rows++);
    q.on('error', () => undefined);
    c.query(q);
    await waitFor(() => rows >= 3);
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const cursor = ts.engine.stats.cursors.at(-1)!;
    await waitFor(() => cursor.closed);
    await waitFor(() => ts.engine.stats.sessions.at(-1)!.closed);
  });
});

describe('startup', () => {
  it('surfaces 3D000 from openSession as a connection error', async () => {
    await expect(ts.client('nope')).rejects.toMatchObject({ code: '3D000', message: 'database "nope" does not exist' });
  });

  it('refuses connections beyond maxConnections with 53300', async () => {
    const small = await startTestServer(1);
    try {
      const first = await small.client();
      await expect(small.client()).rejects.toMatchObject({ code: '53300' });
      expect((await first.query('select 1')).rows).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});

describe('extended query', () => {
  it('binds text and binary parameters', async () => {
    const c = await ts.client();
    expect((await c.query('select $1::int4, $2', [42, 'x'])).rows).toEqual([{ p1: 42, p2: 'x' }]);
    const bin = binaryBytes(T.int4, -5);
    expect((await c.query('select $1::int4', [bin])).rows).toEqual([{ p1: -5 }]);
    expect((await c.query('select $1::int4', [null])).rows).toEqual([{ p1: null }]);
    await expect(c.query('select $1::int4', ['zz'])).rejects.toMatchObject({ code: '22P02' });
    await expect(c.query('select $1::int4', [Buffer.from([1])])).rejects.toMatchObject({ code: '22P03' });
  });

  it('reuses named statements', async () => {
    const c = await ts.client();
    const a = await c.query({ name: 'st', text: 'select $1::int4', values: [1] });
    const b = await c.query({ name: 'st', text: 'select $1::int4', values: [2] });
    expect([a.rows, b.rows]).toEqual([[{ p1: 1 }], [{ p1: 2 }]]);
  });

  it('recovers after an error once Sync arrives', async () => {
    const c = await ts.client();
    await expect(c.query({ text: 'fail', values: [] })).rejects.toMatchObject({ code: '42703' });
    await expect(c.query({ text: 'generate 2', values: [] })).resolves.toMatchObject({ rowCount: 2 });
  });

  it('suspends a portal at the row limit (pg-cursor read(2))', async () => {
    const c = await ts.client();
    const cur = c.query(new Cursor('generate 5'));
    const sizes: number[] = [];
    for (;;) {
      const rows = await cur.read(2);
      sizes.push(rows.length);
      if (rows.length === 0) break;
    }
    expect(sizes).toEqual([2, 2, 1, 0]);
    await cur.close();
    expect((await c.query('select 1')).rows).toHaveLength(1);
  });

  it('streams with pg-query-stream', async () => {
    const c = await ts.client();
    const stream = c.query(new QueryStream('generate 2500', [], { batchSize: 100 }));
    let n = 0;
    for await (const _row of stream) n++;
    expect(n).toBe(2500);
  });

  it('reads an endless cursor and cancels it', async () => {
    const c = await ts.client();
    const cur = c.query(new Cursor('endless'));
    const first = await cur.read(2);
    expect(first.length).toBeGreaterThanOrEqual(1);
    const second = await cur.read(2);
    expect(second.length).toBeGreaterThanOrEqual(1);
    await cur.close();
    await waitFor(() => ts.engine.stats.cursors.at(-1)!.closed);

    const slow = c.query(new Cursor('slow'));
    const pending = slow.read(1);
    await sleep(50);
    await cancelFrom(ts, c, slow);
    await expect(pending).rejects.toMatchObject({ code: '57014' });
    await waitFor(() => ts.engine.stats.cursors.at(-1)!.closed);
    expect((await c.query('select 5')).rows).toEqual([{ '?column?': 5 }]);
  });
});
