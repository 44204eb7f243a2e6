-- remove-trivial-project: SELECT * over a subquery adds no Project.
SELECT * FROM (SELECT * FROM dept) d
