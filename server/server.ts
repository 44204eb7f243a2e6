/**
 * The TCP listener: accepts connections, runs a Connection on each, enforces max_connections
 * (53300 `sorry, too many clients already`, sent after the StartupMessage as PostgreSQL does) and
 * shuts everything down on close().
 */
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { AuthMethod } from './auth/index.ts';
import { SqlError, SqlState } from '../common/errors.ts';
import type { Engine } from '../engine/api.ts';
import { CancelRegistry } from './cancel-registry.ts';
import { Connection } from './connection.ts';
import { negotiateTls } from './tls-negotiate.ts';

/** Options of startServer. `port` 0 picks a free port. */
export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  /** Connections beyond this get 53300 (default 100; cancel requests are always served). */
  readonly maxConnections?: number;
  /** Receives internal errors and lifecycle lines (default: nothing). */
  readonly log?: (line: string) => void;
  /** Password authentication (default trust): users and passwords from CREATE/ALTER USER (Engine.passwordOf). */
  readonly auth?: AuthMethod;
  /** PEM certificate chain and private key: SSLRequest is answered 'S' and the connection upgraded (docs §55.2.10). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

/** A running server: the port it listens on and a way to stop it. */
export interface RunningServer {
  readonly port: number;
  /** Stops listening, terminates every connection (57P01) and resolves when the listener has closed. */
  close(): Promise<void>;
}

/**
 * Starts a PostgreSQL-wire server on `opts.host:opts.port` for `engine` (trust authentication and
 * no SSL unless `auth` and `tls` say otherwise). Resolves once listening. PostgreSQL docs chapter 55 "Frontend/Backend Protocol".
 */
export function startServer(engine: Engine, opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? (() => undefined);
  const maxConnections = opts.maxConnections ?? 100;
  const registry = new CancelRegistry();
  const connections = new Set<Connection>();
  const sockets = new Set<Socket>();

  const secureContext = opts.tls ? createSecureContext({ cert: opts.tls.cert, key: opts.tls.key }) : undefined;

  const accept = (socket: Socket): void => {
    const reject =
      connections.size >= maxConnections
        ? new SqlError(SqlState.tooManyConnections, 'sorry, too many clients already', { severity: 'FATAL' })
        : undefined;
    try {
      const conn = new Connection(socket, engine, { registry, log, reject, auth: opts.auth });
      connections.add(conn);
      void conn.done.then(
        () => connections.delete(conn),
        (e: unknown) => {
          connections.delete(conn);
          log(`connection failed: ${String(e)}`);
        },
      );
    } catch (e) {
      log(`accepting a connection failed: ${String(e)}`);
      socket.destroy();
    }
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Dead peers (a laptop that went away) are noticed and their connections cleaned up.
    socket.setKeepAlive(true, 60_000);
    if (!secureContext) {
      accept(socket);
      return;
    }
    socket.on('error', () => undefined);
    negotiateTls(socket, secureContext).then(
      (s) => (s ? accept(s) : socket.destroy()),
      (e: unknown) => {
        log(`SSL negotiation failed: ${String(e)}`);
        socket.destroy();
      },
    );
  });
  server.on('error', (e) => log(`server error: ${String(e)}`));

  return new Promise<RunningServer>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        close(): Promise<void> {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            const shutdown = new SqlError(SqlState.adminShutdown, 'terminating connection due to administrator command', {
              severity: 'FATAL',
            });
            for (const c of connections) c.kill(shutdown);
            setTimeout(() => {
              for (const s of sockets) s.destroy();
            }, 500).unref();
          });
          return closing;
        },
      });
    });
  });
}
