/**
 * The Nexmark event generator: fills its public fields with the values of event n, for one kind at a
 * time, without allocating per bid (person and auction strings are slices of the pools' text). Every
 * value follows from (seed, n): the PRNG is re-seeded per event. Rules (Beam/nexmark generator):
 *  - person: id = 1000 + persons so far; name, city, state from Beam's lists; e-mail `xxxxxxx@yyyyy.com`;
 *    credit card four groups of four digits; extra padded to ~200 B.
 *  - auction: id = 1000 + auctions so far; seller hot (the first of the newest group of 4 people) with
 *    probability 3/4, else a random active person; category 10..14; initialBid a price, reserve =
 *    initialBid + a price; expires = dateTime + 1 ms + uniform [0, 2 × the time until 100 more
 *    auctions have opened); itemName ≤ 20 chars, description ≤ 100 chars; extra padded to ~500 B.
 *  - bid: auction hot (the even one of the newest pair) with probability 1/2, else a random auction
 *    among the 100 newest (+10 ahead); bidder hot (the second of the newest group of 4) with
 *    probability 3/4, else a random active person (1000 newest, +10 ahead); price = round(10^(6u) × 100);
 *    channel hot with probability 1/2 (one of 4), else one of 10 000; extra padded to ~100 B.
 *  - dateTime = base time + n × (1 s / rate), whole ms, in µs.
 */
import { Rng } from './random.ts';
import { getPools, extraSize, FIRST_NAMES, LAST_NAMES, US_CITIES, US_STATES, HOT_CHANNELS, CHANNELS_NUMBER, BID_EXTRA_VARIANTS, TEXT_POOL_LENGTH } from './pools.ts';
import type { Pools } from './pools.ts';
import {
  EventSpace,
  FIRST_AUCTION_ID,
  FIRST_CATEGORY_ID,
  FIRST_PERSON_ID,
  HOT_AUCTION_RATIO,
  HOT_BIDDER_RATIO,
  HOT_SELLER_RATIO,
  AUCTION_ID_LEAD,
  NUM_ACTIVE_PEOPLE,
  NUM_CATEGORIES,
  NUM_IN_FLIGHT_AUCTIONS,
  PERSON_ID_LEAD,
} from './config.ts';

const SIX_LN10 = 6 * Math.LN10;

/** Fills fields with one event's values; see the module comment for the rules. */
export class NexmarkGenerator {
  readonly pools: Pools = getPools();
  private readonly rng: Rng;

  /** Event time of the last generated event, µs since epoch. */
  dateTime = 0;
  // person
  personId = 0;
  name = '';
  emailAddress = '';
  creditCard = '';
  city = '';
  state = '';
  // auction
  auctionId = 0;
  itemName = '';
  description = '';
  initialBid = 0;
  reserve = 0;
  expires = 0;
  seller = 0;
  category = 0;
  /** Person/auction extra. */
  extra = '';
  // bid
  auction = 0;
  bidder = 0;
  price = 0;
  /** Index into pools.channels / urls. */
  channel = 0;
  /** Index into pools.bidExtra*. */
  bidExtra = 0;

  constructor(readonly space: EventSpace) {
    this.rng = new Rng(space.config.seed);
  }

  /** round(10^(6u) × 100) for a uniform u (Beam's PriceGenerator), via exp, which is faster than pow. */
  private nextPrice(): number {
    return Math.round(Math.exp(this.rng.nextDouble() * SIX_LN10) * 100);
  }

  /** A random active person's 0-based id, given the newest one (Beam nextBase0PersonId). */
  private randomPerson(lastPerson: number): number {
    const numPeople = lastPerson + 1;
    const active = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
    return numPeople - active + this.rng.nextInt(active + PERSON_ID_LEAD);
  }

  /** A text slice of length in [min, max]. */
  private slice(min: number, max: number): string {
    const len = min + this.rng.nextInt(max - min + 1);
    const off = this.rng.nextInt(TEXT_POOL_LENGTH - len);
    return this.pools.text.substr(off, len);
  }

