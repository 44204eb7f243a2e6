-- An outer join of updating DML tables emits inserts and deletes (NULL-padded rows come and go).
CREATE MATERIALIZED VIEW ej AS SELECT e.name, d.floor FROM emp e LEFT JOIN dept d ON e.dept = d.name
