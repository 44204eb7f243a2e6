/**
 * The differential queries: each runs as a materialized view in Strom and as a plain query in
 * PostgreSQL over the tables of ./schema.ts, and both must give the same multiset of rows after every
 * phase of changes. Orderings inside ROW_NUMBER, DISTINCT ON, ROWS frames and LIMIT are total (a
 * primary key breaks ties), or only the sort columns are selected, so the answer is unique.
 *
 * `pending` marks a query that Strom rejects with 0A000 (feature not built yet): the tests skip it,
 * printing the reason, and the long script (./long.ts) re-checks it. A wrong answer is never pending.
 */

/** What a query exercises. */
export type Operator =
  | 'aggregate'
  | 'aggregate-nulls'
  | 'count-distinct'
  | 'bool-agg'
  | 'string-agg'
  | 'having'
  | 'inner-join'
  | 'left-join'
  | 'right-join'
  | 'full-join'
  | 'join-residual'
  | 'multi-way-join'
  | 'self-join'
  | 'non-equi-join'
  | 'semi-join'
  | 'anti-join'
  | 'correlated'
  | 'top-n'
  | 'rank'
  | 'dense-rank'
  | 'order-limit'
  | 'dedup'
  | 'union'
  | 'union-all'
  | 'intersect'
  | 'except'
  | 'set-op-all'
  | 'scalar-subquery'
  | 'cte'
  | 'over-window'
  | 'distinct'
  | 'distinct-on'
  | 'case'
  | 'coalesce'
  | 'nullif'
  | 'filter'
  | 'expressions';

/** One differential query. */
export interface DiffQuery {
  /** Unique, kebab-case; used in test names and reports. */
  readonly name: string;
  readonly sql: string;
  readonly covers: readonly Operator[];
  /** Why Strom cannot run it yet (it answers 0A000); the query is skipped with this reason. */
  readonly pending?: string;
}

const q = (name: string, covers: Operator[], sql: string, pending?: string): DiffQuery => ({
  name,
  covers,
  sql: sql.replace(/\s+/g, ' ').trim(),
  ...(pending ? { pending } : {}),
});

/** Aggregates, with NULLs in inputs and group keys. */
const AGGREGATES: DiffQuery[] = [
  q('agg-global', ['aggregate', 'aggregate-nulls', 'count-distinct'], `
    SELECT count(*) AS n, count(bonus) AS n_bonus, count(DISTINCT dept_id) AS depts, sum(salary) AS total,
           min(salary) AS lo, max(salary) AS hi, avg(salary) AS mean, sum(bonus) AS bonuses
    FROM emp`),
  q('agg-group-null-key', ['aggregate', 'aggregate-nulls'], `
    SELECT dept_id, count(*) AS n, count(bonus) AS n_bonus, sum(bonus) AS s, min(name) AS first_name,
           max(name) AS last_name, avg(bonus) AS mean, max(hired) AS latest
    FROM emp GROUP BY dept_id`),
  q('agg-bool', ['aggregate', 'bool-agg', 'count-distinct', 'aggregate-nulls'], `
    SELECT dept_id, bool_and(active) AS all_active, bool_or(active) AS any_active,
           count(DISTINCT active) AS kinds, count(active) AS known
    FROM emp GROUP BY dept_id`),
  q('agg-string-agg-ordered', ['aggregate', 'string-agg', 'aggregate-nulls'], `
    SELECT dept_id, string_agg(name, ',' ORDER BY name) AS names,
           string_agg(name, '|' ORDER BY name DESC) AS names_desc
    FROM emp GROUP BY dept_id`),
  q('agg-count-sum-distinct', ['aggregate', 'count-distinct'], `
    SELECT dept_id, count(DISTINCT bonus) AS bonuses, sum(DISTINCT bonus) AS distinct_sum, count(DISTINCT name) AS names
    FROM emp GROUP BY dept_id`),
  q('agg-having', ['aggregate', 'having'], `
    SELECT dept_id, sum(salary) AS total, count(*) AS n
    FROM emp GROUP BY dept_id HAVING count(*) >= 2 AND sum(salary) > 5000`),
  q('agg-group-by-case', ['aggregate', 'case'], `
    SELECT CASE WHEN salary IS NULL THEN 'unknown' WHEN salary < 3000 THEN 'low' ELSE 'high' END AS band,
           count(*) AS n, min(hired) AS earliest
    FROM emp
    GROUP BY CASE WHEN salary IS NULL THEN 'unknown' WHEN salary < 3000 THEN 'low' ELSE 'high' END`),
  q('agg-filter-clause', ['aggregate', 'filter'], `
    SELECT dept_id, count(*) FILTER (WHERE active) AS active_n, sum(salary) FILTER (WHERE bonus > 20) AS paid_well
    FROM emp GROUP BY dept_id`),
  q('agg-orders-numeric', ['aggregate', 'aggregate-nulls'], `
    SELECT emp_id, sum(amount) AS total, avg(amount) AS mean, sum(qty) AS items, avg(qty) AS mean_qty,
           min(ts) AS first_ts, max(ts) AS last_ts
    FROM orders GROUP BY emp_id`),
  q('agg-two-keys', ['aggregate', 'aggregate-nulls'], `
    SELECT emp_id, status, count(*) AS n, max(amount) AS biggest FROM orders GROUP BY emp_id, status`),
  q('agg-of-agg', ['aggregate'], `
    SELECT n, count(*) AS groups FROM (SELECT dept_id, count(*) AS n FROM emp GROUP BY dept_id) s GROUP BY n`),
  q('agg-global-emptying', ['aggregate', 'aggregate-nulls', 'bool-agg'], `
    SELECT count(*) AS n, count(qty) AS n_qty, sum(qty) AS items, max(amount) AS biggest, bool_or(qty > 2) AS any_big,
           string_agg(DISTINCT status, ',' ORDER BY status) AS statuses
    FROM orders`),
  q('agg-global-having', ['aggregate', 'having'], `
    SELECT count(*) AS n, sum(amount) AS total FROM orders HAVING count(*) > 3`),
];

