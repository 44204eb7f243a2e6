-- ORDER BY … LIMIT in a materialized view: a ROW_NUMBER Rank without partition keys.
CREATE MATERIALIZED VIEW top_paid AS SELECT id, salary FROM emp ORDER BY salary DESC LIMIT 3 OFFSET 1
