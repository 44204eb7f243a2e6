/**
 * The Nexmark source reader: one split of the event stream, filtered to the table's kind, written
 * straight into a RowBatchBuilder in the table's physical column order. Event n is the same row
 * whichever split reads it, and the splits of one stream together read exactly its events:
 * - a bounded stream read as fast as possible (`events.num` > 0, `rate` = 0) is cut into s contiguous
 *   ranges of event numbers, split k reading [⌊k·M/s⌋, ⌊(k+1)·M/s⌋), as the Nexmark generator's own
 *   GeneratorConfig.split gives each of Flink's source subtasks one range ("parallel timelines");
 *   bids go to recent auctions, so each split's keys are mostly its own;
 * - an unbounded or paced stream is dealt out in blocks of SPLIT_BLOCK_EVENTS consecutive numbers,
 *   block j to split j mod s, so the splits advance together in event numbers (and event time).
 * With `rate` > 0, event n is due at wall time startMs + n × 1000 / rate; `read` never returns an
 * event before it is due.
 */
import { RowBatchBuilder } from '../../executor/row/binary-row.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import type { SqlType } from '../../common/types.ts';
import type { TableInfo } from '../../catalog/catalog.ts';
import type { SourceReader } from '../connector.ts';
import { physicalColumns } from '../connector.ts';
import { AUCTION, BID, EventSpace, PERSON, configFromOptions, tableKind } from './config.ts';
import type { NexmarkConfig, NexmarkKind } from './config.ts';
import { bindColumns } from './fields.ts';
import { NexmarkGenerator } from './generator.ts';
import { DirectRowWriter } from './row-writer.ts';
import type { WordPool } from './row-writer.ts';

const KIND_CODES: Record<NexmarkKind, number> = { person: PERSON, auction: AUCTION, bid: BID };

/** Consecutive event numbers a split of an unbounded or paced stream reads before the next split's turn. */
export const SPLIT_BLOCK_EVENTS = 4096;

/** Where a reader starts and which split it reads. */
export interface NexmarkReaderOptions {
  readonly split: number;
  readonly splits: number;
  /** Wall time (ms) of the start: event 0 is due then, and it is the default base time. */
  readonly startMs: number;
  /** The physical columns to write (indexes, in order); absent: all (connector.ts ReaderOptions). */
  readonly columns?: readonly number[];
}

/**
 * A SourceReader over the Nexmark events of one kind, writing only the columns asked for (projection
 * pushdown: the fields a query does not read are not generated into rows). Throws SqlError (22023,
 * 42703, 42804) on a bad table, RangeError for a column index out of range.
 */
export class NexmarkReader implements SourceReader {
  readonly types: readonly SqlType[];
  readonly projected: boolean;
  private readonly config: NexmarkConfig;
  private readonly space: EventSpace;
  private readonly gen: NexmarkGenerator;
  private readonly builder: RowBatchBuilder;
  /** Bids are written with the leaner DirectRowWriter (all fields non-NULL). */
  private readonly direct: DirectRowWriter;
  /** Upper bound of a bid row's variable-length bytes. */
  private readonly maxBidVar: number;
  private readonly kind: number;
  private readonly fieldOf: Int32Array;
  private readonly int4: Uint8Array;
  /** Event numbers skipped at the end of each block (the other splits' blocks); 0 for one range. */
  private readonly skip: number;
  private readonly blockEvents: number;
  private readonly end: number;
  private readonly startMs: number;
  private next: number;
  /** Where the current block ends (exclusive). */
  private blockEnd: number;

  constructor(table: TableInfo, opts: NexmarkReaderOptions) {
    const kind = tableKind(table);
    this.config = configFromOptions(table);
    const all = physicalColumns(table);
    const boundAll = bindColumns(kind, all);
    const picked = opts.columns ?? all.map((_, i) => i);
    for (const i of picked) if (!all[i]) throw new RangeError(`column ${i} out of range for ${all.length} physical columns`);
    const cols = picked.map((i) => all[i]!);
    const bound = picked.map((i) => boundAll[i]!);
    this.projected = opts.columns !== undefined;
    this.types = cols.map((c) => c.type);
    this.fieldOf = Int32Array.from(bound.map((b) => b.field));
    this.int4 = Uint8Array.from(bound.map((b) => (b.int4 ? 1 : 0)));
    this.kind = KIND_CODES[kind];
    this.space = new EventSpace(this.config, this.config.baseTimeMs ?? opts.startMs);
    this.gen = new NexmarkGenerator(this.space);
    this.builder = new RowBatchBuilder(this.types, 1 << 16, 1024);
    this.direct = new DirectRowWriter(this.types, 1 << 20, 4096);
    const p = this.gen.pools;
    const maxLen = (wp: WordPool): number => wp.length.reduce((m, x) => Math.max(m, x), 0) + 4;
    // bid fields 3, 4, 6 are channel, url, extra; the others are fixed-width.
    const bidVar = [0, 0, 0, maxLen(p.channelWords), maxLen(p.urlWords), 0, maxLen(p.bidExtraWords)];
    this.maxBidVar = this.kind === BID ? bound.reduce((sum, b) => sum + bidVar[b.field]!, 0) : 0;
    const splits = Math.max(1, opts.splits);
    const total = this.config.eventsNum > 0 ? this.config.eventsNum : Infinity;
    this.startMs = opts.startMs;
    if (splits === 1 || (total !== Infinity && this.config.rate <= 0)) {
      this.next = Math.floor((opts.split * (total === Infinity ? 0 : total)) / splits);
      this.end = splits === 1 ? total : Math.floor(((opts.split + 1) * total) / splits);
      this.blockEvents = Infinity;
      this.skip = 0;
      this.blockEnd = this.end;
    } else {
      this.end = total;
      this.blockEvents = SPLIT_BLOCK_EVENTS;
      this.skip = (splits - 1) * SPLIT_BLOCK_EVENTS;
      this.next = opts.split * SPLIT_BLOCK_EVENTS;
      this.blockEnd = this.next + SPLIT_BLOCK_EVENTS;
    }
  }

