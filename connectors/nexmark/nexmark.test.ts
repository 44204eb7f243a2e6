import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import { SqlError } from '../../common/errors.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import { RowBatchBuilder } from '../../executor/row/binary-row.ts';
import { connectorTable } from '../testing.ts';
import { NexmarkReader, SPLIT_BLOCK_EVENTS } from './reader.ts';
import { nexmarkConnector } from './connector.ts';
import { nexmarkJsonLines, formatSqlTimestamp } from './json-lines.ts';

const ts3: SqlType = { id: 'timestamp', precision: 3 };
const BID_COLS = [['auction', T.int8], ['bidder', T.int8], ['price', T.int8], ['channel', T.text], ['url', T.text], ['date_time', ts3], ['extra', T.text]] as const;
const PERSON_COLS = [['id', T.int8], ['name', T.text], ['email_address', T.text], ['credit_card', T.text], ['city', T.text], ['state', T.text], ['date_time', ts3], ['extra', T.text]] as const;
const AUCTION_COLS = [['id', T.int8], ['item_name', T.text], ['description', T.text], ['initial_bid', T.int8], ['reserve', T.int8], ['date_time', ts3], ['expires', ts3], ['seller', T.int8], ['category', T.int8], ['extra', T.text]] as const;
const BASE = Date.UTC(2024, 0, 1);

function table(kind: string, cols: readonly (readonly [string, SqlType])[], opts: Record<string, string> = {}) {
  return connectorTable(kind, cols, { connector: 'nexmark', 'nexmark.table.type': kind, 'base-time': String(BASE), ...opts });
}

function readAll(r: NexmarkReader, max = 1000, nowMs = 1e15): unknown[][] {
  const rows: unknown[][] = [];
  for (;;) {
    const b = r.read(max, nowMs);
    if (b === 'end' || b === 'idle') return rows;
    for (let i = 0; i < b.count; i++) rows.push(b.getRow(i));
  }
}

function reader(kind: string, cols: readonly (readonly [string, SqlType])[], opts: Record<string, string>, split = 0, splits = 1) {
  return new NexmarkReader(table(kind, cols, opts), { split, splits, startMs: 0 });
}

