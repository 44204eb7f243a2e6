-- OVER aggregation over a DML table (updating input): the retracting OverAggregate, [I,UB,UA,D],
-- keeping the input's upsert key. Two frames over one (PARTITION BY, ORDER BY) are two windows.
CREATE MATERIALIZED VIEW running_pay AS
SELECT id, dept, salary,
       sum(salary) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3,
       count(*) OVER (PARTITION BY dept ORDER BY id) AS n,
       row_number() OVER (PARTITION BY dept ORDER BY id) AS rn
FROM emp
