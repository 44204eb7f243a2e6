/**
 * Nexmark events as JSON lines, with Flink's camelCase field names, for feeding the same events to
 * Strom's filesystem source and to Apache Flink (json format) in the side-by-side benchmark. Times
 * are written in Flink json's default SQL format, `yyyy-MM-dd HH:mm:ss.SSS` (UTC). The events are
 * exactly those a `nexmark` table with the same options yields.
 */
import { BID, AUCTION, DEFAULT_CONFIG, EventSpace, PERSON } from './config.ts';
import type { NexmarkConfig, NexmarkKind } from './config.ts';
import { NexmarkGenerator } from './generator.ts';

/** Options of `nexmarkJsonLines`; unset ones take the connector's defaults (base time: now). */
export interface NexmarkJsonOptions {
  /** Events of the whole stream (all kinds) to go through; required (the output is bounded). */
  readonly eventsNum: number;
  readonly seed?: number;
  readonly rate?: number;
  /** Event time of event 0, ms since epoch. */
  readonly baseTimeMs?: number;
  readonly personProportion?: number;
  readonly auctionProportion?: number;
  readonly bidProportion?: number;
}

/** `yyyy-MM-dd HH:mm:ss.SSS` of µs since epoch, UTC. */
export function formatSqlTimestamp(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().replace('T', ' ').slice(0, 23);
}

/** One JSON object per event of `kind` among the first `eventsNum` events, in event order; `all`: every event (kinds told apart by their fields). */
export function* nexmarkJsonLines(kind: NexmarkKind | 'all', opts: NexmarkJsonOptions): Iterable<string> {
  const config: NexmarkConfig = {
    ...DEFAULT_CONFIG,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    baseTimeMs: opts.baseTimeMs ?? Date.now(),
  };
  const space = new EventSpace(config, config.baseTimeMs!);
  const g = new NexmarkGenerator(space);
  const p = g.pools;
  const want = kind === 'person' ? PERSON : kind === 'auction' ? AUCTION : kind === 'bid' ? BID : -1;
  for (let n = 0; n < opts.eventsNum; n++) {
    const k = space.kindOf(n);
    if (want >= 0 && k !== want) continue;
    if (k === PERSON) {
      g.person(n);
      yield JSON.stringify({
        id: g.personId,
        name: g.name,
        emailAddress: g.emailAddress,
        creditCard: g.creditCard,
        city: g.city,
        state: g.state,
        dateTime: formatSqlTimestamp(g.dateTime),
        extra: g.extra,
      });
    } else if (k === AUCTION) {
      g.auctionEvent(n);
      yield JSON.stringify({
        id: g.auctionId,
        itemName: g.itemName,
        description: g.description,
        initialBid: g.initialBid,
        reserve: g.reserve,
        dateTime: formatSqlTimestamp(g.dateTime),
        expires: formatSqlTimestamp(g.expires),
        seller: g.seller,
        category: g.category,
        extra: g.extra,
      });
    } else {
      g.bid(n);
      const ew = p.bidExtraWords;
      yield JSON.stringify({
        auction: g.auction,
        bidder: g.bidder,
        price: g.price,
        channel: p.channels[g.channel],
        url: p.urls[g.channel],
        dateTime: formatSqlTimestamp(g.dateTime),
        extra: p.text.substr(ew.wordOffset[g.bidExtra]! * 4, ew.length[g.bidExtra]!),
      });
    }
  }
}
