/**
 * Golden plans (STYLE.md habit 6): each tests/plans/<name>.sql holds one statement (optionally
 * preceded by `SET 'k' = 'v';` lines, undone by RESET ALL afterwards); its EXPLAIN
 * CHANGELOG_MODE output is checked in as <name>.plan. Run with STROM_PLANS_REWRITE=1 to regenerate
 * the .plan files; a human reads the diff.
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const rewrite = process.env.STROM_PLANS_REWRITE === '1';
const cases = readdirSync(here).filter((f) => f.endsWith('.sql') && f !== 'setup.sql').sort();

describe('golden plans', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.query(readFileSync(join(here, 'setup.sql'), 'utf8'));
  });
  afterAll(async () => {
    await server.stop();
  });

  for (const file of cases) {
    it(file, async () => {
      const sql = readFileSync(join(here, file), 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('--'))
        .join('\n')
        .trim()
        .replace(/;$/, '');
      // Statements before the last (SET 'k' = 'v';) prepare the session; RESET ALL undoes them after.
      const statements = sql.split(/;\s*\n/);
      const last = statements.pop()!;
      for (const st of statements) await client.query(st);
      let r;
      try {
        r = await client.query(`EXPLAIN CHANGELOG_MODE ${last}`);
      } finally {
        if (statements.length > 0) await client.query('RESET ALL');
      }
      const actual = r.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n') + '\n';
      const planFile = join(here, file.replace(/\.sql$/, '.plan'));
      if (rewrite || !existsSync(planFile)) {
        writeFileSync(planFile, actual);
        if (!rewrite) throw new Error(`${planFile} did not exist; wrote it — review and commit it`);
        return;
      }
      expect(actual).toBe(readFileSync(planFile, 'utf8'));
    });
  }
});
