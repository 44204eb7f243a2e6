import { describe, expect, test } from 'vitest';
import { bind, errorOf, shape } from './testing/harness.ts';

describe('lateral table functions and subqueries bound over their outer rows', () => {
  test('a function in FROM reading an item to its left is a Correlate', () => {
    expect(shape(bind('SELECT x FROM t, generate_series(1, t.a) x').plan)).toBe('Project[generate_series](Correlate[generate_series(1, $0)](Scan t))');
  });

  test('WITH ORDINALITY adds an int8 column', () => {
    expect(shape(bind("SELECT x, n FROM unnest(ARRAY['a','b']) WITH ORDINALITY AS u(x, n)").plan)).toContain('Correlate[unnest(');
  });

  test('set-returning functions of a select list are zipped in one Correlate', () => {
    expect(shape(bind('SELECT a, generate_series(1, 2), generate_series(1, a) FROM t').plan)).toMatch(/\(Correlate\[generate_series\(1, 2\), generate_series\(1, \$0\)\]\(Scan t\)\)$/);
  });

  test('a subquery whose FROM function reads the outer row is bound over a domain of outer values', () => {
    const s = shape(bind('SELECT a, (SELECT max(x) FROM generate_series(1, t.a) x) FROM t').plan);
    expect(s).toBe('Project[a, max](ScalarSubqueryJoin[int4_eq($0, $4)](Scan t, Project[max, a](Aggregate[0; max(1)](Correlate[generate_series(1, $0)](Aggregate[0; ](Project[a](Scan t)))))))');
  });

  test('an outer reference in the select list of a subquery', () => {
    expect(shape(bind('SELECT (SELECT t.a + u.a FROM u WHERE u.d = t.c) FROM t').plan)).toContain('ScalarSubqueryJoin[AND(int4_eq($0, $4), float8_eq($2, $5))](Scan t, Project[int4_add(a, a), a, c](Filter[float8_eq(CAST(d AS float8), c)](Join inner[](Aggregate[0,1; ](Project[a, c](Scan t)), Scan u))))');
  });

  test('a correlated subquery over grouping columns in an aggregating select list is grouped by', () => {
    expect(shape(bind('SELECT a, count(*), (SELECT max(d) FROM u WHERE u.a = t.a) FROM t GROUP BY a').plan)).toBe(
      'Project[a, count, max](Aggregate[0,1; count_star()](Project[a, max](ScalarSubqueryJoin[int4_eq($4, $0)](Scan t, Project[max, a](Aggregate[0; max(1)](Project[a, d](Scan u)))))))',
    );
  });

  test("pgjdbc's _pg_expandarray yields (x, n) rows whose fields are selected", () => {
    expect(shape(bind('SELECT (information_schema._pg_expandarray(ARRAY[5, 6])).n').plan)).toContain('Correlate[_pg_expandarray(');
    expect(errorOf(() => bind('SELECT (a).n FROM t'))).toMatchObject({ code: '42809', message: 'column notation .n applied to type integer, which is not a composite type' });
  });

  test('set-returning functions are refused outside the select list', () => {
    expect(errorOf(() => bind('SELECT a FROM t WHERE unnest(ARRAY[1]) = 1'))).toMatchObject({ code: '0A000', message: 'set-returning functions are not allowed in WHERE' });
  });
});
