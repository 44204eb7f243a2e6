import { describe, expect, test } from 'vitest';
import { bind, errorOf, shape, types } from './testing/harness.ts';
import { decorrelateSubqueries } from '../optimizer/rules/decorrelate-subqueries.ts';
import { decorrelateScalarSubqueries } from '../optimizer/rules/decorrelate-scalar-subqueries.ts';
import { optimize } from '../optimizer/optimizer.ts';
import { toPhysical } from '../physical/to-physical.ts';
import { INSERT_ONLY } from '../physical/plan.ts';

/** The plan after decorrelate-subqueries (the binder keeps IN / EXISTS as a SubqueryFilter). */
const decorrelated = (sql: string): string => shape(decorrelateSubqueries.apply(bind(sql).plan, { config: new Map() }).plan);
/** The plan after decorrelate-scalar-subqueries (the binder keeps a scalar subquery as a ScalarSubqueryJoin). */
const scalarDecorrelated = (sql: string): string => shape(decorrelateScalarSubqueries.apply(bind(sql).plan, { config: new Map() }).plan);

describe('subqueries', () => {
  test('IN (subquery) is kept as a SubqueryFilter, decorrelated into a semi join on equality', () => {
    expect(shape(bind('SELECT b FROM t WHERE a IN (SELECT d FROM u)').plan)).toBe(
      'Project[b](SubqueryFilter in[int8_eq(CAST($0 AS int8), $3)](Scan t, Project[d](Scan u)))',
    );
    expect(decorrelated('SELECT b FROM t WHERE a IN (SELECT d FROM u)')).toBe(
      'Project[b](Join semi[int8_eq(CAST($0 AS int8), $3)](Scan t, Project[d](Scan u)))',
    );
  });

  test('NOT IN is decorrelated into a NULL-aware anti join', () => {
    expect(shape(bind('SELECT b FROM t WHERE a NOT IN (SELECT a FROM u)').plan)).toBe(
      'Project[b](SubqueryFilter not in[int4_eq($0, $3)](Scan t, Project[a](Scan u)))',
    );
    expect(decorrelated('SELECT b FROM t WHERE a NOT IN (SELECT a FROM u)')).toBe(
      'Project[b](Join anti[OR(int4_eq($0, $3), IS NULL($0), IS NULL($3))](Scan t, Project[a](Scan u)))',
    );
    expect(decorrelated('SELECT b FROM t WHERE (a, a) NOT IN (SELECT a, a FROM u)')).toBe(
      'Project[b](Join anti[IS NOT FALSE(AND(int4_eq($0, $3), int4_eq($0, $4)))](Scan t, Project[a, a](Scan u)))',
    );
  });

  test('= ANY (subquery) and <> ALL (subquery) are IN and NOT IN', () => {
    expect(shape(bind('SELECT b FROM t WHERE a = ANY (SELECT a FROM u)').plan)).toContain('SubqueryFilter in[');
    expect(shape(bind('SELECT b FROM t WHERE a <> ALL (SELECT a FROM u)').plan)).toContain('SubqueryFilter not in[');
    expect(decorrelated('SELECT b FROM t WHERE a = ANY (SELECT a FROM u)')).toContain('Join semi');
    expect(decorrelated('SELECT b FROM t WHERE a <> ALL (SELECT a FROM u)')).toContain('Join anti');
  });

  test('correlated EXISTS keeps the correlated predicate, which becomes the join condition', () => {
    expect(shape(bind('SELECT b FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a AND u.d > 0)').plan)).toBe(
      'Project[b](SubqueryFilter exists[int4_eq($4, $0)](Scan t, Project[1, a](Filter[int8_gt(d, CAST(0 AS int8))](Scan u))))',
    );
    expect(decorrelated('SELECT b FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a AND u.d > 0)')).toBe(
      'Project[b](Join semi[int4_eq($4, $0)](Scan t, Project[1, a](Filter[int8_gt(d, CAST(0 AS int8))](Scan u))))',
    );
  });

  test('NOT EXISTS is an anti join; correlated IN keeps both predicates', () => {
    expect(shape(bind('SELECT b FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)').plan)).toContain('SubqueryFilter not exists[int4_eq($4, $0)]');
    expect(decorrelated('SELECT b FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)')).toContain('Join anti[int4_eq($4, $0)]');
    expect(shape(bind('SELECT b FROM t WHERE a IN (SELECT a FROM u WHERE u.d > t.c)').plan)).toBe(
      'Project[b](SubqueryFilter in[int4_eq($0, $3); float8_gt(CAST($4 AS float8), $2)](Scan t, Project[a, d](Scan u)))',
    );
    expect(decorrelated('SELECT b FROM t WHERE a IN (SELECT a FROM u WHERE u.d > t.c)')).toBe(
      'Project[b](Join semi[AND(int4_eq($0, $3), float8_gt(CAST($4 AS float8), $2))](Scan t, Project[a, d](Scan u)))',
    );
  });

  test('uncorrelated scalar subquery: kept as a ScalarSubqueryJoin, decorrelated into a left join read by the predicate', () => {
    const sql = 'SELECT a FROM t WHERE c > (SELECT avg(d) FROM u)';
    expect(shape(bind(sql).plan)).toBe(
      'Project[a](Filter[float8_gt(c, CAST(avg AS float8))](ScalarSubqueryJoin[](Scan t, Project[avg](Aggregate[; avg(0)](Project[d](Scan u))))))',
    );
    expect(scalarDecorrelated(sql)).toBe(
      'Project[a](Filter[float8_gt(c, CAST(avg AS float8))](Join left[](Scan t, Project[avg](Aggregate[; avg(0)](Project[d](Scan u))))))',
    );
  });

  test('correlated scalar aggregate: grouped by the correlation column; a bare count reads 0 when nothing matches', () => {
    const sql = 'SELECT a, (SELECT count(*) FROM u WHERE u.a = t.a) AS n FROM t';
    const q = bind(sql);
    expect(shape(q.plan)).toBe('Project[a, count](ScalarSubqueryJoin count[int4_eq($4, $0)](Scan t, Project[count, a](Aggregate[0; count_star()](Project[a](Scan u)))))');
    // The node's value column is the coalesced count: not nullable, as after the rewrite.
    expect(q.plan.schema[1]).toMatchObject({ name: 'n', nullable: false });
    expect(bind('SELECT a, (SELECT max(d) FROM u WHERE u.a = t.a) AS m FROM t').plan.schema[1]).toMatchObject({ name: 'm', nullable: true });
    expect(types(q)).toEqual(['int4', 'int8']);
    expect(scalarDecorrelated(sql)).toBe(
      'Project[a, count](Project[a, b, c, COALESCE(count, 0), a](Join left[int4_eq($4, $0)](Scan t, Project[count, a](Aggregate[0; count_star()](Project[a](Scan u))))))',
    );
  });

  test('a correlated aggregate other than a bare count reads NULL when nothing matches (no COALESCE)', () => {
    const sql = 'SELECT a, (SELECT count(*) + 1 FROM u WHERE u.a = t.a) FROM t';
    expect(shape(bind(sql).plan)).toMatch(/^Project\[a, \?column\?\]\(ScalarSubqueryJoin\[int4_eq\(\$4, \$0\)\]/);
    expect(scalarDecorrelated(sql)).toMatch(/^Project\[a, \?column\?\]\(Join left\[int4_eq\(\$4, \$0\)\]/);
    expect(scalarDecorrelated('SELECT a, (SELECT max(d) FROM u WHERE u.a = t.a) FROM t')).not.toContain('COALESCE');
  });

  test('a correlated non-aggregate scalar subquery keeps its hidden correlation column', () => {
    const sql = 'SELECT a, (SELECT d FROM u WHERE u.a = t.a) FROM t';
    expect(shape(bind(sql).plan)).toBe('Project[a, d](ScalarSubqueryJoin[int4_eq($4, $0)](Scan t, Project[d, a](Scan u)))');
    expect(scalarDecorrelated(sql)).toBe('Project[a, d](Join left[int4_eq($4, $0)](Scan t, Project[d, a](Scan u)))');
  });

  test('stacked scalar subqueries: the count Project of the lower one moves above the upper join', () => {
    const sql = 'SELECT a, (SELECT count(*) FROM u WHERE u.a = t.a), (SELECT max(d) FROM u WHERE u.d = t.a) FROM t';
    expect(shape(bind(sql).plan)).toBe(
      'Project[a, count, max](ScalarSubqueryJoin[int8_eq($6, CAST($0 AS int8))](ScalarSubqueryJoin count[int4_eq($4, $0)](Scan t, Project[count, a](Aggregate[0; count_star()](Project[a](Scan u)))), Project[max, d](Aggregate[0; max(0)](Project[d](Scan u)))))',
    );
    expect(scalarDecorrelated(sql)).toBe(
      'Project[a, count, max](Project[a, b, c, COALESCE(count, 0), a, max, d](Join left[int8_eq($6, CAST($0 AS int8))](Join left[int4_eq($4, $0)](Scan t, Project[count, a](Aggregate[0; count_star()](Project[a](Scan u)))), Project[max, d](Aggregate[0; max(0)](Project[d](Scan u))))))',
    );
  });

  test('uncorrelated scalar subquery in an aggregating select list is added after the Aggregate', () => {
    const sql = 'SELECT count(*), (SELECT max(a) FROM u) FROM t';
    expect(shape(bind(sql).plan)).toBe(
      'Project[count, max](ScalarSubqueryJoin[](Aggregate[; count_star()](Scan t), Project[max](Aggregate[; max(0)](Project[a](Scan u)))))',
    );
    expect(scalarDecorrelated(sql)).toBe(
      'Project[count, max](Join left[](Aggregate[; count_star()](Scan t), Project[max](Aggregate[; max(0)](Project[a](Scan u)))))',
    );
  });

  test('a correlated scalar subquery in WHERE of an aggregating query is added below the Aggregate', () => {
    const sql = 'SELECT count(*) FROM t WHERE (SELECT count(*) FROM u WHERE u.a = t.a) > 0';
    expect(shape(bind(sql).plan)).toContain('Aggregate[; count_star()](Filter[int8_gt(count, CAST(0 AS int8))](ScalarSubqueryJoin count[int4_eq($4, $0)]');
    expect(scalarDecorrelated(sql)).toContain('Aggregate[; count_star()](Filter[int8_gt(count, CAST(0 AS int8))](Project[a, b, c, COALESCE(count, 0), a](Join left[int4_eq($4, $0)]');
  });

  test('both rules leave no subquery node; the physical planner refuses one that survives', () => {
    const sql = 'SELECT a, (SELECT count(*) FROM u WHERE u.a = t.a) FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.d > t.c)';
    const s = shape(optimize(bind(sql).plan, { config: new Map() }));
    expect(s).not.toMatch(/ScalarSubqueryJoin|SubqueryFilter/);
    expect(() => toPhysical(bind(sql).plan, { bounded: true, storedMode: () => ({ mode: INSERT_ONLY, upsertKey: undefined }) })).toThrow(/survived optimization/);
  });

  test.each([
    ['SELECT a FROM t WHERE a IN (SELECT a, d FROM u)', '42601', 'subquery has too many columns', 23],
    ['SELECT (SELECT a, d FROM u) FROM t', '42601', 'subquery must return only one column', 8],
    ['SELECT a FROM t WHERE a > 1 OR EXISTS (SELECT 1 FROM u)', '0A000', 'EXISTS subqueries are only supported as top-level WHERE conditions', 32],
    ['SELECT a FROM t ORDER BY (SELECT 1)', '0A000', 'subqueries are not supported in ORDER BY', 26],
    ['SELECT a FROM t WHERE EXISTS (SELECT 1 FROM (SELECT t.a) s)', '0A000', 'correlated subquery references are not supported in SELECT', 53],
    ['SELECT count(*), (SELECT max(a) FROM u WHERE u.a = t.a) FROM t', '0A000', 'correlated subqueries are not supported in the select list of an aggregating query', 18],
    ['SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a LIMIT 1)', '0A000', 'LIMIT and OFFSET are not supported in correlated subqueries', 31],
  ])('%s → %s', (sql, code, message, position) => {
    expect(errorOf(() => bind(sql))).toMatchObject({ code, message, position });
  });
});
