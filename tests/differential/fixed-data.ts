/**
 * The hand-written phases of the fixed differential test: inserts, more inserts, updates (rows moving
 * between groups, several rows of one statement moving into the same group, values becoming NULL, a
 * primary key changing), deletes (a group emptying, an outer join's match disappearing, the
 * current max going away), re-inserts of deleted keys, and a final phase that empties most of the
 * data. Every query is compared after each phase.
 */

/** A named batch of DML applied identically to Strom and PostgreSQL. */
export interface Phase {
  readonly name: string;
  readonly statements: readonly string[];
}

/** The phases, in order; the views are created over the empty tables before the first. */
export const PHASES: readonly Phase[] = [
  {
    name: 'insert',
    statements: [
      `INSERT INTO dept VALUES (1, 'eng', 'east', 100000), (2, 'ops', 'west', 40000), (3, 'sales', NULL, 60000),
        (4, 'hr', 'east', NULL), (5, NULL, 'north', 20000)`,
      `INSERT INTO emp VALUES
        (1, 1, 'ann', 5000.00, 50, true, '2020-01-15'),
        (2, 1, 'bob', 4200.50, 20, true, '2021-03-01'),
        (3, 2, 'cid', 2500.00, NULL, false, '2019-07-30'),
        (4, 2, 'dee', NULL, 10, true, '2022-11-11'),
        (5, 3, 'eve', 3100.25, 40, NULL, '2020-01-15'),
        (6, NULL, 'fay', 2800.00, 30, true, NULL),
        (7, 6, 'gus', 6100.00, 0, false, '2018-05-05'),
        (8, 1, NULL, 5000.00, 50, false, '2023-02-28'),
        (9, 3, 'ivy', 1999.99, 20, true, '2021-12-31')`,
      `INSERT INTO orders VALUES
        (1, 1, 120.00, 2, 'paid', '2024-01-01 09:00:00'),
        (2, 1, 80.50, 1, 'new', '2024-01-01 10:30:00'),
        (3, 2, 300.00, 5, 'paid', '2024-01-02 08:00:00'),
        (4, 3, 15.75, NULL, 'shipped', '2024-01-02 08:00:00'),
        (5, NULL, 42.00, 3, 'paid', '2024-01-03 12:00:00'),
        (6, 7, 999.99, 1, NULL, '2024-01-03 12:00:00'),
        (7, 99, 10.00, 2, 'new', '2024-01-04 00:00:00'),
        (8, 2, 300.00, 4, 'paid', '2024-01-01 09:00:00'),
        (9, 5, NULL, 2, 'new', '2024-01-05 15:45:00'),
        (10, 1, 120.00, 2, 'shipped', '2024-01-01 09:00:00')`,
    ],
  },
  {
    name: 'insert-more',
    statements: [
      `INSERT INTO dept VALUES (6, 'lab', 'west', 75000)`,
      `INSERT INTO emp VALUES (10, 4, 'jon', 3300.00, 60, true, '2024-01-01'), (11, NULL, NULL, NULL, NULL, NULL, NULL)`,
      `INSERT INTO orders VALUES (11, 4, 55.00, 1, 'paid', '2024-01-06 11:00:00'), (12, 10, 500.00, 3, 'new', '2024-01-06 12:00:00'),
        (13, NULL, NULL, NULL, NULL, NULL)`,
    ],
  },
  {
    name: 'update',
    statements: [
      `UPDATE emp SET dept_id = 2 WHERE id = 1`,
      `UPDATE emp SET salary = NULL, bonus = NULL WHERE id = 2`,
      `UPDATE emp SET salary = salary + 1000 WHERE dept_id = 3`,
      `UPDATE emp SET active = NOT active WHERE active IS NOT NULL AND id > 5`,
      `UPDATE emp SET id = 20 WHERE id = 9`,
      `UPDATE orders SET amount = 1.00 WHERE id = 6`,
      `UPDATE orders SET emp_id = 3 WHERE emp_id = 99`,
      `UPDATE orders SET qty = 0 WHERE qty IS NULL`,
      `UPDATE orders SET ts = '2024-01-07 00:00:00' WHERE status = 'new'`,
      `UPDATE orders SET emp_id = 4 WHERE status = 'new'`,
      `UPDATE dept SET region = 'west' WHERE id = 1`,
    ],
  },
  {
    name: 'delete',
    statements: [
      `DELETE FROM emp WHERE id = 8`,
      `DELETE FROM emp WHERE dept_id = 3`,
      `DELETE FROM dept WHERE id = 2`,
      `DELETE FROM orders WHERE amount > 250`,
      `DELETE FROM orders WHERE emp_id IS NULL`,
    ],
  },
  {
    name: 'reinsert',
    statements: [
      `INSERT INTO dept VALUES (2, 'ops2', 'south', 45000)`,
      `INSERT INTO emp VALUES (8, 3, 'hal', 7000.00, NULL, true, '2024-02-02'), (9, 3, 'ivy', 1999.99, 20, true, '2021-12-31')`,
      `INSERT INTO orders VALUES (3, 20, 250.00, NULL, 'paid', '2024-01-08 10:00:00'), (8, 8, 300.00, 4, 'paid', '2024-01-01 09:00:00')`,
    ],
  },
  {
    name: 'delete-most',
    statements: [`DELETE FROM orders WHERE id < 100`, `DELETE FROM emp WHERE active IS NOT TRUE`, `DELETE FROM dept WHERE budget > 50000`],
  },
];