  /** The next event number this reader will consider (for tests and progress metrics). */
  get position(): number {
    return this.next;
  }

  read(max: number, nowMs: number): RowBatch | 'idle' | 'end' {
    let limit = this.end;
    const rate = this.config.rate;
    if (rate > 0) {
      const due = nowMs < this.startMs ? 0 : Math.floor(((nowMs - this.startMs) * rate) / 1000) + 1;
      if (due < limit) limit = due;
    }
    const b = this.builder;
    const sp = this.space;
    const kind = this.kind;
    let n = this.next;
    let blockEnd = this.blockEnd;
    let rows = 0;
    while (n < limit && rows < max) {
      if (sp.kindOf(n) === kind) {
        if (kind === BID) this.writeBid(n);
        else if (kind === AUCTION) this.writeAuction(n);
        else this.writePerson(n);
        rows++;
      }
      if (++n === blockEnd) {
        n += this.skip;
        blockEnd = n + this.blockEvents;
      }
    }
    this.next = n;
    this.blockEnd = blockEnd;
    if (rows > 0) return kind === BID ? this.direct.finish() : b.finish();
    return n >= this.end ? 'end' : 'idle';
  }

  private writeBid(n: number): void {
    const g = this.gen;
    g.bid(n);
    const { channelWords: cw, urlWords: uw, bidExtraWords: ew } = g.pools;
    const ch = g.channel;
    const w = this.direct;
    const fieldOf = this.fieldOf;
    const int4 = this.int4;
    w.begin(this.maxBidVar);
    for (let c = 0; c < fieldOf.length; c++) {
      // auction, bidder, price, channel, url, dateTime, extra
      switch (fieldOf[c]) {
        case 0:
          if (int4[c]) w.int(c, g.auction);
          else w.long(c, g.auction);
          break;
        case 1:
          if (int4[c]) w.int(c, g.bidder);
          else w.long(c, g.bidder);
          break;
        case 2:
          if (int4[c]) w.int(c, g.price);
          else w.long(c, g.price);
          break;
        case 3:
          w.wordsField(c, cw.words, cw.wordOffset[ch]!, cw.length[ch]!);
          break;
        case 4:
          w.wordsField(c, uw.words, uw.wordOffset[ch]!, uw.length[ch]!);
          break;
        case 5:
          w.long(c, g.dateTime);
          break;
        default:
          w.wordsField(c, ew.words, ew.wordOffset[g.bidExtra]!, ew.length[g.bidExtra]!);
      }
    }
    w.end();
  }

  private setNum(c: number, v: number): void {
    if (this.int4[c]) this.builder.setInt(c, v);
    else this.builder.setLong(c, v);
  }

  private writePerson(n: number): void {
    const g = this.gen;
    g.person(n);
    const b = this.builder;
    b.beginRow(0);
    for (let c = 0; c < this.fieldOf.length; c++) {
      // id, name, emailAddress, creditCard, city, state, dateTime, extra
      switch (this.fieldOf[c]) {
        case 0:
          this.setNum(c, g.personId);
          break;
        case 1:
          b.setString(c, g.name);
          break;
        case 2:
          b.setString(c, g.emailAddress);
          break;
        case 3:
          b.setString(c, g.creditCard);
          break;
        case 4:
          b.setString(c, g.city);
          break;
        case 5:
          b.setString(c, g.state);
          break;
        case 6:
          b.setLong(c, g.dateTime);
          break;
        default:
          b.setString(c, g.extra);
      }
    }
    b.endRow();
  }

  private writeAuction(n: number): void {
    const g = this.gen;
    g.auctionEvent(n);
    const b = this.builder;
    b.beginRow(0);
    for (let c = 0; c < this.fieldOf.length; c++) {
      // id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra
      switch (this.fieldOf[c]) {
        case 0:
          this.setNum(c, g.auctionId);
          break;
        case 1:
          b.setString(c, g.itemName);
          break;
        case 2:
          b.setString(c, g.description);
          break;
        case 3:
          this.setNum(c, g.initialBid);
          break;
        case 4:
          this.setNum(c, g.reserve);
          break;
        case 5:
          b.setLong(c, g.dateTime);
          break;
        case 6:
          b.setLong(c, g.expires);
          break;
        case 7:
          this.setNum(c, g.seller);
          break;
        case 8:
          this.setNum(c, g.category);
          break;
        default:
          b.setString(c, g.extra);
      }
    }
    b.endRow();
  }

  close(): void {}
}