  private digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + this.rng.nextInt(10));
    return s;
  }

  private letters(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(97 + this.rng.nextInt(26));
    return s;
  }

  private padExtra(currentSize: number, averageSize: number): string {
    const len = extraSize(this.rng, currentSize, averageSize);
    return this.pools.text.substr(this.rng.nextInt(TEXT_POOL_LENGTH - len), len);
  }

  /** Generates person event n (n must be a person event). */
  person(n: number): void {
    const sp = this.space;
    this.rng.reset(n);
    this.dateTime = sp.timeUs(n);
    this.personId = FIRST_PERSON_ID + sp.lastPerson(n);
    this.name = this.pools.names[this.rng.nextInt(FIRST_NAMES.length) * LAST_NAMES.length + this.rng.nextInt(LAST_NAMES.length)]!;
    this.emailAddress = `${this.letters(7)}@${this.letters(5)}.com`;
    this.creditCard = `${this.digits(4)} ${this.digits(4)} ${this.digits(4)} ${this.digits(4)}`;
    this.city = US_CITIES[this.rng.nextInt(US_CITIES.length)]!;
    this.state = US_STATES[this.rng.nextInt(US_STATES.length)]!;
    const size = 8 + this.name.length + this.emailAddress.length + this.creditCard.length + this.city.length + this.state.length;
    this.extra = this.padExtra(size, 200);
  }

  /** Generates auction event n (n must be an auction event). */
  auctionEvent(n: number): void {
    const sp = this.space;
    const rng = this.rng;
    rng.reset(n);
    this.dateTime = sp.timeUs(n);
    this.auctionId = FIRST_AUCTION_ID + sp.lastAuction(n);
    const lastPerson = sp.lastPerson(n);
    const seller = rng.nextInt(HOT_SELLER_RATIO) > 0 ? Math.floor(lastPerson / HOT_SELLER_RATIO) * HOT_SELLER_RATIO : this.randomPerson(lastPerson);
    this.seller = FIRST_PERSON_ID + seller;
    this.category = FIRST_CATEGORY_ID + rng.nextInt(NUM_CATEGORIES);
    this.initialBid = this.nextPrice();
    this.reserve = this.initialBid + this.nextPrice();
    const horizonMs = Math.floor((sp.auctionHorizonEvents * sp.usPerEvent) / 1000);
    this.expires = this.dateTime + (1 + rng.nextInt(Math.max(horizonMs * 2, 1))) * 1000;
    this.itemName = this.slice(3, 20);
    this.description = this.slice(3, 100);
    this.extra = this.padExtra(8 + this.itemName.length + this.description.length + 40, 500);
  }

  /** Generates bid event n (n must be a bid event). The hot path: no allocation. */
  bid(n: number): void {
    const sp = this.space;
    const rng = this.rng;
    rng.reset(n);
    this.dateTime = sp.timeUs(n);
    // A bid follows the cycle's persons and auctions: the newest ones are the cycle's last.
    const epoch = Math.floor(n / sp.total);
    const lastAuction = epoch * sp.a + sp.a - 1;
    const lastPerson = epoch * sp.p + sp.p - 1;
    let auction: number;
    if (rng.nextInt(HOT_AUCTION_RATIO) > 0) auction = Math.floor(lastAuction / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO;
    else {
      const min = Math.max(lastAuction - NUM_IN_FLIGHT_AUCTIONS, 0);
      auction = min + rng.nextInt(lastAuction - min + 1 + AUCTION_ID_LEAD);
    }
    this.auction = FIRST_AUCTION_ID + auction;
    const bidder = rng.nextInt(HOT_BIDDER_RATIO) > 0 ? Math.floor(lastPerson / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1 : this.randomPerson(lastPerson);
    this.bidder = FIRST_PERSON_ID + bidder;
    this.price = this.nextPrice();
    this.channel = rng.nextInt(2) > 0 ? rng.nextInt(HOT_CHANNELS.length) : HOT_CHANNELS.length + rng.nextInt(CHANNELS_NUMBER);
    this.bidExtra = rng.nextInt(BID_EXTRA_VARIANTS);
  }
}
