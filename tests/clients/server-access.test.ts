/**
 * Who may connect and for how long (issue 4 §2): `--auth scram-sha-256 | md5` with users from
 * CREATE/ALTER USER, through node-postgres and psql (libpq); TLS after SSLRequest with a self-signed
 * certificate made by the openssl CLI; max_connections (53300), statement_timeout (57014),
 * idle_session_timeout (57P05) and idle_in_transaction_session_timeout (25P03).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../harness.ts';
import type { TestServer } from '../harness.ts';

/** The error a promise rejects with (fails the test if it resolves). */
async function errorOf(p: Promise<unknown>): Promise<pg.DatabaseError> {
  try {
    await p;
  } catch (e) {
    return e as pg.DatabaseError;
  }
  throw new Error('expected a failure, but it succeeded');
}

/** Connects, runs `SELECT current_user`-free probe `SELECT 1 AS one`, and closes. */
async function probe(port: number, user: string, password: string | undefined, extra: Partial<pg.ClientConfig> = {}): Promise<number> {
  const c = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'strom', ...extra });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query('SELECT 1 AS one')).rows[0].one as number;
  } finally {
    await c.end();
  }
}

/** psql -c with PGPASSWORD (asynchronously: the server runs in this process); stdout and stderr. */
function psql(port: number, user: string, password: string, sql: string, env: Record<string, string> = {}): Promise<{ out: string; err: string }> {
  const args = ['-X', '-A', '-t', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'strom', '-c', sql];
  const opts = { env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5', ...env }, encoding: 'utf8' as const, timeout: 20_000 };
  return new Promise((resolve) => {
    execFile('psql', args, opts, (_e, stdout, stderr) => resolve({ out: stdout.trim(), err: stderr.trim() }));
  });
}

for (const method of ['scram-sha-256', 'md5'] as const) {
  describe(`--auth ${method}`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ server: { auth: method }, setup: ["CREATE USER alice WITH PASSWORD 'secret'"] });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('lets in a user with the right password (node-postgres and psql)', async () => {
      expect(await probe(server.port, 'alice', 'secret')).toBe(1);
      const r = await psql(server.port, 'alice', 'secret', 'SELECT 40 + 2');
      expect(r.err).toBe('');
      expect(r.out).toBe('42');
    });

    it('refuses a wrong password or an unknown user with 28P01', async () => {
      const e = await errorOf(probe(server.port, 'alice', 'wrong'));
      expect(e.code).toBe('28P01');
      expect(e.message).toBe('password authentication failed for user "alice"');
      const u = await errorOf(probe(server.port, 'mallory', 'secret'));
      expect(u.code).toBe('28P01');
      expect(u.message).toBe('password authentication failed for user "mallory"');
      expect((await psql(server.port, 'alice', 'wrong', 'SELECT 1')).err).toContain('password authentication failed for user "alice"');
    });

    it('takes a new password from ALTER USER and stores a SCRAM verifier', async () => {
      const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'alice', password: 'secret', database: 'strom' });
      await c.connect();
      await c.query("ALTER USER alice WITH PASSWORD 'n3w'");
      await c.end();
      expect(await probe(server.port, 'alice', 'n3w')).toBe(1);
      expect((await errorOf(probe(server.port, 'alice', 'secret'))).code).toBe('28P01');
      const stored = server.db.catalog.users().find((u) => u.name === 'alice')!;
      expect(stored.password).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(stored.md5Password).toMatch(/^md5[0-9a-f]{32}$/);
    });
  });
}

describe('trust (the default)', () => {
  it('lets anyone in without a password', async () => {
    const server = await startTestServer();
    try {
      expect(await probe(server.port, 'whoever', undefined)).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

/** A self-signed certificate for 127.0.0.1 made with the openssl CLI (CI installs Debian's openssl with PostgreSQL). */
function selfSignedCert(): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'strom-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('TLS', () => {
  let server: TestServer;
  let tls: { cert: Buffer; key: Buffer };
  beforeAll(async () => {
    tls = selfSignedCert();
    server = await startTestServer({ server: { tls, auth: 'scram-sha-256' }, setup: ["CREATE USER bob PASSWORD 'pw'"] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers SSLRequest with S and upgrades the socket (node-postgres, with the certificate checked)', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'bob', password: 'pw', database: 'strom', ssl: { ca: tls.cert, servername: '127.0.0.1' } });
    await c.connect();
    const stream = (c as unknown as { connection: { stream: TLSSocket } }).connection.stream;
    expect(stream.encrypted).toBe(true);
    expect((await c.query('SELECT 7 AS n')).rows).toEqual([{ n: 7 }]);
    await c.end();
  });

  it('serves psql with sslmode=require, and clients that do not ask for SSL in the clear', async () => {
    const r = await psql(server.port, 'bob', 'pw', 'SELECT 1', { PGSSLMODE: 'require' });
    expect(r.err).toBe('');
    expect(r.out).toBe('1');
    expect(await probe(server.port, 'bob', 'pw')).toBe(1);
  });
});

describe('limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ server: { maxConnections: 2 } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses connections beyond --max-connections with 53300', async () => {
    const a = await server.client();
    const b = await server.client();
    const e = await errorOf(probe(server.port, 'strom', undefined));
    expect(e.code).toBe('53300');
    expect(e.message).toBe('sorry, too many clients already');
    await a.end();
    await b.end();
  });

  it('cancels a statement after statement_timeout with 57014', async () => {
    const c = await server.client();
    await c.query('CREATE TABLE ticks (n INT)');
    await c.query("SET statement_timeout = '150ms'");
    const e = await errorOf(c.query('SUBSCRIBE TO ticks'));
    expect(e.code).toBe('57014');
    expect(e.message).toBe('canceling statement due to statement timeout');
    expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await c.end();
  });

  it('ends an idle session after idle_session_timeout (57P05) and one idle in a transaction (25P03)', async () => {
    for (const [setup, code, message] of [
      [["SET idle_session_timeout = '200ms'"], '57P05', 'terminating connection due to idle-session timeout'],
      [["SET idle_in_transaction_session_timeout = '200ms'", 'BEGIN'], '25P03', 'terminating connection due to idle-in-transaction timeout'],
    ] as const) {
      const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'strom', database: 'strom' });
      const failure = new Promise<pg.DatabaseError>((resolve) => c.on('error', (err) => resolve(err as pg.DatabaseError)));
      await c.connect();
      for (const sql of setup) await c.query(sql);
      const e = await failure;
      expect(e.code).toBe(code);
      expect(e.message).toBe(message);
      await c.end().catch(() => undefined);
    }
  });
});
