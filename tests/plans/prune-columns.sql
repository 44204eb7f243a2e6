-- prune-columns: the scan reads only the columns the query uses.
SELECT name FROM emp WHERE salary > 100