/** Joins of every kind. */
const JOINS: DiffQuery[] = [
  q('join-inner', ['inner-join'], `
    SELECT e.id, e.name, d.name AS dept FROM emp e JOIN dept d ON e.dept_id = d.id`),
  q('join-left', ['left-join'], `
    SELECT e.id, e.name, d.name AS dept, d.region FROM emp e LEFT JOIN dept d ON e.dept_id = d.id`),
  q('join-right', ['right-join'], `
    SELECT e.id AS emp, d.id AS dept, d.budget FROM emp e RIGHT JOIN dept d ON e.dept_id = d.id`),
  q('join-full', ['full-join'], `
    SELECT e.id AS emp, e.dept_id, d.id AS dept, d.name FROM emp e FULL JOIN dept d ON e.dept_id = d.id`),
  q('join-inner-residual', ['inner-join', 'join-residual'], `
    SELECT e.id, d.id AS dept FROM emp e JOIN dept d ON e.dept_id = d.id AND e.salary * 10 > d.budget`),
  q('join-left-residual', ['left-join', 'join-residual'], `
    SELECT e.id, e.bonus, d.id AS dept, d.region
    FROM emp e LEFT JOIN dept d ON e.dept_id = d.id AND d.region <> 'west' AND e.bonus < d.budget / 100`),
  q('join-right-residual', ['right-join', 'join-residual'], `
    SELECT o.id AS order_id, e.id AS emp, e.name
    FROM orders o RIGHT JOIN emp e ON o.emp_id = e.id AND o.status = 'paid'`),
  q('join-full-residual', ['full-join', 'join-residual'], `
    SELECT o.id AS order_id, o.qty, e.id AS emp, e.bonus
    FROM orders o FULL OUTER JOIN emp e ON o.emp_id = e.id AND o.qty > 1`),
  q('join-three-way', ['inner-join', 'multi-way-join'], `
    SELECT d.name AS dept, e.name, o.id AS order_id, o.amount
    FROM dept d JOIN emp e ON e.dept_id = d.id JOIN orders o ON o.emp_id = e.id`),
  q('join-three-way-outer', ['left-join', 'multi-way-join'], `
    SELECT d.id AS dept, e.id AS emp, o.id AS order_id
    FROM dept d LEFT JOIN emp e ON e.dept_id = d.id LEFT JOIN orders o ON o.emp_id = e.id`),
  q('join-outer-then-aggregate', ['left-join', 'multi-way-join', 'aggregate'], `
    SELECT d.id AS dept, count(o.id) AS orders, sum(o.amount) AS total, count(DISTINCT e.id) AS emps
    FROM dept d LEFT JOIN emp e ON e.dept_id = d.id LEFT JOIN orders o ON o.emp_id = e.id
    GROUP BY d.id`),
  q('join-self', ['self-join', 'join-residual'], `
    SELECT a.id AS a, b.id AS b FROM emp a JOIN emp b ON a.dept_id = b.dept_id AND a.id < b.id`),
  q('join-non-equi', ['non-equi-join'], `
    SELECT e.id AS emp, d.id AS dept FROM emp e JOIN dept d ON e.bonus * 100 > d.budget`),
  q('join-aggregated-sides', ['inner-join', 'aggregate'], `
    SELECT a.dept_id, a.n, b.total
    FROM (SELECT dept_id, count(*) AS n FROM emp GROUP BY dept_id) a
    JOIN (SELECT e.dept_id, sum(o.amount) AS total FROM orders o JOIN emp e ON o.emp_id = e.id GROUP BY e.dept_id) b
      ON a.dept_id = b.dept_id`),
  q('join-left-is-null', ['left-join', 'anti-join'], `
    SELECT e.id, e.name FROM emp e LEFT JOIN orders o ON o.emp_id = e.id WHERE o.id IS NULL`),
  q('join-full-group-coalesce', ['full-join', 'aggregate', 'coalesce'], `
    SELECT COALESCE(e.dept_id, d.id) AS dept, count(*) AS n, count(e.id) AS emps, count(d.id) AS depts
    FROM emp e FULL JOIN dept d ON e.dept_id = d.id
    GROUP BY COALESCE(e.dept_id, d.id)`),
];

