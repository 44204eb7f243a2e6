/**
 * Finding and running the external clients of tests/clients (psql aside): sqllogictest-rs, the Python
 * venv of .ci/run, Maven. A client that is missing fails the test under CI (CI=true, where .ci/run
 * installs it) and is skipped with a printed reason elsewhere, never silently.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** The Python of the venv .ci/run creates (tests/clients/python/requirements.txt). */
export const VENV_PYTHON = join(ROOT, '.cache', 'pyvenv', 'bin', 'python');

/** Whether a command is on the PATH (or is an existing path). */
export function which(cmd: string): string | undefined {
  if (cmd.includes('/')) return existsSync(cmd) ? cmd : undefined;
  for (const dir of [...(process.env.PATH ?? '').split(':'), join(homedir(), '.cargo', 'bin')]) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Why a client test cannot run here, or undefined when it can. Under CI a missing client is an
 * error (thrown), elsewhere the reason is printed and the caller skips.
 */
export function missingClient(what: string, found: boolean, howToInstall: string): string | undefined {
  if (found) return undefined;
  const reason = `${what} is not installed (${howToInstall}); .ci/run installs it`;
  if (process.env.CI === 'true') throw new Error(`${reason}, but CI=true and it is missing`);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

/** The result of a finished child process. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command asynchronously (the test server runs in this process, so never block the loop). */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      cmd,
      [...args],
      { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr: err && code === -1 ? `${stderr}\n${String(err)}` : stderr });
      },
    );
  });
}
