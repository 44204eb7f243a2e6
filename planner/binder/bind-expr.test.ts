import { describe, expect, test } from 'vitest';
import { T } from '../../common/types.ts';
import { parseExpression } from '../../parser/index.ts';
import { bind, context, errorOf, shape, types } from './testing/harness.ts';
import { bindScalar } from './index.ts';

describe('expression binding', () => {
  test.each([
    ['SELECT 1, 2147483648, 9223372036854775808, 1.5', ['int4', 'int8', 'numeric', 'numeric']],
    ["SELECT 'x', NULL, true", ['text', 'text', 'bool']],
    ["SELECT DATE '2020-01-01', INTERVAL '1' DAY, TIMESTAMP '2020-01-01 00:00'", ['date', 'interval', 'timestamp']],
    ['SELECT a + 1.5, a / 2, c * a FROM t', ['numeric', 'int4', 'float8']],
    ["SELECT b LIKE 'a%', b ILIKE 'A%' ESCAPE '!' FROM t", ['bool', 'bool']],
    ['SELECT a BETWEEN 1 AND 3, a NOT BETWEEN SYMMETRIC 3 AND 1 FROM t', ['bool', 'bool']],
    ["SELECT a IN (1, 2, '3') FROM t", ['bool']],
    ["SELECT CASE WHEN a > 1 THEN 'x' ELSE b END, CASE a WHEN 1 THEN 1.5 ELSE 2 END FROM t", ['text', 'numeric']],
    ['SELECT coalesce(a, 0), nullif(a, 1), greatest(a, c, 2), least(1, 2) FROM t', ['int4', 'int4', 'float8', 'int4']],
    ["SELECT a::text, '12'::int8, CAST(c AS numeric(10,2)) FROM t", ['text', 'int8', 'numeric']],
    ['SELECT ARRAY[1, 2], ARRAY[a, 2.5], (ARRAY[1,2])[1] FROM t', ['int4[]', 'numeric[]', 'int4']],
    ['SELECT a = ANY(ARRAY[1, 2]), a < ALL(ARRAY[c]) FROM t', ['bool', 'bool']],
    ['SELECT current_timestamp, now(), -a, a IS NULL, (a > 1) IS NOT TRUE FROM t', ['timestamptz', 'timestamptz', 'int4', 'bool', 'bool']],
    ['SELECT a IS DISTINCT FROM 1, b IS NOT DISTINCT FROM NULL FROM t', ['bool', 'bool']],
  ])('%s', (sql, expected) => {
    expect(types(bind(sql))).toEqual(expected);
  });

  test('-2147483648 folds to an int4 literal', () => {
    expect(types(bind('SELECT -2147483648'))).toEqual(['int4']);
  });

  test('an unknown literal compared with a typed column takes its type', () => {
    expect(shape(bind("SELECT a FROM t WHERE a = '5'").plan)).toBe("Project[a](Filter[int4_eq(a, CAST('5' AS int4))](Scan t))");
  });

  test('INTERVAL with a qualifier becomes "n unit" text', () => {
    expect(shape(bind("SELECT INTERVAL '3' HOUR").plan)).toContain("CAST('3 hour' AS interval)");
  });

  test('parameters take their type from context and are written back', () => {
    const ctx = context(undefined, []);
    bind('SELECT b FROM t WHERE a = $1 AND b = $2 AND $3 IS NULL', ctx);
    expect(ctx.paramTypes).toEqual([T.int4, T.text, T.text]);
  });

  test('declared parameter types are kept', () => {
    const ctx = context(undefined, [T.int8]);
    bind('SELECT a FROM t WHERE a = $1', ctx);
    expect(ctx.paramTypes).toEqual([T.int8]);
  });

  test('bindScalar binds over a plain schema', () => {
    const e = bindScalar(parseExpression('x + 1'), [{ name: 'x', type: T.int8 }], context());
    expect(e.type).toEqual(T.int8);
  });
});

describe('expression errors', () => {
  test.each([
    ['SELECT x FROM t', '42703', 'column "x" does not exist', 8],
    ['SELECT t.x FROM t', '42703', 'column t.x does not exist', 8],
    ['SELECT z.a FROM t', '42P01', 'missing FROM-clause entry for table "z"', 8],
    ['SELECT a FROM t, u', '42702', 'column reference "a" is ambiguous', 8],
    ["SELECT b + 1 FROM t", '42883', 'operator does not exist: text + integer', 10],
    ['SELECT foo(a) FROM t', '42883', 'function foo(integer) does not exist', 8],
    ['SELECT a FROM t WHERE a', '42804', 'argument of WHERE must be type boolean, not type integer', 23],
    ['SELECT a FROM t WHERE a > 1 AND a', '42804', 'argument of AND must be type boolean, not type integer', 33],
    ['SELECT NOT a FROM t', '42804', 'argument of NOT must be type boolean, not type integer', 12],
    ["SELECT CASE WHEN true THEN 1 ELSE b END FROM t", '42804', 'CASE types integer and text cannot be matched', 35],
    ['SELECT coalesce(a, b) FROM t', '42804', 'COALESCE types integer and text cannot be matched', 20],
    ['SELECT a::anyelement FROM t', '0A000', 'type anyelement is not supported yet', 11],
    ['SELECT true::date', '42846', 'cannot cast type boolean to date', 8],
    ['SELECT a FROM t WHERE count(*) > 1', '42803', 'aggregate functions are not allowed in WHERE', 23],
    ['SELECT a FROM t WHERE row_number() OVER () > 1', '42P20', 'window functions are not allowed in WHERE', 23],
    ['SELECT row_number() FROM t', '42809', 'window function row_number requires an OVER clause', 8],
    ['SELECT lower(a) FROM t', '42883', 'function lower(integer) does not exist', 8],
    ['SELECT a = ANY(1) FROM t', '42809', 'op ANY/ALL (array) requires array on right side', 16],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bind(sql))).toMatchObject({ code, message, position });
  });

  test('operator errors carry the PostgreSQL hint', () => {
    expect(errorOf(() => bind('SELECT b + 1 FROM t')).hint).toBe(
      'No operator matches the given name and argument types. You might need to add explicit type casts.',
    );
  });
});
