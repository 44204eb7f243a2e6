-- derive-join-predicates: emp.id = t.id and emp.id > 3 imply t.id > 3 below the other input.
SELECT e.name, t.name FROM emp e JOIN emp t ON e.id = t.id WHERE e.id > 3
