-- RANK over a DML table (updating input) partitioned by a column outside its key: RetractStrategy;
-- BETWEEN bounds both ends of the rank.
CREATE MATERIALIZED VIEW second_paid AS
SELECT * FROM (SELECT id, dept, salary, RANK() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM emp) t WHERE r BETWEEN 2 AND 3
