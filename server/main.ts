/**
 * The `npm start` entry point: opens the database in the data directory and serves the Postgres
 * wire protocol. Flags: --host H (default 127.0.0.1), --port N (default 5433), --data-dir DIR
 * (default ./data), --max-connections N (default 100), --auth trust|md5|scram-sha-256 (default
 * trust), --tls-cert FILE and --tls-key FILE (PEM; both or neither), --parallelism N (default of
 * `parallelism.default`; N > 1 starts N worker threads at once, engine/parallel). SIGINT/SIGTERM stop jobs, close
 * connections and files, then exit.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { Database } from '../engine/database.ts';
import { AUTH_METHODS } from './auth/index.ts';
import type { AuthMethod } from './auth/index.ts';
import { startServer } from './server.ts';
import { setFlinkDefault } from '../engine/settings.ts';
import { prewarm } from '../engine/parallel/worker-pool.ts';

const USAGE = `usage: npm start -- [--host H] [--port N] [--data-dir DIR] [--max-connections N] [--auth trust|md5|scram-sha-256] [--tls-cert FILE --tls-key FILE] [--parallelism N]`;

/** Parsed command-line options. */
export interface MainOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly maxConnections: number;
  readonly auth: AuthMethod;
  /** PEM file paths; both set or neither. */
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  /** Default `parallelism.default` of sessions (worker threads per continuous job). */
  readonly parallelism: number;
}

/** Parses argv (without node and script); throws Error with a usage line on bad flags. */
export function parseMainArgs(argv: readonly string[]): MainOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5433' },
      'data-dir': { type: 'string', default: './data' },
      'max-connections': { type: 'string', default: '100' },
      auth: { type: 'string', default: 'trust' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      parallelism: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const port = Number(values.port);
  const maxConnections = Number(values['max-connections']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port "${values.port}"\n${USAGE}`);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new Error(`invalid --max-connections "${values['max-connections']}"\n${USAGE}`);
  const parallelism = Number(values.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new Error(`invalid --parallelism "${values.parallelism}"\n${USAGE}`);
  const auth = values.auth as AuthMethod;
  if (!AUTH_METHODS.includes(auth)) throw new Error(`invalid --auth "${values.auth}" (expected ${AUTH_METHODS.join(', ')})\n${USAGE}`);
  const tlsCert = values['tls-cert'];
  const tlsKey = values['tls-key'];
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new Error(`--tls-cert and --tls-key go together\n${USAGE}`);
  return { host: values.host!, port, dataDir: resolve(values['data-dir']!), maxConnections, auth, tlsCert, tlsKey, parallelism };
}

async function main(): Promise<void> {
  let opts: MainOptions;
  try {
    opts = parseMainArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  if (opts.parallelism > 1) {
    setFlinkDefault('parallelism.default', String(opts.parallelism));
    prewarm(opts.parallelism);
  }
  const db = Database.open({ dataDir: opts.dataDir, log });
  const tls = opts.tlsCert && opts.tlsKey ? { cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey) } : undefined;
  const server = await startServer(db, { host: opts.host, port: opts.port, maxConnections: opts.maxConnections, log, auth: opts.auth, tls });
  console.log(`Strom listening on ${opts.host}:${server.port} (data in ${opts.dataDir}); connect with: psql -h ${opts.host} -p ${server.port} -U strom strom`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    await server.close();
    await db.shutdown();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
