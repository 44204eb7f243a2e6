/**
 * The persistent catalog: catalog/catalog.ts's `Catalog` over one SQLite database
 * (`<dataDir>/catalog.db`, better-sqlite3, WAL journal, synchronous=FULL so that a mutation is durable
 * when it returns). Relations, jobs and users are kept in memory as well and written through, so
 * lookups by the planner cost a Map access.
 *
 * Schema (version 1, recorded in `meta`):
 *   meta(key, value)                       schema_version, next_oid
 *   relations(seq, oid, name, info)        info = the RelationInfo as JSON; seq = creation order
 *   jobs(seq, id, info)                    info = the JobInfo as JSON; seq = first put
 *   users(seq, name, info)                 info = the UserInfo as JSON
 *   table_rows(seq, tbl, key, row)         a DML table's rows; seq = insertion order
 * Oids come from `next_oid` (16384 upward, PostgreSQL's FirstNormalObjectId) and are never reused,
 * even after a drop.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqlError, SqlState } from '../common/errors.ts';
import type { Catalog, JobInfo, RelationInfo, TableInfo, UserInfo, ViewInfo } from './catalog.ts';

/** The schema version this code writes; a database with a newer version is refused. */
export const CATALOG_SCHEMA_VERSION = 1;
/** The first oid handed out (PostgreSQL's FirstNormalObjectId). */
export const FIRST_USER_OID = 16384;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS relations (seq INTEGER PRIMARY KEY AUTOINCREMENT, oid INTEGER NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE, info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS table_rows (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, key TEXT NOT NULL, row TEXT NOT NULL, UNIQUE (tbl, key));
CREATE INDEX IF NOT EXISTS table_rows_by_table ON table_rows (tbl, seq);
`;

type Db = Database.Database;

/**
 * `Catalog` stored in SQLite. Open with `SqliteCatalog.open(dataDir)`; `close()` when done.
 * Errors: `addRelation` with a taken name → SqlError 42P07; `setComment` on a missing relation →
 * 42P01; opening a database written by a newer Strom → SqlError 55000.
 */
export class SqliteCatalog implements Catalog {
  private readonly byName = new Map<string, RelationInfo>();
  private readonly byOid = new Map<number, RelationInfo>();
  private readonly jobMap = new Map<string, JobInfo>();
  private readonly userMap = new Map<string, UserInfo>();
  private nextOid: number;

  private constructor(private readonly db: Db) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    const version = this.meta('schema_version');
    if (version === undefined) this.setMeta('schema_version', String(CATALOG_SCHEMA_VERSION));
    else if (Number(version) > CATALOG_SCHEMA_VERSION) {
      db.close();
      throw new SqlError(SqlState.objectNotInPrerequisiteState, `catalog schema version ${version} is newer than supported version ${CATALOG_SCHEMA_VERSION}`);
    }
    this.nextOid = Number(this.meta('next_oid') ?? FIRST_USER_OID);
    for (const r of db.prepare('SELECT info FROM relations ORDER BY seq').all() as { info: string }[]) {
      const rel = JSON.parse(r.info) as RelationInfo;
      this.byName.set(rel.name, rel);
      this.byOid.set(rel.oid, rel);
    }
    for (const r of db.prepare('SELECT info FROM jobs ORDER BY seq').all() as { info: string }[]) {
      const job = JSON.parse(r.info) as JobInfo;
      this.jobMap.set(job.id, job);
    }
    for (const r of db.prepare('SELECT info FROM users ORDER BY seq').all() as { info: string }[]) {
      const u = JSON.parse(r.info) as UserInfo;
      this.userMap.set(u.name, u);
    }
  }

  /** Opens (creating when missing) the catalog in `dataDir` (the directory is created too). */
  static open(dataDir: string): SqliteCatalog {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteCatalog(new Database(join(dataDir, 'catalog.db')));
  }

  /** A catalog in a private in-memory database (for tests of other modules); nothing persists. */
  static inMemory(): SqliteCatalog {
    return new SqliteCatalog(new Database(':memory:'));
  }

  private readonly statements = new Map<string, Database.Statement>();
  /** A prepared statement, cached by its text. */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private meta(key: string): string | undefined {
    const r = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value;
  }

  private setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  getRelation(name: string): RelationInfo | undefined {
    return this.byName.get(name);
  }

  getRelationByOid(oid: number): RelationInfo | undefined {
    return this.byOid.get(oid);
  }

  relations(): readonly RelationInfo[] {
    return [...this.byName.values()];
  }

  addRelation(r: Omit<TableInfo, 'oid'> | Omit<ViewInfo, 'oid'>): RelationInfo {
    if (this.byName.has(r.name)) throw new SqlError(SqlState.duplicateTable, `relation "${r.name}" already exists`);
    const rel = { ...r, oid: this.nextOid } as RelationInfo;
    this.db.transaction(() => {
      this.stmt('INSERT INTO relations (oid, name, info) VALUES (?, ?, ?)').run(rel.oid, rel.name, JSON.stringify(rel));
      this.setMeta('next_oid', String(rel.oid + 1));
    })();
    this.nextOid = rel.oid + 1;
    this.byName.set(rel.name, rel);
    this.byOid.set(rel.oid, rel);
    return rel;
  }

  setComment(name: string, comment: string | undefined, column?: string): void {
    const old = this.byName.get(name);
    if (!old) throw new SqlError(SqlState.undefinedTable, `relation "${name}" does not exist`);
    if (column !== undefined && !old.columns.some((c) => c.name === column)) {
      throw new SqlError(SqlState.undefinedColumn, `column "${column}" of relation "${name}" does not exist`);
    }
    const rel = (
      column === undefined ? { ...old, comment } : { ...old, columns: old.columns.map((c) => (c.name === column ? { ...c, comment } : c)) }
    ) as RelationInfo;
    this.stmt('UPDATE relations SET info = ? WHERE name = ?').run(JSON.stringify(rel), name);
    // Keep the Map's insertion order (= creation order) by replacing in place.
    this.byName.set(name, rel);
    this.byOid.set(rel.oid, rel);
  }

  /** Removes the relation and, for a DML table, its rows. A missing name is a no-op (the engine checks existence). */
  removeRelation(name: string): void {
    const old = this.byName.get(name);
    if (!old) return;
    this.db.transaction(() => {
      this.stmt('DELETE FROM relations WHERE name = ?').run(name);
      this.stmt('DELETE FROM table_rows WHERE tbl = ?').run(name);
    })();
    this.byName.delete(name);
    this.byOid.delete(old.oid);
  }

  dependents(name: string): readonly RelationInfo[] {
    return this.relations().filter((r) => r.kind !== 'table' && r.dependsOn.includes(name));
  }

  jobs(): readonly JobInfo[] {
    return [...this.jobMap.values()];
  }

  getJob(id: string): JobInfo | undefined {
    return this.jobMap.get(id);
  }

  /** Inserts or replaces a job by id (a replaced job keeps its place in `jobs()`). */
  putJob(job: JobInfo): void {
    this.stmt('INSERT INTO jobs (id, info) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET info = excluded.info').run(job.id, JSON.stringify(job));
    this.jobMap.set(job.id, job);
  }

  users(): readonly UserInfo[] {
    return [...this.userMap.values()];
  }

  /** Inserts or replaces a user by name. */
  putUser(u: UserInfo): void {
    this.stmt('INSERT INTO users (name, info) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET info = excluded.info').run(u.name, JSON.stringify(u));
    this.userMap.set(u.name, u);
  }

  removeUser(name: string): void {
    this.stmt('DELETE FROM users WHERE name = ?').run(name);
    this.userMap.delete(name);
  }

  /** All rows of `table`, in insertion order (an upserted existing key keeps its place); a fresh array. */
  tableRows(table: string): Iterable<{ key: string; row: string }> {
    return this.stmt('SELECT key, row FROM table_rows WHERE tbl = ? ORDER BY seq').all(table) as { key: string; row: string }[];
  }

  /**
   * In one transaction: deletes the rows with keys `deletes` (missing keys are ignored), then upserts
   * `upserts` (a new key is appended at the end; an existing key's row is replaced in place).
   */
  putTableRows(table: string, upserts: readonly { key: string; row: string }[], deletes: readonly string[]): void {
    const del = this.stmt('DELETE FROM table_rows WHERE tbl = ? AND key = ?');
    const ups = this.stmt('INSERT INTO table_rows (tbl, key, row) VALUES (?, ?, ?) ON CONFLICT (tbl, key) DO UPDATE SET row = excluded.row');
    this.db.transaction(() => {
      for (const k of deletes) del.run(table, k);
      for (const u of upserts) ups.run(table, u.key, u.row);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
