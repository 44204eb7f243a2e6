import { describe, expect, test } from 'vitest';
import { bind, errorOf, shape, types } from './testing/harness.ts';

describe('select list, ORDER BY, LIMIT', () => {
  test.each([
    ['SELECT a, b AS bee, a + 1, count(*), lower(b), a::text, 1::int8, CASE WHEN true THEN 1 END, ARRAY[1], true FROM t GROUP BY a, b',
      ['a', 'bee', '?column?', 'count', 'lower', 'a', 'int8', 'case', 'array', 'bool']],
    ['SELECT * FROM t', ['a', 'b', 'c']],
    ['SELECT u.*, t.b FROM t, u', ['a', 'd', 'e', 'b']],
    ["SELECT DATE '2020-01-01', (SELECT max(a) FROM u)", ['date', 'max']],
  ])('names of %s', (sql, names) => {
    expect(bind(sql).columnNames).toEqual(names);
  });

  test('ORDER BY output name, ordinal and expression (hidden column removed after the sort)', () => {
    const q = bind('SELECT a AS x, b FROM t ORDER BY x DESC, 2, c NULLS FIRST LIMIT 5 OFFSET 2');
    expect(shape(q.plan)).toBe('Project[x, b](Sort[0 desc nf, 1, 2 nf limit 5 offset 2](Project[a, b, c](Scan t)))');
    expect(q.columnNames).toEqual(['x', 'b']);
  });

  test('ORDER BY an expression equal to a select item reuses the column', () => {
    expect(shape(bind('SELECT a + 1 FROM t ORDER BY a + 1').plan)).toBe('Sort[0](Project[int4_add(a, 1)](Scan t))');
  });

  test('LIMIT without ORDER BY is a Sort without keys', () => {
    expect(shape(bind('SELECT a FROM t LIMIT 1').plan)).toBe('Sort[ limit 1](Project[a](Scan t))');
  });

  test('SELECT without FROM reads one empty row', () => {
    expect(shape(bind('SELECT 1 + 1').plan)).toBe('Project[int4_add(1, 1)](Values(1))');
  });

  test('SELECT DISTINCT is an Aggregate over all output columns', () => {
    expect(shape(bind('SELECT DISTINCT a, b FROM t').plan)).toBe('Aggregate[0,1; ](Project[a, b](Scan t))');
  });

  test('relationsRead lists relations read directly', () => {
    expect(bind('SELECT * FROM v JOIN u ON v.x = u.a WHERE EXISTS (SELECT 1 FROM s)').relationsRead).toEqual(['v', 'u', 's']);
  });

  test.each([
    ['SELECT a FROM t ORDER BY 3', '42P10', 'ORDER BY position 3 is not in select list', 26],
    ['SELECT a AS x, b AS x FROM t ORDER BY x', '42702', 'ORDER BY "x" is ambiguous', 39],
    ['SELECT DISTINCT a FROM t ORDER BY b', '42P10', 'for SELECT DISTINCT, ORDER BY expressions must appear in select list', 35],
    ['SELECT *', '42601', 'SELECT * with no tables specified is not valid', 8],
    ['SELECT a FROM t LIMIT -1', '2201W', 'LIMIT must not be negative', 23],
    ['SELECT a FROM t LIMIT $1', '0A000', 'LIMIT with a parameter is not supported yet', 23],
    ["SELECT a FROM t LIMIT 'x'", '22P02', 'invalid input syntax for type bigint: "x"', 23],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bind(sql))).toMatchObject({ code, message, position });
  });
});

describe('set operations and VALUES', () => {
  test('UNION unifies types with casts below the SetOp; UNION ALL keeps all', () => {
    const q = bind('SELECT a FROM t UNION SELECT d FROM u');
    expect(types(q)).toEqual(['int8']);
    expect(shape(q.plan)).toBe('SetOp union(Project[CAST(a AS int8)](Project[a](Scan t)), Project[d](Scan u))');
    expect(shape(bind('SELECT a FROM t UNION ALL SELECT a FROM u').plan)).toBe('SetOp union all(Project[a](Scan t), Project[a](Scan u))');
  });

  test('NULL and unknown literals in a set operation take the other side type', () => {
    expect(types(bind('SELECT NULL UNION SELECT 1'))).toEqual(['int4']);
    expect(types(bind("SELECT 'a' INTERSECT SELECT 'b'"))).toEqual(['text']);
  });

  test('ORDER BY over a set operation uses output names', () => {
    expect(shape(bind('SELECT a FROM t EXCEPT SELECT a FROM u ORDER BY a DESC LIMIT 2').plan)).toBe(
      'Sort[0 desc nf limit 2](SetOp except(Project[a](Scan t), Project[a](Scan u)))',
    );
  });

  test('VALUES unify per column and name columns column1…', () => {
    const q = bind("VALUES (1, 'a'), (2.5, NULL)");
    expect(q.columnNames).toEqual(['column1', 'column2']);
    expect(types(q)).toEqual(['numeric', 'text']);
  });

  test.each([
    ['SELECT a, b FROM t UNION SELECT a FROM u', '42601', 'each UNION query must have the same number of columns', 33],
    ['SELECT b FROM t UNION SELECT a FROM u', '42804', 'UNION types text and integer cannot be matched', 30],
    ['VALUES (1), (1, 2)', '42601', 'VALUES lists must all be the same length', 14],
    ["VALUES (1), ('a'::text)", '42804', 'VALUES types integer and text cannot be matched', 14],
    ['SELECT a FROM t UNION SELECT a FROM u ORDER BY a + 1', '0A000', 'invalid UNION/INTERSECT/EXCEPT ORDER BY clause', 50],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bind(sql))).toMatchObject({ code, message, position });
  });
});

describe('WITH', () => {
  test('CTEs are inlined and may reference earlier CTEs, with column aliases', () => {
    const q = bind('WITH x(k) AS (SELECT a FROM t), y AS (SELECT k FROM x WHERE k > 1) SELECT * FROM y, x AS x2');
    expect(q.columnNames).toEqual(['k', 'k']);
    expect(q.relationsRead).toEqual(['t']);
  });

  test.each([
    ['WITH RECURSIVE x AS (SELECT 1) SELECT * FROM x', '0A000', 'WITH RECURSIVE is not supported', 1],
    ['WITH x AS (SELECT 1), x AS (SELECT 2) SELECT * FROM x', '42712', 'WITH query name "x" specified more than once', 23],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bind(sql))).toMatchObject({ code, message, position });
  });
});
