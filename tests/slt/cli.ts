/**
 * Runs .slt files against a server that is already running (a Strom started with `npm start`, or a
 * PostgreSQL to cross-check the expected output of the non-streaming files):
 *
 *   npx tsx tests/slt/cli.ts [--port 5433] [--host 127.0.0.1] [--database strom] [--rewrite] FILE…
 */
import pg from 'pg';
import { formatFailures, runSltFile } from './runner.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1] ?? fallback;
  args.splice(i, 2);
  return v;
};
const port = Number(opt('--port', '5433'));
const host = opt('--host', '127.0.0.1');
const database = opt('--database', 'strom');
const rewrite = args.includes('--rewrite');
const files = args.filter((a) => a !== '--rewrite');

let failed = 0;
for (const file of files) {
  const report = await runSltFile(file, {
    connect: async () => {
      const c = new pg.Client({ host, port, user: 'strom', database });
      c.on('error', () => {});
      await c.connect();
      return c;
    },
    rewrite,
  });
  failed += report.failures.length;
  console.log(`${file}: ${report.records} records, ${report.failures.length} failed`);
  if (report.failures.length) console.log(`${formatFailures(report.failures)}\n`);
}
process.exitCode = failed > 0 ? 1 : 0;
