/**
 * Test helpers for connector tables (used by the connectors' tests and by other modules' tests).
 */
import type { ColumnInfo, TableInfo } from '../catalog/catalog.ts';
import type { SqlType } from '../common/types.ts';

/** A connector TableInfo named `name` with `columns` ([name, type] or full ColumnInfo) and WITH `options` (`connector` included). */
export function connectorTable(name: string, columns: readonly (readonly [string, SqlType] | ColumnInfo)[], options: Record<string, string>): TableInfo {
  return {
    kind: 'table',
    oid: 16384,
    name,
    columns: columns.map((c) => (Array.isArray(c) ? { name: c[0], type: c[1], nullable: true } : (c as ColumnInfo))),
    sql: '',
    createdAt: 0,
    connector: options['connector'],
    options,
    primaryKey: undefined,
    watermark: undefined,
  };
}
