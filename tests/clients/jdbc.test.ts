/**
 * pgjdbc (Maven Central org.postgresql:postgresql 42.7.4) against a live server (issue 4 §3): a live
 * view, PreparedStatement with typed and array parameters (server-prepared, binary transfer),
 * setFetchSize streaming, DatabaseMetaData. The Maven project is tests/clients/jdbc; .ci/run fetches
 * its dependencies once, so this test compiles offline (`mvn -q -o`), online only as a fallback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../harness.ts';
import type { TestServer } from '../harness.ts';
import { ROOT, missingClient, run, which } from './client-bin.ts';

const DIR = join(ROOT, 'tests', 'clients', 'jdbc');
const skip = missingClient('Maven and Java', which('mvn') !== undefined && which('java') !== undefined, 'apt-get install maven openjdk-17-jdk-headless');

let server: TestServer;
let classpath = '';

/** Compiles the project and writes its classpath, offline first. */
async function build(): Promise<string> {
  const args = ['-q', '-B', 'compile', 'dependency:build-classpath', '-Dmdep.outputFile=target/classpath.txt'];
  let r = await run('mvn', ['-o', ...args], { cwd: DIR, timeoutMs: 300_000 });
  if (r.code !== 0) r = await run('mvn', args, { cwd: DIR, timeoutMs: 300_000 });
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return `${join(DIR, 'target', 'classes')}:${readFileSync(join(DIR, 'target', 'classpath.txt'), 'utf8').trim()}`;
}

/** Runs JdbcCheck's named checks in order on one connection; returns the `ok` lines. */
async function check(...names: string[]): Promise<string[]> {
  const r = await run('java', ['-cp', classpath, 'JdbcCheck', String(server.port), ...names], { timeoutMs: 60_000 });
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout.split('\n').filter((l) => l.startsWith('ok '));
}

describe.skipIf(skip !== undefined)('pgjdbc', () => {
  beforeAll(async () => {
    classpath = await build();
    expect(existsSync(join(DIR, 'target', 'classes', 'JdbcCheck.class'))).toBe(true);
    server = await startTestServer();
  }, 320_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('drives a live view, then typed and array parameters, then setFetchSize streaming', async () => {
    expect(await check('live', 'prepared', 'fetch')).toHaveLength(3);
  }, 90_000);

  it('DatabaseMetaData: getCatalogs, getSchemas, getTables (MATERIALIZED VIEW), getColumns, getPrimaryKeys', async () => {
    expect(await check('metadata')).toHaveLength(1);
  }, 90_000);
});
