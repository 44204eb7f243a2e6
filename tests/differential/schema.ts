/**
 * The tables every differential query reads. The same DDL is valid in Strom (a DML table) and in
 * PostgreSQL, so both hold identical rows: departments, their employees and the employees' orders,
 * with NULLs allowed everywhere but in primary keys.
 */

/** Table name → CREATE TABLE statement (created in this order, dropped in reverse). */
export const TABLES: ReadonlyArray<readonly [name: string, ddl: string]> = [
  ['dept', 'CREATE TABLE dept (id INTEGER PRIMARY KEY, name TEXT, region TEXT, budget BIGINT)'],
  [
    'emp',
    'CREATE TABLE emp (id INTEGER PRIMARY KEY, dept_id INTEGER, name TEXT, salary NUMERIC(10,2), bonus INTEGER, active BOOLEAN, hired DATE)',
  ],
  ['orders', 'CREATE TABLE orders (id BIGINT PRIMARY KEY, emp_id INTEGER, amount NUMERIC(12,2), qty INTEGER, status TEXT, ts TIMESTAMP)'],
];

/** The name of the materialized view under test. */
export const VIEW = 'diff_view';
