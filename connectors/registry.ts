/**
 * The connector registry and Flink-style checking of a table's WITH options: every key must be one
 * the connector declares (`connector` itself always is; `#` in a declared key matches a field name),
 * required keys must be present, and the connector's own `validate` checks values and columns.
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import type { Connector, OptionSpec } from './connector.ts';
import { nexmarkConnector } from './nexmark/connector.ts';
import { datagenConnector } from './datagen.ts';
import { printConnector } from './print.ts';
import { blackholeConnector } from './blackhole.ts';
import { filesystemConnector } from './filesystem.ts';
import { sqliteConnector } from './sqlite.ts';
import { jdbcConnector, postgresConnector } from './postgres.ts';

const CONNECTORS: ReadonlyMap<string, Connector> = new Map(
  [nexmarkConnector, datagenConnector, printConnector, blackholeConnector, filesystemConnector, sqliteConnector, postgresConnector, jdbcConnector].map((c) => [
    c.name,
    c,
  ]),
);

/** Names of the registered connectors, sorted. */
export function connectorNames(): string[] {
  return [...CONNECTORS.keys()].sort();
}

/** The connector named `name` (case-insensitive). Throws SqlError 42704 `connector "x" does not exist`, detail listing the available ones. */
export function getConnector(name: string): Connector {
  const c = CONNECTORS.get(name.toLowerCase());
  if (!c) throw new SqlError(SqlState.undefinedObject, `connector "${name}" does not exist`, { detail: `available connectors: ${connectorNames().join(', ')}` });
  return c;
}

function specMatches(spec: OptionSpec, key: string): boolean {
  if (!spec.key.includes('#')) return spec.key === key;
  const [before, after] = spec.key.split('#') as [string, string];
  return key.length > before.length + after.length && key.startsWith(before) && key.endsWith(after);
}

/**
 * Checks `table`'s options against its connector (Flink's FactoryUtil.validateFactoryOptions):
 * unknown key → SqlError 22023 `unsupported option "k" for connector "c"` (detail: the supported
 * options, sorted); a missing required key → 22023 `missing required option "k" for connector "c"`;
 * then the connector's `validate` (bad values → 22023, columns → 42703/42804). An unknown connector
 * → 42704. A DML table (no connector) passes.
 */
export function validateTableOptions(table: TableInfo): void {
  const name = table.connector ?? table.options['connector'];
  if (name === undefined) return;
  const c = getConnector(name);
  for (const key of Object.keys(table.options)) {
    if (key === 'connector' || c.options.some((s) => specMatches(s, key))) continue;
    const supported = ['connector', ...c.options.map((s) => s.key)].sort();
    throw new SqlError(SqlState.invalidParameterValue, `unsupported option "${key}" for connector "${c.name}"`, { detail: `supported options: ${supported.join(', ')}` });
  }
  for (const s of c.options) {
    if (s.required && table.options[s.key] === undefined) {
      throw new SqlError(SqlState.invalidParameterValue, `missing required option "${s.key}" for connector "${c.name}"`, { detail: s.description });
    }
  }
  c.validate?.(table);
}
