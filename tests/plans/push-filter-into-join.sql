-- push-filter-into-join: single-side conjuncts move into the join's inputs; the equality becomes the join key.
SELECT e.name, d.floor FROM emp e JOIN dept d ON e.dept = d.name WHERE e.salary > 50 AND d.floor < 3