/** IN / NOT IN / EXISTS / NOT EXISTS. */
const SEMI_ANTI: DiffQuery[] = [
  q('semi-in', ['semi-join'], `
    SELECT id, name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE region = 'east' OR budget > 50000)`),
  q('anti-not-in-null-inner', ['anti-join'], `
    SELECT id, bonus FROM emp WHERE bonus NOT IN (SELECT qty FROM orders)`),
  q('anti-not-in-null-outer', ['anti-join'], `
    SELECT id, emp_id FROM orders WHERE emp_id NOT IN (SELECT id FROM emp WHERE active)`),
  q('anti-not-in-filtered', ['anti-join'], `
    SELECT id, name FROM dept WHERE id NOT IN (SELECT dept_id FROM emp WHERE dept_id IS NOT NULL)`),
  q('semi-exists-correlated', ['semi-join', 'correlated'], `
    SELECT d.id, d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.active)`),
  q('anti-not-exists-correlated', ['anti-join', 'correlated'], `
    SELECT e.id, e.name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.emp_id = e.id)`),
  q('semi-exists-residual', ['semi-join', 'correlated', 'join-residual'], `
    SELECT e.id FROM emp e WHERE EXISTS (SELECT 1 FROM orders o WHERE o.emp_id = e.id AND o.amount * 10 > e.salary)`),
  q('anti-not-exists-residual', ['anti-join', 'correlated', 'join-residual'], `
    SELECT o.id FROM orders o
    WHERE NOT EXISTS (SELECT 1 FROM orders p WHERE p.emp_id = o.emp_id AND p.amount > o.amount)`),
  q('semi-in-and-filter', ['semi-join', 'anti-join'], `
    SELECT id FROM emp WHERE id IN (SELECT emp_id FROM orders WHERE status = 'paid')
      AND id NOT IN (SELECT emp_id FROM orders WHERE status = 'new' AND emp_id IS NOT NULL)`),
  q('semi-in-correlated', ['semi-join', 'correlated'], `
    SELECT e.id FROM emp e WHERE e.bonus IN (SELECT o.qty * 10 FROM orders o WHERE o.emp_id = e.id)`),
  q('anti-not-in-correlated', ['anti-join', 'correlated'], `
    SELECT e.id FROM emp e WHERE e.bonus NOT IN (SELECT o.qty * 10 FROM orders o WHERE o.emp_id = e.id)`),
  q('semi-exists-uncorrelated', ['semi-join'], `
    SELECT id FROM emp WHERE EXISTS (SELECT 1 FROM dept WHERE budget > 90000)`),
];

