-- flatten-unions: nested UNION ALLs become one Union with three inputs.
SELECT id FROM emp UNION ALL (SELECT id FROM emp UNION ALL SELECT salary FROM emp)
