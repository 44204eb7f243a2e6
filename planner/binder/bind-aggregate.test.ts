import { describe, expect, test } from 'vitest';
import { bind, errorOf, shape, types } from './testing/harness.ts';

describe('aggregation', () => {
  test('GROUP BY expression: the Project below computes group keys then arguments', () => {
    const q = bind('SELECT a + 1, sum(c), count(DISTINCT b) FROM t GROUP BY a + 1');
    expect(shape(q.plan)).toBe(
      'Project[?column?, sum, count](Aggregate[0; sum(1), count distinct(2)](Project[int4_add(a, 1), c, b](Scan t)))',
    );
    expect(types(q)).toEqual(['int4', 'float8', 'int8']);
  });

  test('GROUP BY an output alias and an ordinal', () => {
    expect(shape(bind('SELECT b AS k, a, count(*) FROM t GROUP BY k, 2').plan)).toBe(
      'Project[b, a, count](Aggregate[0,1; count_star()](Project[b, a](Scan t)))',
    );
  });

  test('aggregates without GROUP BY, HAVING, and ORDER BY an aggregate', () => {
    expect(shape(bind('SELECT count(*) FROM t').plan)).toBe('Project[count](Aggregate[; count_star()](Scan t))');
    expect(shape(bind('SELECT a FROM t GROUP BY a HAVING max(c) > 1 ORDER BY count(*) DESC').plan)).toBe(
      'Project[a](Sort[1 desc nf](Project[a, count](Filter[float8_gt(max, CAST(1 AS float8))](Aggregate[0; max(1), count_star()](Project[a, c](Scan t))))))',
    );
  });

  test('FILTER becomes a bool column; the same call is computed once', () => {
    expect(shape(bind('SELECT sum(a) FILTER (WHERE c > 0), sum(a) FILTER (WHERE c > 0) + 1 FROM t').plan)).toBe(
      'Project[sum, int8_add(sum, CAST(1 AS int8))](Aggregate[; sum(0) filter 1](Project[a, float8_gt(c, CAST(0 AS float8))](Scan t)))',
    );
  });

  test('an expression of grouped columns is allowed', () => {
    expect(types(bind('SELECT a * 2, max(c) FROM t GROUP BY a'))).toEqual(['int4', 'float8']);
  });

  test.each([
    ['SELECT a, b FROM t GROUP BY a', '42803', 'column "t.b" must appear in the GROUP BY clause or be used in an aggregate function', 11],
    ['SELECT a FROM t GROUP BY a ORDER BY c', '42803', 'column "t.c" must appear in the GROUP BY clause or be used in an aggregate function', 37],
    ['SELECT count(*), a FROM t', '42803', 'column "t.a" must appear in the GROUP BY clause or be used in an aggregate function', 18],
    ['SELECT sum(count(*)) FROM t', '42803', 'aggregate function calls cannot be nested', 8],
    ['SELECT a FROM t GROUP BY count(*)', '42803', 'aggregate functions are not allowed in GROUP BY', 26],
    ['SELECT a FROM t GROUP BY 2', '42P10', 'GROUP BY position 2 is not in select list', 26],
    ['SELECT sum(b) FROM t', '42883', 'function sum(text) does not exist', 8],
    ['SELECT a FROM t GROUP BY a HAVING a', '42804', 'argument of HAVING must be type boolean, not type integer', 35],
    ['SELECT lower(b) FILTER (WHERE true) FROM t', '42809', 'FILTER specified, but lower is not an aggregate function', 8],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bind(sql))).toMatchObject({ code, message, position });
  });
});

describe('window functions and DISTINCT ON', () => {
  test('one Window per distinct spec; aggregates get frames', () => {
    const q = bind(
      'SELECT a, rank() OVER w, sum(c) OVER (w ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), count(*) OVER (PARTITION BY b) FROM t WINDOW w AS (ORDER BY a)',
    );
    expect(shape(q.plan)).toBe(
      'Project[a, rank, sum, count](Window[1; ; count_star()](Window[; 0; rank(), sum(2)](Scan t)))',
    );
    const w = q.plan.kind === 'Project' && q.plan.input.kind === 'Window' && q.plan.input.input.kind === 'Window' ? q.plan.input.input : undefined;
    expect(w?.calls.map((c) => c.frame)).toEqual([undefined, { units: 'rows', start: -2, end: 0 }]);
  });

  test('window over an aggregate result', () => {
    expect(shape(bind('SELECT a, sum(count(*)) OVER (ORDER BY a) FROM t GROUP BY a').plan)).toBe(
      'Project[a, sum](Window[; 0; sum(1)](Aggregate[0; count_star()](Project[a](Scan t))))',
    );
  });

  test('DISTINCT ON keeps the first row per key in ORDER BY order', () => {
    expect(shape(bind('SELECT DISTINCT ON (b) b, a FROM t ORDER BY b, c DESC').plan)).toBe(
      'Project[b, a](Sort[0, 2 desc nf](Project[b, a, ?column?](Filter[int8_eq(row_number, 1)](Window[0; 0,2; row_number()](Project[b, a, c](Scan t))))))',
    );
  });

  test.each([
    ['SELECT rank() OVER w FROM t', '42704', 'window "w" does not exist', 20],
    ['SELECT sum(a) OVER (ORDER BY a GROUPS 1 PRECEDING) FROM t', '0A000', 'GROUPS frames are not supported', 20],
    ['SELECT DISTINCT ON (a) a, b FROM t ORDER BY b', '42P10', 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions', 21],
    ['SELECT a FROM t GROUP BY rank() OVER ()', '42P20', 'window functions are not allowed in GROUP BY', 26],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bind(sql))).toMatchObject({ code, message, position });
  });
});
