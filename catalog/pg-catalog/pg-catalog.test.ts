/** The rows of the pg_catalog / information_schema relations over a small catalog (issue 4 §1). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { SqliteCatalog } from '../store.ts';
import type { SystemContext } from './context.ts';
import { systemRelation } from './registry.ts';
import type { SystemSchema } from './system-relation.ts';
import { formatTypeOid } from './pg-types.ts';

const dir = mkdtempSync(join(tmpdir(), 'strom-pgcat-'));
const catalog = SqliteCatalog.open(dir);
afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});
const base = { connector: undefined, options: {}, watermark: undefined, sql: '', createdAt: 0 };
const t = catalog.addRelation({
  ...base,
  kind: 'table',
  name: 't',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: T.int4, nullable: false },
    { name: 'name', type: { id: 'varchar', length: 10 }, nullable: true, default: "'x'" },
  ],
  comment: 'the t',
});
const v = catalog.addRelation({ kind: 'view', name: 'v', columns: [{ name: 'id', type: T.int4, nullable: false }], query: 'SELECT id FROM t', dependsOn: ['t'], sql: '', createdAt: 0 });

const ctx: SystemContext = {
  catalog,
  database: 'strom',
  user: 'alice',
  pid: 4242,
  setting: (n) => (n === 'server_version_num' ? '150000' : undefined),
  settings: () => [{ name: 'server_version_num', setting: '150000', description: 'version' }],
  setSetting: (_n, value) => value,
  sessions: () => [{ pid: 4242, user: 'alice', applicationName: 'psql', backendStart: 0, queryStart: 0, state: 'active', query: 'SELECT 1' }],
};

/** Rows of `schema.name` as objects keyed by column name, keeping `cols`. */
function rows(name: string, cols: readonly string[], schema: SystemSchema = 'pg_catalog'): Record<string, unknown>[] {
  const r = systemRelation(schema, name)!;
  const idx = cols.map((c) => r.columns.findIndex((x) => x.name === c));
  expect(idx.every((i) => i >= 0), `${name} has ${cols.join(', ')}`).toBe(true);
  return r.rows(ctx).map((row) => Object.fromEntries(cols.map((c, j) => [c, row[idx[j]!]])));
}

describe('pg_catalog relations', () => {
  it('pg_class: tables r, views v, the primary-key index i', () => {
    const user = rows('pg_class', ['oid', 'relname', 'relkind', 'relnamespace', 'relhasindex', 'reltuples']).filter((r) => r['relnamespace'] === 2200);
    expect(user).toEqual([
      { oid: t.oid, relname: 't', relkind: 'r', relnamespace: 2200, relhasindex: true, reltuples: -1 },
      { oid: expect.any(Number), relname: 't_pkey', relkind: 'i', relnamespace: 2200, relhasindex: false, reltuples: -1 },
      { oid: v.oid, relname: 'v', relkind: 'v', relnamespace: 2200, relhasindex: false, reltuples: -1 },
    ]);
  });

  it('pg_attribute: attnum, type oid and typmod, not-null only for tables', () => {
    const attrs = rows('pg_attribute', ['attrelid', 'attname', 'attnum', 'atttypid', 'atttypmod', 'attnotnull', 'atthasdef', 'attlen', 'attisdropped']);
    expect(attrs.filter((a) => a['attrelid'] === t.oid)).toEqual([
      { attrelid: t.oid, attname: 'id', attnum: 1, atttypid: 23, atttypmod: -1, attnotnull: true, atthasdef: false, attlen: 4, attisdropped: false },
      { attrelid: t.oid, attname: 'name', attnum: 2, atttypid: 1043, atttypmod: 14, attnotnull: false, atthasdef: true, attlen: -1, attisdropped: false },
    ]);
    expect(attrs.filter((a) => a['attrelid'] === v.oid).map((a) => a['attnotnull'])).toEqual([false]);
    expect(formatTypeOid(1043, 14)).toBe('character varying(10)');
  });

  it('pg_index and pg_constraint: the primary key', () => {
    expect(rows('pg_index', ['indrelid', 'indisprimary', 'indkey'])).toEqual([{ indrelid: t.oid, indisprimary: true, indkey: [1] }]);
    expect(rows('pg_constraint', ['conname', 'contype', 'conrelid', 'conkey'])).toEqual([{ conname: 't_pkey', contype: 'p', conrelid: t.oid, conkey: [1] }]);
  });

  it('pg_type: OIDs, lengths, arrays and I/O functions', () => {
    const int4 = rows('pg_type', ['oid', 'typname', 'typlen', 'typarray', 'typinput', 'typcategory']).find((r) => r['typname'] === 'int4');
    expect(int4).toEqual({ oid: 23, typname: 'int4', typlen: 4, typarray: 1007, typinput: 'int4in', typcategory: 'N' });
    const arr = rows('pg_type', ['oid', 'typname', 'typelem', 'typinput']).find((r) => r['typname'] === '_text');
    expect(arr).toEqual({ oid: 1009, typname: '_text', typelem: 25, typinput: 'array_in' });
  });

  it('pg_namespace, pg_database, pg_roles, pg_description, pg_attrdef, pg_stat_activity', () => {
    expect(rows('pg_namespace', ['oid', 'nspname'])).toEqual([
      { oid: 11, nspname: 'pg_catalog' },
      { oid: 2200, nspname: 'public' },
      { oid: 13000, nspname: 'information_schema' },
    ]);
    expect(rows('pg_database', ['datname', 'encoding'])).toEqual([{ datname: 'strom', encoding: 6 }]);
    expect(rows('pg_roles', ['rolname', 'oid'])).toEqual([{ rolname: 'strom', oid: 10 }, { rolname: 'alice', oid: expect.any(Number) }]);
    expect(rows('pg_description', ['objoid', 'description'])).toEqual([{ objoid: t.oid, description: 'the t' }]);
    expect(rows('pg_attrdef', ['adrelid', 'adnum', 'adbin'])).toEqual([{ adrelid: t.oid, adnum: 2, adbin: "'x'::character varying" }]);
    expect(rows('pg_stat_activity', ['pid', 'usename', 'state'])).toEqual([{ pid: 4242, usename: 'alice', state: 'active' }]);
    expect(rows('pg_settings', ['name', 'setting'])).toEqual([{ name: 'server_version_num', setting: '150000' }]);
  });

  it('information_schema: tables, columns, key_column_usage', () => {
    expect(rows('tables', ['table_name', 'table_type'], 'information_schema')).toEqual([
      { table_name: 't', table_type: 'BASE TABLE' },
      { table_name: 'v', table_type: 'VIEW' },
    ]);
    expect(rows('columns', ['table_name', 'column_name', 'data_type', 'character_maximum_length', 'is_nullable'], 'information_schema').filter((r) => r['table_name'] === 't')).toEqual([
      { table_name: 't', column_name: 'id', data_type: 'integer', character_maximum_length: null, is_nullable: 'NO' },
      { table_name: 't', column_name: 'name', data_type: 'character varying', character_maximum_length: 10, is_nullable: 'YES' },
    ]);
    expect(rows('key_column_usage', ['constraint_name', 'column_name', 'ordinal_position'], 'information_schema')).toEqual([
      { constraint_name: 't_pkey', column_name: 'id', ordinal_position: 1 },
    ]);
  });
});