function errorOf(f: () => unknown): SqlError {
  try {
    f();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('nexmark generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = readAll(reader('bid', BID_COLS, { 'events.num': '2000', seed: '7' }));
    const b = readAll(reader('bid', BID_COLS, { 'events.num': '2000', seed: '7' }));
    const c = readAll(reader('bid', BID_COLS, { 'events.num': '2000', seed: '8' }));
    expect(a).toHaveLength(1840);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    const people = readAll(reader('person', PERSON_COLS, { 'events.num': '500', seed: '7' }));
    expect(readAll(reader('person', PERSON_COLS, { 'events.num': '500', seed: '7' }))).toEqual(people);
  });

  it('keeps the 1:3:46 proportions and event order', () => {
    const n = { 'events.num': '5000' };
    expect(readAll(reader('person', PERSON_COLS, n))).toHaveLength(100);
    expect(readAll(reader('auction', AUCTION_COLS, n))).toHaveLength(300);
    expect(readAll(reader('bid', BID_COLS, n))).toHaveLength(4600);
    const custom = { 'events.num': '1000', 'person.proportion': '2', 'auction.proportion': '3', 'bid.proportion': '5' };
    expect(readAll(reader('person', PERSON_COLS, custom))).toHaveLength(200);
    expect(readAll(reader('bid', BID_COLS, custom))).toHaveLength(500);
  });

  it('produces ids, categories, prices, times in range', () => {
    const opts = { 'events.num': '10000', rate: '1000' };
    const people = readAll(reader('person', PERSON_COLS, opts));
    expect(people.map((r) => r[0])).toEqual(people.map((_, i) => 1000 + i));
    expect(people[0]![6]).toBe(BASE * 1000);
    expect(people[1]![6]).toBe((BASE + 50) * 1000); // event 50 at 1000 events/s
    for (const p of people) {
      expect(['AZ', 'CA', 'ID', 'OR', 'WA', 'WY']).toContain(p[5]);
      expect(p[3]).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(p[2]).toMatch(/^[a-z]{7}@[a-z]{5}\.com$/);
    }
    const auctions = readAll(reader('auction', AUCTION_COLS, opts));
    expect(auctions.map((r) => r[0])).toEqual(auctions.map((_, i) => 1000 + i));
    for (const a of auctions) {
      expect(a[8]).toBeGreaterThanOrEqual(10);
      expect(a[8]).toBeLessThanOrEqual(14);
      expect(a[4] as number).toBeGreaterThan(a[3] as number);
      expect(a[6] as number).toBeGreaterThan(a[5] as number);
      expect(a[7] as number).toBeGreaterThanOrEqual(1000);
      expect(a[7] as number).toBeLessThan(1000 + people.length + 10);
    }
    const avgSize = (rows: unknown[][]) => rows.reduce((s: number, r) => s + r.reduce((t: number, v) => t + (typeof v === 'string' ? v.length : 8), 0), 0) / rows.length;
    expect(avgSize(people)).toBeGreaterThan(180);
    expect(avgSize(people)).toBeLessThan(220);
    expect(avgSize(auctions)).toBeGreaterThan(450);
    expect(avgSize(auctions)).toBeLessThan(550);
    const bids = readAll(reader('bid', BID_COLS, opts));
    expect(avgSize(bids)).toBeGreaterThan(150); // Nexmark's ~100 B bid plus channel and url (Flink's additions)
    expect(avgSize(bids)).toBeLessThan(200);
    let hot = 0;
    let hotBidder = 0;
    bids.forEach((b, i) => {
      const n = Math.floor(i / 46) * 50 + 4 + (i % 46); // the event number of the i-th bid
      const lastAuction = 1000 + Math.floor(n / 50) * 3 + 2;
      expect(b[0] as number).toBeGreaterThanOrEqual(1000);
      expect(b[0] as number).toBeLessThanOrEqual(lastAuction + 10);
      if (b[0] === 1000 + Math.floor((lastAuction - 1000) / 2) * 2) hot++;
      expect(b[1] as number).toBeGreaterThanOrEqual(1000);
      expect(b[1] as number).toBeLessThanOrEqual(1000 + Math.floor(n / 50) + 10);
      if (b[1] === 1000 + Math.floor(Math.floor(n / 50) / 4) * 4 + 1) hotBidder++;
      expect(b[2] as number).toBeGreaterThanOrEqual(100);
      expect(b[2] as number).toBeLessThanOrEqual(100_000_000);
      expect(b[5]).toBe((BASE + n) * 1000);
      expect(b[5] as number % 1000).toBe(0);
    });
    expect(hot / bids.length).toBeGreaterThan(0.45); // hot auction ratio 2: about half the bids
    expect(hotBidder / bids.length).toBeGreaterThan(0.7); // hot bidder ratio 4: about 3/4
    const channels = new Set(bids.map((b) => b[3]));
    expect(channels).toContain('Google');
    expect(bids.some((b) => /&channel_id=\d+$/.test(b[4] as string))).toBe(true);
  });

  it('maps columns by name ignoring case and underscores, in declared order, skipping computed ones', () => {
    const t = connectorTable(
      'bid',
      [['PRICE', T.int4], { name: 'pt', type: T.timestamptz, nullable: true, computed: 'PROCTIME()' }, ['Date_Time', { id: 'timestamptz', precision: 3 }], ['auction', T.int8]],
      { connector: 'nexmark', 'nexmark.table.type': 'bid', 'events.num': '100', 'base-time': String(BASE) },
    );
    const r = new NexmarkReader(t, { split: 0, splits: 1, startMs: 0 });
    expect(r.types.map((x) => x.id)).toEqual(['int4', 'timestamptz', 'int8']);
    const rows = readAll(r);
    const full = readAll(reader('bid', BID_COLS, { 'events.num': '100' }));
    expect(rows).toEqual(full.map((f) => [f[2], f[5], f[0]]));
  });

  it('writes only the columns asked for (projection pushdown), in their order', () => {
    for (const [kind, cols, columns] of [
      ['bid', BID_COLS, [0, 1, 2, 5, 6]],
      ['bid', BID_COLS, [6, 4, 0, 6]],
      ['bid', BID_COLS, [2]],
      ['auction', AUCTION_COLS, [9, 0, 5]],
      ['person', PERSON_COLS, [1, 0]],
    ] as const) {
      const t = table(kind, cols, { 'events.num': '500', seed: '2' });
      const r = new NexmarkReader(t, { split: 0, splits: 1, startMs: 0, columns });
      expect(r.projected).toBe(true);
      expect(r.types).toEqual(columns.map((c) => cols[c]![1]));
      const full = readAll(reader(kind, cols, { 'events.num': '500', seed: '2' }));
      expect(full.length).toBeGreaterThan(0);
      expect(readAll(r, 37)).toEqual(full.map((row) => columns.map((c) => row[c])));
    }
    expect(reader('bid', BID_COLS, {}).projected).toBe(false);
    expect(() => new NexmarkReader(table('bid', BID_COLS), { split: 0, splits: 1, startMs: 0, columns: [7] })).toThrow(RangeError);
  });

  it('rejects unknown columns (42703) and unfit types (42804)', () => {
    const e = errorOf(() => nexmarkConnector.validate!(table('bid', [['auction', T.int8], ['nope', T.text]])));
    expect(e.code).toBe('42703');
    expect(e.message).toContain('"nope"');
    expect(e.detail).toBe('valid fields: auction, bidder, price, channel, url, dateTime, extra');
    expect(errorOf(() => nexmarkConnector.validate!(table('bid', [['price', T.text]]))).code).toBe('42804');
    expect(errorOf(() => nexmarkConnector.validate!(table('bid', [['date_time', T.int8]]))).code).toBe('42804');
    expect(errorOf(() => nexmarkConnector.validate!(table('bid', [['price', T.int8]], { 'events.num': '1.5' }))).code).toBe('22023');
    expect(errorOf(() => nexmarkConnector.validate!(table('bids', [['price', T.int8]]))).code).toBe('22023');
  });

  it('rate-limits reads by wall time', () => {
    // 100 events/s from startMs 0: event n due at 10·n ms. Bids are events 4..49, 54..99, …
    const r = new NexmarkReader(table('bid', BID_COLS, { rate: '100', 'events.num': '200' }), { split: 0, splits: 1, startMs: 0 });
    expect(r.read(1000, 39)).toBe('idle'); // events 0..3 due: no bid yet
    let b = r.read(1000, 40) as RowBatch; // event 4
    expect(b.count).toBe(1);
    expect(r.read(1000, 45)).toBe('idle');
    b = r.read(5, 1000) as RowBatch; // at most max
    expect(b.count).toBe(5);
    b = r.read(1000, 1000) as RowBatch; // the rest of events ≤ 100: bids among 10..100
    expect(b.count).toBe(40 + 46); // events 10..49 and 54..99 (100 is a person)
    expect(r.read(1000, 1009)).toBe('idle');
    b = r.read(1000, 10_000) as RowBatch;
    expect(b.count).toBe(4 * 46 - 1 - 5 - 86); // all remaining bids of 200 events
    expect(r.read(1000, 10_000)).toBe('end');
  });

  it('splits a bounded stream into contiguous ranges that together are the stream, in order', () => {
    const opts = { 'events.num': '3000', seed: '3' };
    const key = (r: unknown[]) => JSON.stringify(r);
    const whole = readAll(reader('bid', BID_COLS, opts)).map(key);
    const parts = [0, 1, 2].map((s) => readAll(reader('bid', BID_COLS, opts, s, 3)).map(key));
    expect(parts.flat()).toEqual(whole);
    for (const p of parts) expect(p.length).toBeGreaterThan(800);
    const persons = [0, 1].flatMap((s) => readAll(reader('person', PERSON_COLS, opts, s, 2)));
    expect(persons.map((r) => r[0])).toEqual(readAll(reader('person', PERSON_COLS, opts)).map((r) => r[0]));
  });

  it('deals an unbounded stream out in blocks too, and leaves splits beyond a tiny bounded stream empty', () => {
    const key = (r: unknown[]) => JSON.stringify(r);
    const first = (rows: unknown[][], n: number) => rows.slice(0, n).map(key);
    const firstBlocks = readAll(reader('bid', BID_COLS, { 'events.num': String(2 * SPLIT_BLOCK_EVENTS), seed: '9' })).map(key);
    const block0 = readAll(reader('bid', BID_COLS, { 'events.num': String(SPLIT_BLOCK_EVENTS), seed: '9' })).length;
    const s0 = reader('bid', BID_COLS, { seed: '9' }, 0, 2).read(block0, 1e15) as RowBatch;
    const s1 = reader('bid', BID_COLS, { seed: '9' }, 1, 2).read(100, 1e15) as RowBatch;
    const rowsOf = (b: RowBatch) => Array.from({ length: b.count }, (_, i) => b.getRow(i));
    expect(first(rowsOf(s0), block0)).toEqual(firstBlocks.slice(0, block0));
    expect(first(rowsOf(s1), 100)).toEqual(firstBlocks.slice(block0, block0 + 100));
    const tiny = [0, 1, 2, 3].map((s) => readAll(reader('person', PERSON_COLS, { 'events.num': '2' }, s, 4)).length);
    expect(tiny.reduce((a, b) => a + b, 0)).toBe(readAll(reader('person', PERSON_COLS, { 'events.num': '2' })).length);
    expect(reader('person', PERSON_COLS, { 'events.num': '2' }, 0, 4).read(10, 1e15)).toBe('end');
  });

  it('deals a paced stream out in blocks of consecutive events, so the splits advance together', () => {
    const opts = { 'events.num': '20000', rate: '1000000', seed: '5' };
    const key = (r: unknown[]) => JSON.stringify(r);
    const whole = readAll(reader('bid', BID_COLS, opts)).map(key);
    const parts = [0, 1].map((s) => readAll(reader('bid', BID_COLS, opts, s, 2)).map(key));
    expect([...parts[0]!, ...parts[1]!].sort()).toEqual([...whole].sort());
    // Events 0 … 4095 are split 0's first block, 4096 … 8191 split 1's.
    expect(parts[0]!.slice(0, 100)).toEqual(whole.slice(0, 100));
    const block1 = readAll(reader('bid', BID_COLS, { ...opts, 'events.num': String(2 * SPLIT_BLOCK_EVENTS) }));
    const block0 = readAll(reader('bid', BID_COLS, { ...opts, 'events.num': String(SPLIT_BLOCK_EVENTS) }));
    expect(parts[1]!.slice(0, block1.length - block0.length)).toEqual(block1.slice(block0.length).map(key));
    // Both splits are due together: at 10 ms (10 000 events due) each has read about half.
    const paced = [0, 1].map((s) => (reader('bid', BID_COLS, opts, s, 2).read(100_000, 10) as RowBatch).count);
    expect(Math.abs(paced[0]! - paced[1]!)).toBeLessThan(SPLIT_BLOCK_EVENTS);
  });

  it('writes bid batches that read back like RowBatchBuilder batches', () => {
    const r = reader('bid', BID_COLS, { 'events.num': '300' });
    const b = r.read(1000, 0) as RowBatch;
    const ref = new RowBatchBuilder(b.types);
    for (let i = 0; i < b.count; i++) ref.addRow(0, b.getRow(i));
    const rb = ref.finish();
    for (let i = 0; i < b.count; i++) {
      expect(b.kind(i)).toBe(0);
      expect(b.getRow(i)).toEqual(rb.getRow(i));
      for (let f = 0; f < 7; f++) expect(b.isNull(i, f)).toBe(false);
      expect(b.offsets[i]! % 8).toBe(0);
    }
    // A copied row keeps its values (var data lies inside the row).
    const copy = new RowBatchBuilder(b.types);
    copy.copyRow(b, 3);
    expect(copy.finish().getRow(0)).toEqual(b.getRow(3));
  });

  it('writes byte-identical rows whatever the batching', () => {
    const cols = [['auction', T.int4], ['channel', T.text], ['price', T.int4], ['extra', T.text]] as const;
    const a = reader('bid', cols, { 'events.num': '400' });
    const small = [a.read(70, 0), a.read(70, 0), a.read(70, 0)] as RowBatch[];
    const big = reader('bid', cols, { 'events.num': '400' }).read(210, 0) as RowBatch;
    const rowBytes = (b: RowBatch, r: number) => [...b.bytes.subarray(b.offsets[r]!, b.offsets[r + 1]!)];
    small.forEach((b, k) => {
      for (let r = 0; r < b.count; r++) expect(rowBytes(b, r)).toEqual(rowBytes(big, k * 70 + r));
    });
  });

  it('writes JSON lines equal to the reader output', () => {
    const lines = [...nexmarkJsonLines('bid', { eventsNum: 200, seed: 5, baseTimeMs: BASE })];
    const rows = readAll(reader('bid', BID_COLS, { 'events.num': '200', seed: '5' }));
    expect(lines).toHaveLength(rows.length);
    lines.forEach((l, i) => {
      const o = JSON.parse(l);
      const r = rows[i]!;
      expect(o).toEqual({ auction: r[0], bidder: r[1], price: r[2], channel: r[3], url: r[4], dateTime: formatSqlTimestamp(r[5] as number), extra: r[6] });
    });
    const p = JSON.parse([...nexmarkJsonLines('person', { eventsNum: 100, baseTimeMs: BASE, rate: 10_000 })][1]!);
    expect(Object.keys(p)).toEqual(['id', 'name', 'emailAddress', 'creditCard', 'city', 'state', 'dateTime', 'extra']);
    expect(p.dateTime).toBe('2024-01-01 00:00:00.005');
    expect([...nexmarkJsonLines('auction', { eventsNum: 100, baseTimeMs: BASE })]).toHaveLength(6);
  });
});
