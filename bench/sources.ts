/**
 * The DDL of the Nexmark source tables a benchmark query reads, for Strom (the in-process `nexmark`
 * generator, or the `filesystem` connector over JSON-lines files) and for Apache Flink (its
 * `filesystem` connector over the same files). Queries see snake_case tables `bid`, `auction`,
 * `person`; the files carry the generator's camelCase JSON (connectors/nexmark/json-lines.ts), so
 * file-backed tables are views renaming the columns.
 */

/** A Nexmark event kind, which is also the name of its table. */
export type SourceKind = 'bid' | 'auction' | 'person';

/** Columns of each kind: [snake_case name, camelCase JSON key, SQL type]. */
const COLUMNS: Record<SourceKind, readonly (readonly [string, string, string])[]> = {
  bid: [
    ['auction', 'auction', 'BIGINT'],
    ['bidder', 'bidder', 'BIGINT'],
    ['price', 'price', 'BIGINT'],
    ['channel', 'channel', 'STRING'],
    ['url', 'url', 'STRING'],
    ['date_time', 'dateTime', 'TIMESTAMP(3)'],
    ['extra', 'extra', 'STRING'],
  ],
  auction: [
    ['id', 'id', 'BIGINT'],
    ['item_name', 'itemName', 'STRING'],
    ['description', 'description', 'STRING'],
    ['initial_bid', 'initialBid', 'BIGINT'],
    ['reserve', 'reserve', 'BIGINT'],
    ['date_time', 'dateTime', 'TIMESTAMP(3)'],
    ['expires', 'expires', 'TIMESTAMP(3)'],
    ['seller', 'seller', 'BIGINT'],
    ['category', 'category', 'BIGINT'],
    ['extra', 'extra', 'STRING'],
  ],
  person: [
    ['id', 'id', 'BIGINT'],
    ['name', 'name', 'STRING'],
    ['email_address', 'emailAddress', 'STRING'],
    ['credit_card', 'creditCard', 'STRING'],
    ['city', 'city', 'STRING'],
    ['state', 'state', 'STRING'],
    ['date_time', 'dateTime', 'TIMESTAMP(3)'],
    ['extra', 'extra', 'STRING'],
  ],
};

/** The JSON-lines file of `kind` in a data directory written by bench/flink/write-events.ts. */
export function eventFile(dir: string, kind: SourceKind): string {
  return `${dir}/${kind}.json`;
}

/**
 * Event time of event 0 in every benchmark table, generator or file (bench/flink/write-events.ts):
 * fixed, so that the tables of one query share one timeline (without it each generator table starts
 * at its own wall-clock time, and q4's and q9's `B.date_time BETWEEN A.date_time AND A.expires`
 * match almost nothing) and every run sees the same events.
 */
export const BASE_TIME = '2024-01-01 00:00:00';

/** Strom: a `nexmark` generator table of `kind` over the first `events` events, as fast as possible, from BASE_TIME. */
export function stromGeneratorDdl(kind: SourceKind, events: number): string[] {
  const cols = COLUMNS[kind].map(([n, , t]) => `${n} ${t}`).join(', ');
  return [
    `CREATE TABLE ${kind} (${cols}) WITH ('connector' = 'nexmark', 'nexmark.table.type' = '${kind}', 'events.num' = '${events}', 'rate' = '0', 'base-time' = '${BASE_TIME}')`,
  ];
}

/** Strom: a `filesystem` table over the JSON file of `kind` and a view `kind` renaming its columns. */
export function stromFileDdl(kind: SourceKind, dir: string): string[] {
  const cols = COLUMNS[kind].map(([, j, t]) => `"${j}" ${t}`).join(', ');
  const sel = COLUMNS[kind].map(([n, j]) => (n === j ? n : `"${j}" AS ${n}`)).join(', ');
  return [
    `CREATE TABLE ${kind}_file (${cols}) WITH ('connector' = 'filesystem', 'path' = '${eventFile(dir, kind)}', 'format' = 'json')`,
    `CREATE VIEW ${kind} AS SELECT ${sel} FROM ${kind}_file`,
  ];
}

/**
 * Flink: a `filesystem` table over the JSON file of `kind` with Nexmark's watermark (dateTime − 4 s)
 * and a view `kind` renaming its columns (the rowtime attribute survives the rename).
 */
export function flinkFileDdl(kind: SourceKind, dir: string): string[] {
  const cols = COLUMNS[kind].map(([, j, t]) => `\`${j}\` ${t}`).join(', ');
  const sel = COLUMNS[kind].map(([n, j]) => (n === j ? `\`${n}\`` : `\`${j}\` AS \`${n}\``)).join(', ');
  return [
    `CREATE TABLE ${kind}_file (${cols}, WATERMARK FOR \`dateTime\` AS \`dateTime\` - INTERVAL '4' SECOND) ` +
      `WITH ('connector' = 'filesystem', 'path' = '${eventFile(dir, kind)}', 'format' = 'json')`,
    `CREATE VIEW ${kind} AS SELECT ${sel} FROM ${kind}_file`,
  ];
}
