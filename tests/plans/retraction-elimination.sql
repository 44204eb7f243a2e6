-- Retraction elimination: the view upserts by the group key, so GroupAggregate emits no -U ([I,UA,D]).
CREATE MATERIALIZED VIEW per_dept AS SELECT dept, count(*) AS n, sum(salary) AS total FROM emp GROUP BY dept
