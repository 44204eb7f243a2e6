/**
 * Python clients against a live server (issue 4 §3): psycopg2 and psycopg 3 (parameters, binary
 * parameters and results, server-side cursors, COPY) and SQLAlchemy 2's `inspect(engine)`, each a
 * script in tests/clients/python/ run with the venv .ci/run makes (.cache/pyvenv, from
 * tests/clients/python/requirements.txt). Each script drives a live view and prints `ok …` lines.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../harness.ts';
import type { TestServer } from '../harness.ts';
import { VENV_PYTHON, missingClient, run } from './client-bin.ts';

const skip = missingClient('the Python client venv', existsSync(VENV_PYTHON), 'python3 -m venv .cache/pyvenv && .cache/pyvenv/bin/pip install -r tests/clients/python/requirements.txt');

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Runs a script against a fresh server; returns its `ok` lines, failing with its output otherwise. */
async function runScript(script: string, ...args: string[]): Promise<string[]> {
  server = await startTestServer();
  const r = await run(VENV_PYTHON, [`tests/clients/python/${script}`, String(server.port), ...args], { timeoutMs: 90_000 });
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout.split('\n').filter((l) => l.startsWith('ok '));
}

describe.skipIf(skip !== undefined)('python clients', () => {
  it('psycopg2: live view, parameters, COPY, server-side cursor', async () => {
    expect(await runScript('psycopg_check.py', 'psycopg2')).toHaveLength(3);
  }, 120_000);

  it('psycopg 3: live view, binary parameters and results of every type, COPY (binary out), server-side cursor', async () => {
    expect(await runScript('psycopg_check.py', 'psycopg3')).toHaveLength(4);
  }, 120_000);

  it('SQLAlchemy 2: inspect() of tables, views, materialized views, columns, keys, indexes', async () => {
    expect(await runScript('sqlalchemy_check.py')).toHaveLength(10);
  }, 120_000);
});
