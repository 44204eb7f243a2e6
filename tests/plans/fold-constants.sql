-- fold-constants: constant subexpressions are evaluated at plan time; TRUE conjuncts vanish.
SELECT id, salary * (2 + 3) FROM emp WHERE 1 = 1 AND salary > 10 * 10