/** TopN, ranks and deduplication. */
const TOP_N: DiffQuery[] = [
  q('topn-row-number', ['top-n'], `
    SELECT * FROM (
      SELECT id, dept_id, salary, ROW_NUMBER() OVER (PARTITION BY dept_id ORDER BY salary DESC NULLS LAST, id) AS rn FROM emp
    ) t WHERE rn <= 2`),
  q('topn-no-rank-column', ['top-n'], `
    SELECT id, emp_id, amount FROM (
      SELECT id, emp_id, amount, ROW_NUMBER() OVER (PARTITION BY emp_id ORDER BY amount, id) AS rn FROM orders
    ) t WHERE rn <= 2`),
  q('topn-rank', ['top-n', 'rank'], `
    SELECT * FROM (
      SELECT id, dept_id, bonus, RANK() OVER (PARTITION BY dept_id ORDER BY bonus DESC) AS rk FROM emp
    ) t WHERE rk <= 2`),
  q('topn-dense-rank', ['top-n', 'dense-rank'], `
    SELECT * FROM (
      SELECT id, emp_id, qty, DENSE_RANK() OVER (PARTITION BY emp_id ORDER BY qty) AS dr FROM orders
    ) t WHERE dr <= 2`),
  q('topn-between', ['top-n'], `
    SELECT * FROM (
      SELECT id, amount, ROW_NUMBER() OVER (ORDER BY amount DESC, id) AS rn FROM orders
    ) t WHERE rn BETWEEN 2 AND 4`),
  q('topn-over-aggregate', ['top-n', 'aggregate'], `
    SELECT * FROM (
      SELECT emp_id, total, ROW_NUMBER() OVER (ORDER BY total DESC NULLS LAST, emp_id) AS rn
      FROM (SELECT emp_id, sum(amount) AS total FROM orders GROUP BY emp_id) a
    ) t WHERE rn <= 3`),
  q('order-limit', ['order-limit', 'top-n'], `
    SELECT id, amount FROM orders ORDER BY amount DESC NULLS LAST, id LIMIT 3`),
  q('order-limit-ties', ['order-limit', 'top-n'], `
    SELECT qty FROM orders ORDER BY qty DESC LIMIT 4`),
  q('order-limit-join', ['order-limit', 'inner-join'], `
    SELECT e.name, o.amount FROM orders o JOIN emp e ON o.emp_id = e.id ORDER BY o.amount, o.id LIMIT 3`),
  q('dedup-first', ['dedup'], `
    SELECT id, emp_id, amount FROM (
      SELECT id, emp_id, amount, ROW_NUMBER() OVER (PARTITION BY emp_id ORDER BY ts, id) AS rn FROM orders
    ) t WHERE rn = 1`),
  q('dedup-last', ['dedup'], `
    SELECT id, emp_id, status FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY emp_id ORDER BY ts DESC, id DESC) AS rn FROM orders
    ) t WHERE rn = 1`),
];

