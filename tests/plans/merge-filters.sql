-- merge-filters (with push-filter-through-project): stacked filters become one Calc condition.
SELECT * FROM (SELECT id, salary FROM emp WHERE salary > 10) s WHERE id < 100
