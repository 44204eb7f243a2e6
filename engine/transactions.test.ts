import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../tests/harness.ts';

describe('transaction blocks (statements apply when they complete)', () => {
  let server: TestServer;
  let c: pg.Client;
  const notices: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    c = await server.client();
    c.on('notice', (n) => notices.push(`${n.severity} ${n.message}`));
    await c.query('CREATE TABLE tx (id INT PRIMARY KEY)');
  });
  afterAll(() => server.stop());

  it('ROLLBACK after a write warns that nothing was undone, and the row stays', async () => {
    notices.length = 0;
    await c.query('BEGIN');
    await c.query('INSERT INTO tx VALUES (1)');
    await c.query('ROLLBACK');
    expect(notices.some((n) => n.startsWith('WARNING ROLLBACK does not undo changes'))).toBe(true);
    expect((await c.query('SELECT count(*)::int AS n FROM tx')).rows[0].n).toBe(1);
  });

  it('ROLLBACK of a read-only block says nothing', async () => {
    notices.length = 0;
    await c.query('BEGIN');
    await c.query('SELECT * FROM tx');
    await c.query('ROLLBACK');
    expect(notices).toEqual([]);
  });
});
