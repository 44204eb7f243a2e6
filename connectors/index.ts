/**
 * connectors/ — sources and sinks of connector tables (`CREATE TABLE … WITH ('connector' = …)`):
 * nexmark (the benchmark's event generator), datagen, filesystem (json lines), print, blackhole; and
 * dimension tables of lookup joins: sqlite, jdbc / postgres (`LookupSource`, with Flink's lookup
 * cache and retry options in lookup-options.ts / lookup-cache.ts).
 * The job runner looks a connector up by name, checks the table's options, and pulls batches from
 * `SourceReader`s / pushes them into `SinkWriter`s. See DESIGN.md, section "Connectors".
 */
export type { Connector, LookupCapability, LookupSource, OptionSpec, SinkWriter, SourceReader } from './connector.ts';
export { cachedLookup, type LookupFunction } from './lookup-cache.ts';
export { lookupConfig, type LookupConfig } from './lookup-options.ts';
export { physicalColumns } from './connector.ts';
export { connectorNames, getConnector, validateTableOptions } from './registry.ts';
export { blackholeCount, resetBlackholeCounts, BlackholeWriter } from './blackhole.ts';
export { nexmarkJsonLines, formatSqlTimestamp } from './nexmark/json-lines.ts';
export type { NexmarkJsonOptions } from './nexmark/json-lines.ts';
export type { NexmarkKind } from './nexmark/config.ts';
