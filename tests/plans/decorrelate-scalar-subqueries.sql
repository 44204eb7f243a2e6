-- decorrelate-scalar-subqueries: the binder keeps each scalar subquery as a ScalarSubqueryJoin (see the
-- Abstract Syntax Tree): an uncorrelated one in WHERE, a correlated bare count(*) (bareCount: no match
-- reads 0) and a correlated non-aggregate one in the select list. The rule turns each into a LEFT join
-- on its correlation, the count read as COALESCE(count, 0).
SELECT e.name,
  (SELECT count(*) FROM emp x WHERE x.dept = e.dept) AS colleagues,
  (SELECT d.floor FROM dept d WHERE d.name = e.dept) AS floor
FROM emp e WHERE e.salary > (SELECT avg(salary) FROM emp)
