/**
 * The `nexmark` connector: a bounded or unbounded, optionally rate-limited source of Nexmark persons,
 * auctions or bids (one table per kind, each a view on the one event stream, as RisingWave does;
 * Flink's option names). See ../../NEXMARK.md for the benchmark and generator.ts for the rules.
 */
import type { Connector, OptionSpec } from '../connector.ts';
import { physicalColumns } from '../connector.ts';
import { configFromOptions, tableKind } from './config.ts';
import { bindColumns } from './fields.ts';
import { NexmarkReader } from './reader.ts';

const OPTIONS: readonly OptionSpec[] = [
  { key: 'nexmark.table.type', required: true, description: 'which events the table holds: person, auction or bid' },
  { key: 'events.num', required: false, default: '0', description: 'events (of all kinds) in the stream; 0 = unbounded' },
  { key: 'rate', required: false, default: '0', description: 'events per second of the whole stream; 0 = as fast as possible' },
  { key: 'first-event.rate', required: false, description: 'alias of rate (Flink nexmark)' },
  { key: 'next-event.rate', required: false, description: 'alias of rate (Flink nexmark)' },
  { key: 'seed', required: false, default: '0', description: 'random seed; the same seed gives the same events' },
  { key: 'base-time', required: false, description: 'event time of event 0: ms since epoch or a UTC timestamp; default: the job start' },
  { key: 'person.proportion', required: false, default: '1', description: 'persons per cycle of events' },
  { key: 'auction.proportion', required: false, default: '3', description: 'auctions per cycle of events' },
  { key: 'bid.proportion', required: false, default: '46', description: 'bids per cycle of events' },
];

/** The nexmark source connector. */
export const nexmarkConnector: Connector = {
  name: 'nexmark',
  options: OPTIONS,
  canSource: true,
  canSink: false,
  sinkAcceptsUpdates: false,
  /** Checks option values (22023), column names (42703) and types (42804). */
  validate(table) {
    configFromOptions(table);
    bindColumns(tableKind(table), physicalColumns(table));
  },
  createReader(table, opts) {
    return new NexmarkReader(table, opts);
  },
};
