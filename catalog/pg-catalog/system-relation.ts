/**
 * A system relation: a pg_catalog or information_schema relation whose rows are computed when a
 * query scans it, from the catalog and the running session (DESIGN.md "System catalog"). The binder
 * binds it like a table (a logical Scan); the physical planner makes it a SystemScan; its source in
 * engine/dag.ts calls `rows` once when the query starts, so a query sees one snapshot.
 */
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import type { ColumnInfo } from '../catalog.ts';
import type { SystemContext } from './context.ts';

/** The two system schemas. */
export type SystemSchema = 'pg_catalog' | 'information_schema';

/** A virtual relation of a system schema. */
export interface SystemRelationInfo {
  readonly kind: 'system';
  readonly schema: SystemSchema;
  readonly name: string;
  /** pg_class.oid of the relation (below 16384, as PostgreSQL's own catalogs). */
  readonly oid: number;
  /** PostgreSQL's column names, with Strom's types for them (oid, regproc… → bigint; name, "char" → text). */
  readonly columns: readonly ColumnInfo[];
  /** The relation's rows, one value per column (JS values of common/types.ts). */
  rows(ctx: SystemContext): readonly (readonly unknown[])[];
}

/** Column type shorthands for system relation definitions. */
export const C = {
  /** oid (PostgreSQL's unsigned 32-bit ids; reg* columns too). */
  oid: T.oid,
  /** name (PostgreSQL's 64-byte identifier type). */
  name: T.name,
  /** "char" (a single byte). */
  char: T.char,
  text: T.text,
  bool: T.bool,
  int2: T.int2,
  int4: T.int4,
  int8: T.int8,
  float4: T.float4,
  float8: T.float8,
  timestamptz: T.timestamptz,
  /** oid[], int2vector, oidvector, aclitem[] (as their element arrays; ACLs as text[]). */
  oidArray: { id: 'array', element: T.oid } as SqlType,
  int2Array: { id: 'array', element: T.int2 } as SqlType,
  textArray: { id: 'array', element: T.text } as SqlType,
  charArray: { id: 'array', element: T.char } as SqlType,
  /** pg_node_tree, as text. */
  nodeTree: T.text,
} as const;

/** Defines a system relation from `[name, type]` column pairs (all nullable). */
export function systemRelation(
  schema: SystemSchema,
  name: string,
  oid: number,
  columns: readonly (readonly [string, SqlType])[],
  rows: (ctx: SystemContext) => readonly (readonly unknown[])[],
): SystemRelationInfo {
  return { kind: 'system', schema, name, oid, columns: columns.map(([n, type]) => ({ name: n, type, nullable: true })), rows };
}

/** Namespace OIDs (PostgreSQL's: pg_catalog 11, public 2200; information_schema is assigned at initdb, Strom uses 13000). */
export const NS = { pg_catalog: 11, public: 2200, information_schema: 13000 } as const;

/** The OID of the bootstrap superuser (owner of everything in Strom). */
export const OWNER_OID = 10;

/** The OID of Strom's one database, `strom`. */
export const DATABASE_OID = 5;
