import { describe, expect, test } from 'vitest';
import { T } from '../../common/types.ts';
import { bindDml, context, errorOf, shape } from './testing/harness.ts';
import type { BoundInsert, BoundUpdate } from './index.ts';

describe('DML', () => {
  test('INSERT VALUES casts each value to its column type; missing columns are left out', () => {
    const ins = bindDml("INSERT INTO u VALUES (1, 2, '2021-01-01'), (2, 3.7, DEFAULT)") as BoundInsert;
    expect(ins.targetColumns).toEqual([0, 1, 2]);
    expect(shape(ins.source)).toBe('Values(2)');
    expect(ins.source.schema.map((f) => f.type)).toEqual([T.int4, T.int8, T.date]);
    const rows = ins.source.kind === 'Values' ? ins.source.rows : [];
    expect(rows[1]![1]).toMatchObject({ kind: 'Cast', type: T.int8 });
    expect(rows[1]![2]).toMatchObject({ kind: 'Cast', type: T.date, operand: { kind: 'Const', value: '2020-01-01' } });
    expect((bindDml('INSERT INTO u VALUES (1)') as BoundInsert).targetColumns).toEqual([0]);
  });

  test('INSERT … SELECT with a column list gets assignment casts', () => {
    const ins = bindDml('INSERT INTO u (d, a) SELECT a, 1.5 FROM t') as BoundInsert;
    expect(ins.targetColumns).toEqual([1, 0]);
    expect(shape(ins.source)).toBe('Project[CAST(a AS int8), CAST(?column? AS int4)](Project[a, 1.5](Scan t))');
  });

  test('INSERT into a connector table skips computed columns', () => {
    expect((bindDml('INSERT INTO src VALUES (1, 2)') as BoundInsert).targetColumns).toEqual([0, 1]);
  });

  test('ON CONFLICT DO UPDATE sees excluded columns after the table columns', () => {
    const ins = bindDml('INSERT INTO t VALUES (1, $1) ON CONFLICT (a) DO UPDATE SET b = excluded.b || t.b WHERE t.c > 0') as BoundInsert;
    expect(ins.onConflict?.keyColumns).toEqual([0]);
    const action = ins.onConflict?.action;
    expect(action !== 'nothing' && action?.set[0]).toMatchObject({ column: 1, expr: { kind: 'Call', args: [{ index: 4 }, { index: 1 }] } });
    expect((bindDml('INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING') as BoundInsert).onConflict).toEqual({ keyColumns: [0], action: 'nothing' });
  });

  test('UPDATE and DELETE bind over the table columns; parameters are inferred', () => {
    const ctx = context();
    const up = bindDml('UPDATE t SET b = $1, c = c + 1 WHERE a = $2', ctx) as BoundUpdate;
    expect(up.set.map((s) => s.column)).toEqual([1, 2]);
    expect(up.filter?.type).toEqual(T.bool);
    expect(ctx.paramTypes).toEqual([T.text, T.int4]);
    expect(bindDml('DELETE FROM t AS x WHERE x.a = 1')).toMatchObject({ filter: { kind: 'Call' } });
  });

  test.each([
    ['INSERT INTO nope VALUES (1)', '42P01', 'relation "nope" does not exist', 13],
    ['INSERT INTO t (a, z) VALUES (1, 2)', '42703', 'column "z" of relation "t" does not exist', 13],
    ['INSERT INTO t (a, a) VALUES (1, 2)', '42701', 'column "a" specified more than once', 13],
    ['INSERT INTO t VALUES (1, 2, 3, 4)', '42601', 'INSERT has more expressions than target columns', 32],
    ['INSERT INTO u (a, d) VALUES (1)', '42601', 'INSERT has more target columns than expressions', 22],
    ['INSERT INTO t VALUES (true)', '42804', 'column "a" is of type integer but expression is of type boolean', 23],
    ['INSERT INTO mv VALUES (1)', '42809', 'cannot change materialized view "mv"', 13],
    ['INSERT INTO t VALUES (1) RETURNING a', '0A000', 'RETURNING is not supported yet', 1],
    ['UPDATE t SET a = 1, a = 2', '42601', 'multiple assignments to same column "a"', 21],
    ['UPDATE t SET a = 1 FROM u', '0A000', 'UPDATE ... FROM is not supported yet', 25],
    ['DELETE FROM t WHERE a', '42804', 'argument of WHERE must be type boolean, not type integer', 21],
    ['DELETE FROM t WHERE sum(a) > 1', '42803', 'aggregate functions are not allowed in WHERE', 21],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bindDml(sql))).toMatchObject({ code, message, position });
  });
});
