/**
 * psql 15's meta-commands against Strom (issue 4 §1/§3): `\l`, `\dn`, `\dt`, `\dv`, `\dm`, `\d`,
 * `\d v`, `\d t`, `\d+ t`, `\d+ v`, `\d+ m`, `\df`, `\x`, `\timing`, run by the real psql binary (child_process), which sends the
 * catalog queries captured with `psql -E` against PostgreSQL. Output is compared with what
 * PostgreSQL prints for the same objects (owner `strom`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.ts';

let server: TestServer;

const run = promisify(execFile);

/** Runs psql (asynchronously: the server runs in this process) and returns its stdout. */
async function psql(command: string | string[], extra: string[] = []): Promise<string> {
  const cs = (typeof command === 'string' ? [command] : command).flatMap((c) => ['-c', c]);
  const r = await run('psql', ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'strom', ...extra, 'strom', ...cs], {
    encoding: 'utf8',
    env: { ...process.env, PGCONNECT_TIMEOUT: '5', PAGER: '' },
  });
  return r.stdout;
}

beforeAll(async () => {
  server = await startTestServer();
  const c = await server.client();
  await c.query("CREATE TABLE t (id INT PRIMARY KEY, name TEXT NOT NULL DEFAULT 'n', price NUMERIC(10,2))");
  await c.query("COMMENT ON COLUMN t.price IS 'a price'");
  await c.query('CREATE VIEW v AS SELECT id FROM t');
  await c.query('CREATE MATERIALIZED VIEW m AS SELECT id, name FROM t');
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

describe('psql meta-commands', async () => {
  it('\\l lists the database', async () => {
    expect(await psql('\\l')).toContain(' strom | strom | UTF8     | C       | C     |            | libc            | ');
  });

  it('\\dn lists public', async () => {
    expect(await psql('\\dn')).toBe('List of schemas\n  Name  | Owner \n--------+-------\n public | strom\n(1 row)\n\n');
  });

  it('\\dt, \\dv, \\dm and \\d list relations by kind', async () => {
    expect(await psql('\\dt')).toContain(' public | t    | table | strom\n(1 row)');
    expect(await psql('\\dv')).toContain(' public | v    | view | strom\n(1 row)');
    expect(await psql('\\dm')).toContain(' public | m    | materialized view | strom\n(1 row)');
    const all = await psql('\\d');
    expect(all).toContain(' public | m    | materialized view | strom');
    expect(all).toContain(' public | t    | table             | strom');
    expect(all).toContain(' public | v    | view              | strom');
  });

  it('\\d v describes a view like PostgreSQL', async () => {
    expect(await psql('\\d v')).toBe(
      [
        '                  View "public.v"',
        ' Column |  Type   | Collation | Nullable | Default ',
        '--------+---------+-----------+----------+---------',
        ' id     | integer |           |          | ',
        '',
        '',
      ].join('\n'),
    );
  });

  // \d t and \d+ run psql's lateral queries (unnest/generate_series over outer columns, ARRAY(subquery)).
  it('\\d t describes a table like PostgreSQL: columns, default, primary key', async () => {
    expect(await psql('\\d t')).toBe(
      [
        '                     Table "public.t"',
        ' Column |     Type      | Collation | Nullable |  Default  ',
        '--------+---------------+-----------+----------+-----------',
        ' id     | integer       |           | not null | ',
        " name   | text          |           | not null | 'n'::text",
        ' price  | numeric(10,2) |           |          | ',
        'Indexes:',
        '    "t_pkey" PRIMARY KEY, btree (id)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('\\d+ t adds storage, compression, stats target, description and the access method', async () => {
    expect(await psql('\\d+ t')).toBe(
      [
        '                                                Table "public.t"',
        ' Column |     Type      | Collation | Nullable |  Default  | Storage  | Compression | Stats target | Description ',
        '--------+---------------+-----------+----------+-----------+----------+-------------+--------------+-------------',
        ' id     | integer       |           | not null |           | plain    |             |              | ',
        " name   | text          |           | not null | 'n'::text | extended |             |              | ",
        ' price  | numeric(10,2) |           |          |           | main     |             |              | a price',
        'Indexes:',
        '    "t_pkey" PRIMARY KEY, btree (id)',
        'Access method: heap',
        '',
        '',
      ].join('\n'),
    );
  });

  it('\\d+ v and \\d+ m show columns and the view definition', async () => {
    expect(await psql('\\d+ v')).toBe(
      [
        '                              View "public.v"',
        ' Column |  Type   | Collation | Nullable | Default | Storage | Description ',
        '--------+---------+-----------+----------+---------+---------+-------------',
        ' id     | integer |           |          |         | plain   | ',
        'View definition:',
        ' SELECT t.id',
        '   FROM t;',
        '',
        '',
      ].join('\n'),
    );
    const m = await psql('\\d+ m');
    expect(m).toBe(
      [
        '                                      Materialized view "public.m"',
        ' Column |  Type   | Collation | Nullable | Default | Storage  | Compression | Stats target | Description ',
        '--------+---------+-----------+----------+---------+----------+-------------+--------------+-------------',
        ' id     | integer |           |          |         | plain    |             |              | ',
        ' name   | text    |           |          |         | extended |             |              | ',
        'View definition:',
        ' SELECT t.id,',
        '    t.name',
        '   FROM t;',
        'Access method: heap',
        '',
        '',
      ].join('\n'),
    );
  });

  it('reg* values print as names; system columns and column comments read as in PostgreSQL', async () => {
    await psql("INSERT INTO t VALUES (1, 'a', 2.5)");
    expect(await psql("SELECT 't'::regclass, 'pg_class'::regclass, 'int4'::regtype, 't'::regclass::oid > 16000 AS user_oid")).toContain(' t        | pg_class | integer | t\n');
    expect(await psql('SELECT xmin, ctid, tableoid::regclass, * FROM t')).toContain('    1 | (0,1) | t        |  1 | a    |  2.50\n');
    expect(await psql("SELECT col_description('t'::regclass, 3)")).toContain(' a price\n');
  });

  it('\\df lists no user functions', async () => {
    expect(await psql('\\df')).toContain('(0 rows)');
  });

  it('\\x and \\timing work', async () => {
    expect(await psql(['\\x on', 'SELECT 1 AS a'])).toContain('a | 1');
    expect(await psql(['\\timing on', 'SELECT 1 AS a'])).toMatch(/Time: \d+\.\d+ ms/);
  });

  it('a missing relation is reported, not an empty list', async () => {
    await expect(psql('SELECT * FROM pg_catalog.pg_foo', ['-v', 'ON_ERROR_STOP=1'])).rejects.toThrow(/relation "pg_catalog.pg_foo" does not exist/);
  });
});
