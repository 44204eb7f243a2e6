/**
 * A real PostgreSQL server for tests: the oracle of the differential suite and the remote
 * dimension table of lookup-join tests. It starts a private, throw-away cluster (initdb + pg_ctl from
 * Debian's `postgresql` package, C locale, UTF8, trust auth, a free port, a temp directory) and stops
 * it when the tests end. When Strom runs as root, the cluster runs as the `postgres` OS user (PostgreSQL
 * refuses to run as root).
 *
 * `STROM_TEST_PG_URL` overrides all this with an existing server. Without either, `pgAvailable()`
 * explains why; tests that need PostgreSQL fail in CI (CI=true) and are skipped with that reason
 * printed elsewhere — never silently.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running PostgreSQL for tests. */
export interface PgOracle {
  /** A connection string for the `postgres` database as a superuser. */
  readonly url: string;
  readonly port: number;
  /** Stops the cluster (no-op for an external server). */
  stop(): void;
}

/** The directory of PostgreSQL's server binaries (initdb, pg_ctl), if installed. */
export function pgBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0]!, 'bin') : undefined;
}

/** Undefined when a PostgreSQL can be had; otherwise the reason it cannot. */
export function pgUnavailableReason(): string | undefined {
  if (process.env.STROM_TEST_PG_URL) return undefined;
  if (!pgBinDir()) return 'PostgreSQL server binaries not found (install Debian package "postgresql", or set STROM_TEST_PG_URL)';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts a private PostgreSQL cluster (or returns the external one). Throws with initdb/pg_ctl output on failure. */
export async function startPgOracle(): Promise<PgOracle> {
  const external = process.env.STROM_TEST_PG_URL;
  if (external) return { url: external, port: Number(new URL(external).port || 5432), stop: () => {} };
  const bin = pgBinDir();
  if (!bin) throw new Error(pgUnavailableReason());
  const dir = mkdtempSync(join(tmpdir(), 'strom-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C', '--encoding=UTF8', '--no-sync']);
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** For tests that need PostgreSQL: in CI a missing server is an error, locally a printed skip reason. */
export function requirePgOrSkipReason(): string | undefined {
  const reason = pgUnavailableReason();
  if (reason && process.env.CI === 'true') throw new Error(`CI needs PostgreSQL for these tests: ${reason}`);
  if (reason) console.warn(`SKIPPED (PostgreSQL tests): ${reason}`);
  return reason;
}

