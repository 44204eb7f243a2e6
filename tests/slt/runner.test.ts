/** The .slt runner itself, over a fake connection (no server): parsing, comparison, rewrite, let/poll. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSlt } from './parse.ts';
import { runSltFile } from './runner.ts';

type Answer = { fields: string[]; rows: (string | null)[][] } | { error: { code: string; message: string; detail?: string } };

/** A connection answering from `answer(sql)`; records the SQL it saw. */
function fake(answer: (sql: string) => Answer, seen: string[] = []): () => Promise<pg.Client> {
  return async () =>
    ({
      async query(cfg: { text: string }) {
        seen.push(cfg.text);
        const a = answer(cfg.text);
        if ('error' in a) throw Object.assign(new Error(a.error.message), a.error);
        return { fields: a.fields.map((name) => ({ name })), rows: a.rows };
      },
      async end() {},
    }) as unknown as pg.Client;
}

const dir = mkdtempSync(join(tmpdir(), 'strom-slt-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string): string {
  const p = join(dir, `t${n++}.slt`);
  writeFileSync(p, text);
  return p;
}

describe('parseSlt', () => {
  it('reads records, line numbers, sort modes, filters and directives', () => {
    const recs = parseSlt(
      [
        '# comment',
        'statement ok',
        'CREATE TABLE t (a INT)',
        '',
        'statement error 42P01 relation "x"',
        'SELECT * FROM x',
        '',
        'poll 500',
        'query IT rowsort columns=a,b where=b~^x',
        'SELECT a, b',
        'FROM t',
        '----',
        '1 x',
        '',
        'let v id',
        'SHOW JOBS',
        '',
        'sleep 1s',
        'halt',
      ].join('\n'),
    );
    expect(recs.map((r) => [r.kind, r.line])).toEqual([
      ['statement', 2],
      ['statement', 5],
      ['query', 9],
      ['let', 15],
      ['sleep', 18],
      ['halt', 19],
    ]);
    const err = recs[1]!;
    expect(err.kind === 'statement' && !err.expect.ok && [err.expect.sqlstate, err.expect.pattern?.source]).toEqual(['42P01', 'relation "x"']);
    const q = recs[2]!;
    expect(q.kind === 'query' && [q.sql, q.types, q.sort, q.pollMs, q.expected, q.filter.columns]).toEqual(['SELECT a, b\nFROM t', 'IT', 'rowsort', 500, ['1 x'], ['a', 'b']]);
    expect(recs[4]!.kind === 'sleep' && recs[4]!.ms).toBe(1000);
  });

  it('rejects unknown records and bad type letters', () => {
    expect(() => parseSlt('querx I\nSELECT 1\n')).toThrow(/line 1/);
    expect(() => parseSlt('query X\nSELECT 1\n')).toThrow(/types/);
  });
});

describe('runSltFile', () => {
  it('compares NULL, empty strings, whitespace and sort modes', async () => {
    const p = file(
      [
        'query TTI rowsort',
        'SELECT 1',
        '----',
        'b   (empty) 2',
        'a NULL 1',
        '',
        'query I valuesort',
        'SELECT 2',
        '----',
        '3 1',
        '2',
      ].join('\n'),
    );
    const report = await runSltFile(p, {
      connect: fake((sql) =>
        sql === 'SELECT 1'
          ? { fields: ['x', 'y', 'z'], rows: [['a', null, '1'], ['b', '', '2']] }
          : { fields: ['v'], rows: [['1'], ['2'], ['3']] },
      ),
    });
    expect(report.failures).toEqual([]);
    expect(report.records).toBe(2);
  });

  it('reports differences, wrong types, unexpected errors and missing errors with file:line', async () => {
    const p = file(
      [
        'query I',
        'SELECT wrong',
        '----',
        '1',
        '',
        'query I',
        'SELECT text',
        '----',
        'x',
        '',
        'statement ok',
        'FAIL',
        '',
        'statement error 23505',
        'SELECT fine',
        '',
        'statement error 23505',
        'FAIL',
      ].join('\n'),
    );
    const report = await runSltFile(p, {
      name: 'x.slt',
      connect: fake((sql) => {
        if (sql === 'FAIL') return { error: { code: '42P01', message: 'relation "t" does not exist' } };
        if (sql === 'SELECT wrong') return { fields: ['a'], rows: [['2']] };
        if (sql === 'SELECT text') return { fields: ['a'], rows: [['x']] };
        return { fields: [], rows: [] };
      }),
    });
    expect(report.failures.map((f) => f.location)).toEqual(['x.slt:1', 'x.slt:6', 'x.slt:11', 'x.slt:14', 'x.slt:17']);
    expect(report.failures[0]!.message).toContain('expected:\n    1\n  actual:\n    2');
    expect(report.failures[1]!.message).toContain('declared I');
    expect(report.failures[2]!.message).toContain('42P01');
    expect(report.failures[3]!.message).toContain('succeeded');
    expect(report.failures[4]!.message).toContain('expected SQLSTATE 23505');
  });

  it('matches error patterns against the detail too', async () => {
    const p = file('statement error 22023 supported options: a, b\nCREATE x\n');
    const report = await runSltFile(p, {
      connect: fake(() => ({ error: { code: '22023', message: 'unsupported option "c"', detail: 'supported options: a, b' } })),
    });
    expect(report.failures).toEqual([]);
  });

  it('rewrites the expected rows of mismatching queries in place', async () => {
    const p = file(['# keep me', 'query II', 'SELECT 1', '----', '9 9', '', 'query I', 'SELECT 2', '', 'query I', 'SELECT 3', '----', '3', ''].join('\n'));
    const report = await runSltFile(p, {
      rewrite: true,
      connect: fake((sql) => (sql === 'SELECT 1' ? { fields: ['a', 'b'], rows: [['1', '2'], ['3', null]] } : { fields: ['a'], rows: [[sql.slice(-1)]] })),
    });
    expect(report.rewritten).toBe(true);
    expect(readFileSync(p, 'utf8')).toBe(
      ['# keep me', 'query II', 'SELECT 1', '----', '1 2', '3 NULL', '', 'query I', 'SELECT 2', '----', '2', '', 'query I', 'SELECT 3', '----', '3', ''].join('\n'),
    );
  });

  it('binds variables with let, filters results, and polls until a query matches', async () => {
    let calls = 0;
    const seen: string[] = [];
    const p = file(
      [
        'let job id where=statement~^INSERT',
        'SHOW JOBS',
        '',
        'statement ok',
        "STOP JOB '${job}'",
        '',
        'poll 2000',
        'query T columns=status where=id~^b2$',
        'SHOW JOBS',
        '----',
        'CANCELED',
      ].join('\n'),
    );
    const report = await runSltFile(p, {
      connect: fake((sql) => {
        if (sql !== 'SHOW JOBS') return { fields: [], rows: [] };
        calls++;
        return {
          fields: ['id', 'statement', 'status'],
          rows: [
            ['a1', 'CREATE MATERIALIZED VIEW v', 'RUNNING'],
            ['b2', 'INSERT INTO s SELECT 1', calls >= 4 ? 'CANCELED' : 'RUNNING'],
          ],
        };
      }, seen),
    });
    expect(report.failures).toEqual([]);
    expect(seen).toContain("STOP JOB 'b2'");
    expect(calls).toBe(4);
  });

  it('gives up on a statement that hangs and goes on with a new connection', async () => {
    let connections = 0;
    const p = file(['statement ok', 'HANG', '', 'query I', 'SELECT 1', '----', '1'].join('\n'));
    const report = await runSltFile(p, {
      statementTimeoutMs: 200,
      connect: async () => {
        connections++;
        return {
          query: (cfg: { text: string }) => (cfg.text === 'HANG' ? new Promise(() => {}) : Promise.resolve({ fields: [{ name: 'a' }], rows: [['1']] })),
          end: async () => {},
        } as unknown as pg.Client;
      },
    });
    expect(report.failures.map((f) => f.message)).toEqual(['expected success, got ERROR (no SQLSTATE): no answer within 200 ms']);
    expect(connections).toBe(2);
  });
});
