/**
 * The dimension side of lookup joins: for a DML table, its TableStore's index (synchronous, always
 * current, no cache: the rows are in memory); for a connector table, the connector's LookupSource
 * wrapped with the table's cache and retry options (connectors/lookup-cache.ts).
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import { getConnector } from '../connectors/registry.ts';
import { cachedLookup } from '../connectors/lookup-cache.ts';
import type { LookupFunction } from '../connectors/lookup-cache.ts';
import { lookupConfig } from '../connectors/lookup-options.ts';
import type { TableStore } from './table-store.ts';

function capability(t: TableInfo) {
  const conn = getConnector(t.connector!);
  if (!conn.lookup) {
    throw new SqlError(SqlState.featureNotSupported, `connector "${conn.name}" cannot be the dimension of a lookup join (FOR SYSTEM_TIME AS OF)`, {
      hint: 'Lookup joins read DML tables and tables with the sqlite, jdbc or postgres connector.',
    });
  }
  return conn.lookup;
}

/** Whether lookups into `t` are asynchronous. Throws 0A000 when `t`'s connector serves no lookups. */
export function lookupIsAsync(t: TableInfo): boolean {
  return t.connector === undefined ? false : capability(t).async;
}

/** The lookup function of a join into `t` by `keyColumns` (indices into t.columns). */
export function createLookupFunction(t: TableInfo, keyColumns: readonly number[], tables: ReadonlyMap<string, TableStore>): LookupFunction {
  if (t.connector === undefined) {
    const store = tables.get(t.name);
    if (!store) throw new SqlError(SqlState.undefinedTable, `relation "${t.name}" has no stored rows`);
    return { async: false, lookup: store.lookupBy(keyColumns), close: () => {} };
  }
  const source = capability(t).create(t, keyColumns);
  return cachedLookup(source, lookupConfig(t), t.name, keyColumns);
}
