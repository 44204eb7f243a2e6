/**
 * Test helpers: a server on a free port over a FakeEngine, and pg clients connected to it.
 */
import pg from 'pg';
import { startServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import { FakeEngine } from './fake-engine.ts';

/** A running server over a fresh FakeEngine, with a log that tests can inspect. */
export interface TestServer {
  readonly engine: FakeEngine;
  readonly server: RunningServer;
  readonly port: number;
  readonly logs: string[];
  /** A connected pg client (database `strom` unless given). */
  client(database?: string, extra?: pg.ClientConfig): Promise<pg.Client>;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 and a free port. */
export async function startTestServer(maxConnections?: number): Promise<TestServer> {
  const engine = new FakeEngine();
  const logs: string[] = [];
  const server = await startServer(engine, { host: '127.0.0.1', port: 0, maxConnections, log: (l) => logs.push(l) });
  const clients: pg.Client[] = [];
  return {
    engine,
    server,
    port: server.port,
    logs,
    async client(database = 'strom', extra: pg.ClientConfig = {}) {
      const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'strom', database, ...extra });
      c.on('error', () => undefined);
      clients.push(c);
      await c.connect();
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await server.close();
    },
  };
}
