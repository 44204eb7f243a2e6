/**
 * Runs every tests/slt/*.slt file as one vitest test, each against a fresh server. A failing file
 * reports every record that differed, as file:line, the SQL and expected vs actual.
 * STROM_SLT_REWRITE=1 rewrites mismatching expected rows in place (read the diff before committing);
 * STROM_SLT_FILTER=<substring> runs only matching files; STROM_SLT_TIMEOUT_MS bounds one statement
 * (default 5000).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../harness.ts';
import { formatFailures, runSltFile } from './runner.ts';

const dir = dirname(fileURLToPath(import.meta.url));
const filter = process.env['STROM_SLT_FILTER'];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.slt') && (!filter || f.includes(filter)))
  .sort();

describe('sql logic tests', () => {
  for (const file of files) {
    it(file, { timeout: 120_000 }, async () => {
      const server = await startTestServer();
      try {
        const report = await runSltFile(join(dir, file), {
          name: `tests/slt/${file}`,
          connect: () => server.client(),
          rewrite: process.env['STROM_SLT_REWRITE'] === '1',
          // Statements answer in milliseconds; a hung one fails its record and the file goes on.
          statementTimeoutMs: Number(process.env['STROM_SLT_TIMEOUT_MS'] ?? 5000),
        });
        expect(report.records).toBeGreaterThan(0);
        if (report.failures.length > 0) {
          throw new Error(`${report.failures.length} record(s) failed${report.rewritten ? ' (expected rows rewritten)' : ''}:\n\n${formatFailures(report.failures)}`);
        }
      } finally {
        await server.stop();
      }
    });
  }
});