/** UNION / INTERSECT / EXCEPT, with and without ALL. */
const SET_OPS: DiffQuery[] = [
  q('union', ['union'], `SELECT dept_id FROM emp UNION SELECT id FROM dept`),
  q('union-all', ['union-all', 'set-op-all'], `SELECT dept_id AS k, name FROM emp UNION ALL SELECT id, name FROM dept`),
  q('intersect', ['intersect'], `SELECT bonus FROM emp INTERSECT SELECT qty * 10 FROM orders`),
  q('intersect-all', ['intersect', 'set-op-all'], `SELECT dept_id FROM emp INTERSECT ALL SELECT emp_id FROM orders`),
  q('except', ['except'], `SELECT id FROM emp EXCEPT SELECT emp_id FROM orders`),
  q('except-all', ['except', 'set-op-all'], `SELECT status FROM orders EXCEPT ALL SELECT status FROM orders WHERE qty > 2`),
  q('set-ops-nested', ['union-all', 'except', 'set-op-all'], `
    (SELECT emp_id FROM orders WHERE qty > 1 UNION ALL SELECT id FROM emp WHERE active) EXCEPT ALL SELECT id FROM emp WHERE bonus > 30`),
  q('union-of-aggregates', ['union', 'aggregate'], `
    SELECT dept_id AS k, count(*) AS n FROM emp GROUP BY dept_id UNION SELECT emp_id, count(*) FROM orders GROUP BY emp_id`),
  q('intersect-of-join', ['intersect', 'inner-join'], `
    SELECT e.dept_id FROM emp e JOIN orders o ON o.emp_id = e.id INTERSECT SELECT id FROM dept WHERE budget IS NOT NULL`),
];

/** Scalar subqueries, CTEs and derived tables. */
const SUBQUERIES: DiffQuery[] = [
  q('scalar-uncorrelated', ['scalar-subquery'], `
    SELECT id, salary, (SELECT max(salary) FROM emp) AS top FROM emp`),
  q('scalar-in-where', ['scalar-subquery'], `
    SELECT id, amount FROM orders WHERE amount > (SELECT avg(amount) FROM orders)`),
  q('scalar-correlated-count', ['scalar-subquery', 'correlated'], `
    SELECT e.id, (SELECT count(*) FROM orders o WHERE o.emp_id = e.id) AS orders FROM emp e`),
  q('scalar-correlated-sum', ['scalar-subquery', 'correlated'], `
    SELECT e.id, (SELECT sum(o.amount) FROM orders o WHERE o.emp_id = e.id) AS total FROM emp e`),
  q('scalar-correlated-in-where', ['scalar-subquery', 'correlated'], `
    SELECT e.id, e.salary FROM emp e WHERE e.salary >= (SELECT avg(x.salary) FROM emp x WHERE x.dept_id = e.dept_id)`),
  q('scalar-empty-subquery', ['scalar-subquery'], `
    SELECT id, (SELECT max(budget) FROM dept WHERE region = 'south') AS south_budget FROM emp WHERE id < 5`),
  q('scalar-in-having', ['scalar-subquery', 'having', 'aggregate'], `
    SELECT dept_id, count(*) AS n FROM emp GROUP BY dept_id HAVING count(*) >= (SELECT count(*) FROM dept WHERE budget > 50000)`),
  q('scalar-correlated-on-group-key', ['scalar-subquery', 'correlated', 'aggregate'], `
    SELECT e.dept_id, count(*) AS n, (SELECT d.budget FROM dept d WHERE d.id = e.dept_id) AS budget FROM emp e GROUP BY e.dept_id`),
  q('scalar-stacked-count-and-max', ['scalar-subquery', 'correlated'], `
    SELECT e.id,
           (SELECT count(*) FROM orders o WHERE o.emp_id = e.id) AS n,
           (SELECT max(o.qty) FROM orders o WHERE o.emp_id = e.id AND o.status = 'paid') AS top_paid_qty
    FROM emp e`),
  q('scalar-correlated-count-in-where', ['scalar-subquery', 'correlated'], `
    SELECT e.id, e.name FROM emp e WHERE (SELECT count(*) FROM orders o WHERE o.emp_id = e.id AND o.qty > 1) = 0`),
  q('scalar-in-case', ['scalar-subquery'], `
    SELECT id, CASE WHEN amount > (SELECT avg(amount) FROM orders) THEN 'above' ELSE 'below' END AS band FROM orders`),
  q('scalar-nested', ['scalar-subquery', 'correlated'], `
    SELECT d.id, (SELECT max(e.salary) FROM emp e WHERE e.dept_id = d.id AND e.salary < (SELECT avg(salary) FROM emp)) AS below_avg_top FROM dept d`),
  q('cte-used-twice', ['cte', 'aggregate', 'self-join'], `
    WITH per_dept AS (SELECT dept_id, count(*) AS n, sum(bonus) AS b FROM emp GROUP BY dept_id)
    SELECT a.dept_id, a.n, b.b FROM per_dept a JOIN per_dept b ON a.dept_id = b.dept_id AND a.n = b.n`),
  q('cte', ['cte', 'aggregate', 'inner-join'], `
    WITH totals AS (SELECT emp_id, sum(amount) AS total FROM orders GROUP BY emp_id),
         big AS (SELECT emp_id FROM totals WHERE total > 100)
    SELECT e.id, e.name, t.total FROM emp e JOIN totals t ON t.emp_id = e.id WHERE e.id IN (SELECT emp_id FROM big)`),
];

