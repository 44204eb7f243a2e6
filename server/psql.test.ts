/** The server against the real `psql` (PostgreSQL 15 client), over the FakeEngine. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './testing/harness.ts';
import type { TestServer } from './testing/harness.ts';

const PSQL = '/usr/bin/psql';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

interface PsqlRun {
  code: number;
  stdout: string;
  stderr: string;
}

function psql(args: string[], input?: string, database = 'strom'): Promise<PsqlRun> {
  return new Promise((resolve) => {
    const child = execFile(
      PSQL,
      ['-X', '-h', '127.0.0.1', '-p', String(ts.port), '-U', 'strom', ...args, database],
      { timeout: 10_000, env: { ...process.env, PGCONNECT_TIMEOUT: '5', PGAPPNAME: 'psql-test' } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}

describe.skipIf(!existsSync(PSQL))('psql', () => {
  it('runs a query', async () => {
    const r = await psql(['-c', 'select 1']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(' ?column? \n----------\n        1\n(1 row)\n\n');
  });

  it('fetches through a cursor with FETCH_COUNT', async () => {
    const before = ts.engine.stats.statements.length;
    const r = await psql(['-A', '-t', '-c', '\\set FETCH_COUNT 2', '-c', 'select * from generate(5)']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1|row 1\n2|row 2\n3|row 3\n4|row 4\n5|row 5\n');
    // The fake logs DECLARE's inner SELECT as well; psql sent the rest.
    const sent = ts.engine.stats.statements
      .slice(before)
      .map((s) => s.split(/\s/)[0]!.toUpperCase())
      .filter((w) => w !== 'SELECT');
    expect(sent).toEqual(['BEGIN', 'DECLARE', 'FETCH', 'FETCH', 'FETCH', 'CLOSE', 'COMMIT']);
  });

  it('prints errors with SQLSTATE wording and fails', async () => {
    const r = await psql(['-v', 'VERBOSITY=verbose', '-c', 'fail']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('ERROR:  42703: column "nope" does not exist');
  });

  it('reports a wrong database as FATAL 3D000', async () => {
    const r = await psql(['-c', 'select 1'], undefined, 'other');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('FATAL:  database "other" does not exist');
  });

  it('copies out csv and in from stdin', async () => {
    const out = await psql(['-c', 'copy out csv']);
    expect(out.stdout).toBe('i,s\n1,row 1\n2,row 2\n3,\n4,"tab\there, ""q"""\n');
    const inn = await psql(['-c', 'copy in'], '7\tx\n8\ty\n\\.\n');
    expect(inn.stderr).toBe('');
    expect(inn.stdout).toBe('COPY 2\n');
    expect(ts.engine.stats.copiedIn.at(-1)).toContain('7\tx\n8\ty\n');
  });
});
