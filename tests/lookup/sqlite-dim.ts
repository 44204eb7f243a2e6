/**
 * The SQLite dimension fixture of the lookup-join tests: a database file at `file` with table
 * `dim (k INTEGER PRIMARY KEY, name TEXT, price REAL)` holding (1, 'one', 1.5) and (2, 'two', 2.5).
 * Returns the open handle (the caller changes rows through it and closes it).
 */
import Sqlite from 'better-sqlite3';

export function createSqliteDim(file: string): Sqlite.Database {
  const sq = new Sqlite(file);
  sq.exec('CREATE TABLE dim (k INTEGER PRIMARY KEY, name TEXT, price REAL)');
  sq.prepare('INSERT INTO dim VALUES (?, ?, ?)').run(1, 'one', 1.5);
  sq.prepare('INSERT INTO dim VALUES (?, ?, ?)').run(2, 'two', 2.5);
  return sq;
}
