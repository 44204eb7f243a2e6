-- decorrelate-subqueries: the binder keeps EXISTS / NOT IN as SubqueryFilter nodes (see the Abstract
-- Syntax Tree); the rule turns them into a semi join on the correlation and a NULL-aware anti join.
SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.name = e.dept AND d.floor > 1) AND e.id NOT IN (SELECT id FROM emp WHERE salary > 100)
