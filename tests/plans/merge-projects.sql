-- merge-projects: a projection over a projection becomes one Calc.
SELECT x + 1 AS y FROM (SELECT salary * 2 AS x FROM emp) s
