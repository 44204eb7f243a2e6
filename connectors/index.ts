/**
 * connectors/ — sources and sinks of connector tables (`CREATE TABLE … WITH ('connector' = …)`):
 * nexmark (the benchmark's event generator), datagen, filesystem (json lines), print, blackhole.
 * The job runner looks a connector up by name, checks the table's options, and pulls batches from
 * `SourceReader`s / pushes them into `SinkWriter`s. See DESIGN.md, section "Connectors".
 */
export type { Connector, OptionSpec, SinkWriter, SourceReader } from './connector.ts';
export { physicalColumns } from './connector.ts';
export { connectorNames, getConnector, validateTableOptions } from './registry.ts';
export { blackholeCount, resetBlackholeCounts, BlackholeWriter } from './blackhole.ts';
export { nexmarkJsonLines, formatSqlTimestamp } from './nexmark/json-lines.ts';
export type { NexmarkJsonOptions } from './nexmark/json-lines.ts';
export type { NexmarkKind } from './nexmark/config.ts';
