/**
 * catalog/ — what exists: tables, views, materialized views, jobs and users, durable in the data
 * directory. The planner reads it to bind names, the engine writes it on DDL, the server derives its
 * pg_catalog relations from it. See DESIGN.md, section "Catalog".
 *
 * - catalog.ts: the `Catalog` interface and the shapes it stores (contract shared by every stage).
 * - store.ts: `SqliteCatalog`, the implementation over SQLite (better-sqlite3, WAL).
 */
export type { Catalog, ColumnInfo, JobInfo, JobStatus, RelationInfo, TableInfo, UserInfo, ViewInfo } from './catalog.ts';
export { SqliteCatalog, CATALOG_SCHEMA_VERSION, FIRST_USER_OID } from './store.ts';
