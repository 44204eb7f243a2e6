-- DISTINCT ON over a DML table: a ROW_NUMBER Rank of rank 1 (not a time order, so no Deduplicate);
-- the view's ORDER BY is dropped.
CREATE MATERIALIZED VIEW best_paid AS SELECT DISTINCT ON (dept) dept, name, salary FROM emp ORDER BY dept, salary DESC, id
