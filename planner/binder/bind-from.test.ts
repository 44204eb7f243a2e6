import { describe, expect, test } from 'vitest';
import { bind, errorOf, shape, types } from './testing/harness.ts';

describe('FROM', () => {
  test('joins with ON, and outer join kinds', () => {
    expect(shape(bind('SELECT t.a, u.d FROM t LEFT JOIN u ON t.a = u.a').plan)).toBe(
      'Project[a, d](Join left[int4_eq($0, $3)](Scan t, Scan u))',
    );
    expect(shape(bind('SELECT 1 FROM t FULL JOIN u ON true CROSS JOIN s').plan)).toBe(
      'Project[1](Join inner[](Join full[true](Scan t, Scan u), Scan s))',
    );
  });

  test('comma joins are cross joins filtered by WHERE', () => {
    expect(shape(bind('SELECT b FROM t, u WHERE t.a = u.a').plan)).toBe('Project[b](Filter[int4_eq(a, a)](Join inner[](Scan t, Scan u)))');
  });

  test('USING merges the columns first; t.x still names each side; FULL uses COALESCE', () => {
    const q = bind('SELECT *, t.a, u.a FROM t FULL JOIN u USING (a)');
    expect(q.columnNames).toEqual(['a', 'b', 'c', 'd', 'e', 'a', 'a']);
    expect(shape(q.plan)).toBe('Project[a, b, c, d, e, a, a](Project[COALESCE(a, a), a, b, c, a, d, e](Join full[int4_eq($0, $3)](Scan t, Scan u)))');
  });

  test('NATURAL joins on the common column names', () => {
    expect(bind('SELECT * FROM t NATURAL JOIN u').columnNames).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('subqueries, VALUES and aliases with column lists', () => {
    expect(bind('SELECT x.p, y FROM (SELECT a, b FROM t) AS x(p), (VALUES (1)) AS v(y)').columnNames).toEqual(['p', 'y']);
  });

  test('table functions', () => {
    expect(shape(bind('SELECT g FROM generate_series(1, 3) AS g').plan)).toBe('Project[generate_series](TableFunction generate_series(1, 3))');
    const q = bind('SELECT * FROM unnest(ARRAY[1.5, 2]), generate_series(1, 10, 2) AS s(n)');
    expect(q.columnNames).toEqual(['unnest', 'n']);
    expect(types(q)).toEqual(['numeric', 'int4']);
  });

  test('views are expanded and renamed; materialized views are scanned', () => {
    expect(shape(bind('SELECT x FROM v').plan)).toBe('Project[x](Project[a, b](Project[a, b](Filter[int4_gt(a, 0)](Scan t))))');
    expect(shape(bind('SELECT n FROM mv').plan)).toBe('Project[n](Scan mv)');
  });

  test('computed columns are computed by a Project over the physical columns', () => {
    const q = bind('SELECT proc_time FROM src');
    expect(shape(q.plan)).toBe('Project[proc_time](Project[id, dim_id, proctime()](Scan src))');
    expect(q.plan.kind === 'Project' && q.plan.input.kind === 'Project' && q.plan.input.input.kind === 'Scan' && q.plan.input.input.columns).toEqual([0, 1]);
  });

  test('FOR SYSTEM_TIME AS OF with an equality on the table columns is a LookupJoin', () => {
    const q = bind('SELECT s.id, d.name FROM src AS s LEFT JOIN dim FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.dim_id = d.id AND d.name <> \'x\'');
    expect(shape(q.plan)).toContain('LookupJoin left[1=0](Project[id, dim_id, proctime()](Scan src), dim)');
    expect(q.plan.kind === 'Project' && q.plan.input.kind === 'LookupJoin' && q.plan.input.condition !== undefined).toBe(true);
    expect(q.relationsRead).toEqual(['src', 'dim']);
  });

  test.each([
    ['SELECT * FROM nope', '42P01', 'relation "nope" does not exist', 15],
    ['SELECT * FROM t, t', '42712', 'table name "t" specified more than once', 18],
    ['SELECT * FROM t JOIN u ON t.a', '42804', 'argument of JOIN/ON must be type boolean, not type integer', 27],
    ['SELECT * FROM t JOIN u USING (z)', '42703', 'column "z" specified in USING clause does not exist in left table', 15],
    ['SELECT * FROM t JOIN u ON count(*) > 0', '42803', 'aggregate functions are not allowed in JOIN conditions', 27],
    ['SELECT * FROM t AS x(p, q, r, s)', '42P10', 'table "x" has 3 columns available but 4 columns specified', 15],
    ['SELECT * FROM t, LATERAL (SELECT 1) x', '0A000', 'LATERAL is not supported yet', 18],
    ['SELECT * FROM src JOIN dim FOR SYSTEM_TIME AS OF src.proc_time ON true', '0A000', 'FOR SYSTEM_TIME AS OF requires an equality between input columns and columns of "dim"', 15],
    ['SELECT * FROM foo(1)', '0A000', 'table function foo is not supported', 15],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bind(sql))).toMatchObject({ code, message, position });
  });
});
