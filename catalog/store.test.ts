import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCatalog } from './store.ts';
import type { JobInfo, TableInfo, ViewInfo } from './catalog.ts';
import { T } from '../common/types.ts';
import { SqlError } from '../common/errors.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'strom-cat-'));
  dirs.push(d);
  return join(d, 'data');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function table(name: string, extra: Partial<TableInfo> = {}): Omit<TableInfo, 'oid'> {
  return {
    kind: 'table',
    name,
    columns: [
      { name: 'id', type: T.int8, nullable: false },
      { name: 'ts', type: { id: 'timestamp', precision: 3 }, nullable: true },
      { name: 'pt', type: T.timestamptz, nullable: true, computed: 'PROCTIME()' },
    ],
    sql: `CREATE TABLE ${name} (id BIGINT)`,
    createdAt: 1_700_000_000_000,
    connector: 'nexmark',
    options: { connector: 'nexmark', 'nexmark.table.type': 'bid' },
    primaryKey: ['id'],
    watermark: { column: 'ts', expr: "ts - INTERVAL '4' SECOND" },
    ...extra,
  };
}

function view(name: string, dependsOn: string[]): Omit<ViewInfo, 'oid'> {
  return { kind: 'view', name, columns: [{ name: 'id', type: T.int8, nullable: true }], sql: `CREATE VIEW ${name} AS …`, createdAt: 1, query: 'SELECT id FROM t', dependsOn };
}

const job: JobInfo = { id: 'a1b2c3d4', statement: 'INSERT INTO s SELECT * FROM t', kind: 'insert', target: 's', status: 'RUNNING', startedAt: 5, endedAt: undefined, error: undefined };

describe('SqliteCatalog', () => {
  it('creates the directory and a WAL database', () => {
    const dir = tempDir();
    const c = SqliteCatalog.open(dir);
    expect(existsSync(join(dir, 'catalog.db'))).toBe(true);
    c.close();
  });

  it('keeps relations, jobs, users and rows across close and reopen', () => {
    const dir = tempDir();
    let c = SqliteCatalog.open(dir);
    const t = c.addRelation(table('bids'));
    const v = c.addRelation(view('v', ['bids']));
    c.addRelation({ ...view('mv', ['v', 'bids']), kind: 'materialized view' });
    c.setComment('bids', 'all bids');
    c.putJob(job);
    c.putUser({ name: 'alice', password: 'md5abc', superuser: false });
    c.putTableRows('bids', [{ key: '1', row: '[1]' }, { key: '2', row: '[2]' }], []);
    c.close();

    c = SqliteCatalog.open(dir);
    expect(c.relations().map((r) => r.name)).toEqual(['bids', 'v', 'mv']);
    const t2 = c.getRelation('bids') as TableInfo;
    expect(t2).toEqual({ ...t, comment: 'all bids' });
    expect(t2.columns[1]!.type).toEqual({ id: 'timestamp', precision: 3 });
    expect(c.getRelationByOid(v.oid)?.name).toBe('v');
    expect(c.dependents('bids').map((r) => r.name)).toEqual(['v', 'mv']);
    expect(c.dependents('v').map((r) => r.name)).toEqual(['mv']);
    expect(c.getJob('a1b2c3d4')).toEqual(job);
    expect(c.users()).toEqual([{ name: 'alice', password: 'md5abc', superuser: false }]);
    expect([...c.tableRows('bids')]).toEqual([{ key: '1', row: '[1]' }, { key: '2', row: '[2]' }]);
    c.putJob({ ...job, status: 'FAILED', endedAt: 9, error: '22012: division by zero' });
    c.removeUser('alice');
    c.close();

    c = SqliteCatalog.open(dir);
    expect(c.jobs()).toHaveLength(1);
    expect(c.getJob('a1b2c3d4')?.status).toBe('FAILED');
    expect(c.users()).toEqual([]);
    c.close();
  });

  it('allocates oids from 16384 and never reuses them', () => {
    const dir = tempDir();
    let c = SqliteCatalog.open(dir);
    const a = c.addRelation(table('a'));
    const b = c.addRelation(table('b'));
    expect([a.oid, b.oid]).toEqual([16384, 16385]);
    c.removeRelation('b');
    const b2 = c.addRelation(table('b'));
    expect(b2.oid).toBe(16386);
    c.close();
    c = SqliteCatalog.open(dir);
    c.removeRelation('b');
    const b3 = c.addRelation(table('b'));
    expect(b3.oid).toBe(16387);
    expect(c.getRelationByOid(16385)).toBeUndefined();
    expect(new Set(c.relations().map((r) => r.oid)).size).toBe(c.relations().length);
    c.close();
  });

  it('rejects a duplicate name with 42P07', () => {
    const c = SqliteCatalog.inMemory();
    c.addRelation(table('x'));
    try {
      c.addRelation(view('x', []));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SqlError);
      expect((e as SqlError).code).toBe('42P07');
      expect((e as SqlError).message).toBe('relation "x" already exists');
    }
    c.close();
  });

  it('upserts and deletes table rows, keeping insertion order', () => {
    const dir = tempDir();
    let c = SqliteCatalog.open(dir);
    c.addRelation(table('t', { connector: undefined, options: {} }));
    c.putTableRows('t', [{ key: 'a', row: '1' }, { key: 'b', row: '2' }, { key: 'c', row: '3' }], []);
    c.putTableRows('t', [{ key: 'b', row: '22' }, { key: 'd', row: '4' }], ['a', 'zz']);
    c.putTableRows('other', [{ key: 'a', row: 'x' }], []);
    expect([...c.tableRows('t')]).toEqual([{ key: 'b', row: '22' }, { key: 'c', row: '3' }, { key: 'd', row: '4' }]);
    c.close();
    c = SqliteCatalog.open(dir);
    expect([...c.tableRows('t')].map((r) => r.key)).toEqual(['b', 'c', 'd']);
    c.removeRelation('t');
    expect([...c.tableRows('t')]).toEqual([]);
    expect([...c.tableRows('other')]).toHaveLength(1);
    c.close();
  });

  it('reports 42P01 when commenting a missing relation', () => {
    const c = SqliteCatalog.inMemory();
    expect(() => c.setComment('nope', 'x')).toThrow('relation "nope" does not exist');
    c.close();
  });
});