/** OVER aggregation with bounded and unbounded frames. */
const OVER: DiffQuery[] = [
  q('over-rows-sum', ['over-window'], `
    SELECT id, emp_id, amount,
           sum(amount) OVER (PARTITION BY emp_id ORDER BY ts, id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3
    FROM orders`),
  q('over-rows-count-max', ['over-window'], `
    SELECT id, count(qty) OVER (PARTITION BY emp_id ORDER BY ts, id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS c2,
           max(qty) OVER (PARTITION BY emp_id ORDER BY ts, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_max
    FROM orders`),
  q('over-range-unbounded', ['over-window'], `
    SELECT id, sum(qty) OVER (PARTITION BY emp_id ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
           avg(amount) OVER (PARTITION BY emp_id ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_avg
    FROM orders`),
  q('over-rows-min-emp', ['over-window'], `
    SELECT id, dept_id, min(salary) OVER (PARTITION BY dept_id ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS lo2
    FROM emp`),
];

/** DISTINCT, DISTINCT ON, and scalar expressions. */
const SCALAR: DiffQuery[] = [
  q('distinct', ['distinct'], `SELECT DISTINCT dept_id, active FROM emp`),
  q('distinct-expression', ['distinct', 'coalesce'], `SELECT DISTINCT COALESCE(status, 'none') AS status, qty > 1 AS many FROM orders`),
  q('distinct-on', ['distinct-on'], `
    SELECT DISTINCT ON (dept_id) dept_id, id, salary FROM emp ORDER BY dept_id, salary DESC NULLS LAST, id`),
  q('case-coalesce-nullif', ['case', 'coalesce', 'nullif'], `
    SELECT id,
           CASE WHEN bonus IS NULL THEN 'none' WHEN bonus > 30 THEN 'big' ELSE 'small' END AS kind,
           COALESCE(bonus, 0) + 1 AS bonus1, NULLIF(dept_id, 2) AS not_two, COALESCE(name, 'anon') AS who,
           CASE dept_id WHEN 1 THEN 'one' WHEN 2 THEN 'two' END AS simple_case
    FROM emp`),
  q('three-valued-filter', ['filter'], `
    SELECT id FROM emp WHERE NOT (active AND bonus > 20) OR (active IS NULL AND bonus IS NOT NULL)`),
  q('arithmetic', ['expressions', 'nullif'], `
    SELECT id, salary * 2 AS doubled, salary / 4 AS quarter, bonus / 3 AS third, bonus % 7 AS rest,
           salary / NULLIF(bonus, 0) AS per_bonus, -bonus AS neg, abs(bonus - 25) AS dist
    FROM emp`),
  q('text-date-functions', ['expressions'], `
    SELECT id, upper(name) AS up, length(name) AS len, substr(name, 2, 3) AS mid, name || '!' AS shout,
           hired + 30 AS plus30, EXTRACT(YEAR FROM hired) AS yr
    FROM emp`),
  q('timestamp-functions', ['expressions'], `
    SELECT id, date_trunc('day', ts) AS day, CAST(ts AS DATE) AS d, EXTRACT(HOUR FROM ts) AS hr, status LIKE 'p%' AS p
    FROM orders`),
];

/** Every differential query, in a stable order. */
export const QUERIES: readonly DiffQuery[] = [...AGGREGATES, ...JOINS, ...SEMI_ANTI, ...TOP_N, ...SET_OPS, ...SUBQUERIES, ...OVER, ...SCALAR];
