/**
 * The system relations by schema and name (DESIGN.md "System catalog"): what the binder finds for
 * `pg_catalog.x`, `information_schema.x`, and an unqualified `x` (pg_catalog is implicitly first in
 * the search_path, PostgreSQL docs §5.9.5).
 */
import type { SystemRelationInfo, SystemSchema } from './system-relation.ts';
import { pgNamespace } from './pg-namespace.ts';
import { pgClass } from './pg-class.ts';
import { pgAttribute } from './pg-attribute.ts';
import { pgType } from './pg-type.ts';
import { pgDatabase } from './pg-database.ts';
import { pgIndex } from './pg-index.ts';
import { pgConstraint } from './pg-constraint.ts';
import { pgProc } from './pg-proc.ts';
import { pgAggregate } from './pg-aggregate.ts';
import { pgSettings } from './pg-settings.ts';
import { pgDescription } from './pg-description.ts';
import { pgRoles } from './pg-roles.ts';
import { pgUser } from './pg-user.ts';
import { pgAm } from './pg-am.ts';
import { pgAttrdef } from './pg-attrdef.ts';
import { pgTables } from './pg-tables.ts';
import { pgViews } from './pg-views.ts';
import { pgMatviews } from './pg-matviews.ts';
import { pgStatActivity } from './pg-stat-activity.ts';
import { pgCollation } from './pg-collation.ts';
import { EMPTY_RELATIONS } from './empty.ts';
import { isColumns, isKeyColumnUsage, isSchemata, isTableConstraints, isTables, isViews } from './information-schema.ts';

let all: readonly SystemRelationInfo[] | undefined;

/** Every system relation. */
export function allSystemRelations(): readonly SystemRelationInfo[] {
  all ??= [
    pgNamespace, pgClass, pgAttribute, pgType, pgDatabase, pgIndex, pgConstraint, pgProc, pgAggregate, pgSettings, pgDescription,
    pgRoles, pgUser, pgAm, pgAttrdef, pgTables, pgViews, pgMatviews, pgStatActivity, pgCollation, ...EMPTY_RELATIONS,
    isSchemata, isTables, isViews, isColumns, isTableConstraints, isKeyColumnUsage,
  ];
  return all;
}

let byKey: Map<string, SystemRelationInfo> | undefined;

/** The system relation `schema.name`; undefined when there is none. */
export function systemRelation(schema: SystemSchema, name: string): SystemRelationInfo | undefined {
  byKey ??= new Map(allSystemRelations().map((r) => [`${r.schema}.${r.name}`, r]));
  return byKey.get(`${schema}.${name}`);
}

/** The system relation with pg_class OID `oid`. */
export function systemRelationByOid(oid: number): SystemRelationInfo | undefined {
  return allSystemRelations().find((r) => r.oid === oid);
}
