-- push-filter-through-aggregate: a HAVING conjunct on the group key filters input rows.
SELECT dept, count(*) FROM emp GROUP BY dept HAVING dept <> 'x' AND count(*) > 1
