/**
 * Nexmark generator configuration and the id rules of the Beam/nexmark generator, which Strom
 * follows: events form a cycle of `total` = person + auction + bid proportions (1 + 3 + 46 = 50);
 * within a cycle the persons come first, then the auctions, then the bids. Event n's kind is fixed by
 * n mod total, and the ids of the persons/auctions created so far follow from n alone.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { TableInfo } from '../../catalog/catalog.ts';
import { optInt, optNumber } from '../options.ts';

/** The three event kinds; the numeric codes order the cycle. */
export type NexmarkKind = 'person' | 'auction' | 'bid';
export const PERSON = 0;
export const AUCTION = 1;
export const BID = 2;

/** First ids (Beam: FIRST_PERSON_ID, FIRST_AUCTION_ID, FIRST_CATEGORY_ID). */
export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
export const NUM_CATEGORIES = 5;
/** Beam defaults: people and auctions a new bid or auction may refer to, and the lead past the newest. */
export const NUM_ACTIVE_PEOPLE = 1000;
export const NUM_IN_FLIGHT_AUCTIONS = 100;
export const PERSON_ID_LEAD = 10;
export const AUCTION_ID_LEAD = 10;
/** Hot ratios: a bid goes to a hot auction unless a draw in [0, ratio) is 0, so with probability (ratio-1)/ratio (Beam's rule). */
export const HOT_AUCTION_RATIO = 2;
export const HOT_BIDDER_RATIO = 4;
export const HOT_SELLER_RATIO = 4;
/** Timestamps of an unthrottled generator (rate 0) advance as at 10 M events/s (Flink nexmark's default rate). */
export const UNTHROTTLED_TIMESTAMP_RATE = 10_000_000;

/** The generator's parameters. Times: ms since epoch unless named Us (µs). */
export interface NexmarkConfig {
  readonly seed: number;
  /** Events in the stream (all kinds); 0 = unbounded. */
  readonly eventsNum: number;
  /** Events per second of the whole stream; 0 = as fast as possible. */
  readonly rate: number;
  /** Event time of event 0, ms since epoch; undefined = the reader's startMs. */
  readonly baseTimeMs: number | undefined;
  readonly personProportion: number;
  readonly auctionProportion: number;
  readonly bidProportion: number;
}

/** The defaults (Flink nexmark): unbounded, unthrottled, seed 0, proportions 1/3/46. */
export const DEFAULT_CONFIG: NexmarkConfig = { seed: 0, eventsNum: 0, rate: 0, baseTimeMs: undefined, personProportion: 1, auctionProportion: 3, bidProportion: 46 };

/** The table's `nexmark.table.type` option. Throws 22023 when missing or not person/auction/bid. */
export function tableKind(table: TableInfo): NexmarkKind {
  const v = table.options['nexmark.table.type'];
  const k = v?.trim().toLowerCase();
  if (k === 'person' || k === 'auction' || k === 'bid') return k;
  throw new SqlError(SqlState.invalidParameterValue, v === undefined ? 'missing required option "nexmark.table.type"' : `invalid value "${v}" for option "nexmark.table.type"`, {
    detail: 'expected one of person, auction, bid',
  });
}

/** Parses `base-time`: integer ms since epoch, or a timestamp text (UTC unless it names a zone). Throws 22023. */
function baseTime(table: TableInfo): number | undefined {
  const v = table.options['base-time'];
  if (v === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(v)) return optInt(table, 'base-time', 0, 0);
  const t = v.trim().replace(' ', 'T');
  const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(t) ? t : `${t}Z`);
  if (!Number.isFinite(ms)) {
    throw new SqlError(SqlState.invalidParameterValue, `invalid value "${v}" for option "base-time"`, { detail: 'expected ms since epoch or a timestamp such as 2024-01-01 00:00:00' });
  }
  return ms;
}

/** The configuration from a table's WITH options (see connector.ts for the list). Throws 22023 on bad values. */
export function configFromOptions(table: TableInfo): NexmarkConfig {
  const rateKey = ['rate', 'first-event.rate', 'next-event.rate'].find((k) => table.options[k] !== undefined) ?? 'rate';
  const c: NexmarkConfig = {
    seed: optInt(table, 'seed', 0),
    eventsNum: optInt(table, 'events.num', 0, 0),
    rate: optNumber(table, rateKey, 0, 0),
    baseTimeMs: baseTime(table),
    personProportion: optInt(table, 'person.proportion', 1, 0),
    auctionProportion: optInt(table, 'auction.proportion', 3, 0),
    bidProportion: optInt(table, 'bid.proportion', 46, 0),
  };
  const kind = tableKind(table);
  const own = kind === 'person' ? c.personProportion : kind === 'auction' ? c.auctionProportion : c.bidProportion;
  if (own === 0 || (kind === 'bid' && (c.personProportion === 0 || c.auctionProportion === 0))) {
    throw new SqlError(SqlState.invalidParameterValue, `nexmark proportions give no ${kind} events`, {
      detail: 'person.proportion and auction.proportion must be ≥ 1 for bids; a table’s own proportion must be ≥ 1',
    });
  }
  return c;
}

/** Derived, precomputed values of a config, and the id rules. */
export class EventSpace {
  readonly total: number;
  readonly p: number;
  readonly a: number;
  /** Microseconds between events (event time); from rate, or 10 M/s when rate is 0. */
  readonly usPerEvent: number;
  readonly baseUs: number;
  /** Beam's auction-length horizon: events until `NUM_IN_FLIGHT_AUCTIONS` more auctions have opened. */
  readonly auctionHorizonEvents: number;

  constructor(
    readonly config: NexmarkConfig,
    baseTimeMs: number,
  ) {
    this.p = config.personProportion;
    this.a = config.auctionProportion;
    this.total = this.p + this.a + config.bidProportion;
    this.usPerEvent = 1e6 / (config.rate > 0 ? config.rate : UNTHROTTLED_TIMESTAMP_RATE);
    this.baseUs = baseTimeMs * 1000;
    this.auctionHorizonEvents = Math.max(1, Math.floor((NUM_IN_FLIGHT_AUCTIONS * this.total) / Math.max(1, this.a)));
  }

  /** Kind code (PERSON/AUCTION/BID) of event n. */
  kindOf(n: number): number {
    const r = n % this.total;
    return r < this.p ? PERSON : r < this.p + this.a ? AUCTION : BID;
  }

  /** Event time of event n in µs since epoch, truncated to whole ms (TIMESTAMP(3)). */
  timeUs(n: number): number {
    return this.baseUs + Math.floor((n * this.usPerEvent) / 1000) * 1000;
  }

  /** 0-based id of the newest person created at or before event n (Beam lastBase0PersonId). */
  lastPerson(n: number): number {
    const epoch = Math.floor(n / this.total);
    let off = n % this.total;
    if (off >= this.p) off = this.p - 1;
    return epoch * this.p + off;
  }

  /** 0-based id of the newest auction created at or before event n (Beam lastBase0AuctionId); -1 before the first. */
  lastAuction(n: number): number {
    let epoch = Math.floor(n / this.total);
    let off = n % this.total;
    if (off < this.p) {
      epoch--;
      off = this.a - 1;
    } else if (off >= this.p + this.a) off = this.a - 1;
    else off -= this.p;
    return epoch * this.a + off;
  }
}
