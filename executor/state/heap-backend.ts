/**
 * The in-memory state backend: one JavaScript Map per state table, as Flink's HashMapStateBackend
 * (objects live on the heap; a snapshot serializes them). Snapshots are `v8.serialize` of every
 * table's entries; `restore` refills the existing table objects in place, so operators that took a
 * table in `open` keep a valid reference.
 */
import { deserialize, serialize } from 'node:v8';
import type { StateBackend, StateKey, StateSnapshot, StateTable } from './state-backend.ts';

/**
 * State time-to-live, as Flink's StateTtlConfig for `table.exec.state.ttl`: an entry not written for
 * `ttlMs` (update type OnCreateAndWrite; with `refreshOnRead`, OnReadAndWrite) is expired, and
 * expired entries are never returned (NeverReturnExpired): `get` treats them as absent and drops
 * them (lazy expiry), `scan` skips them, and a sweep every SWEEP_EVERY writes removes the oldest
 * expired entries (incremental cleanup).
 */
export interface StateTtl {
  readonly ttlMs: number;
  /** Also refresh an entry's timestamp when it is read (default false, as Flink's SQL operators). */
  readonly refreshOnRead?: boolean;
  /** Milliseconds now; default Date.now (tests pass a fake clock). */
  readonly clock?: () => number;
}

/** Writes between incremental sweeps of a table with TTL. */
const SWEEP_EVERY = 1024;

/** A state table over a Map; `scan` yields insertion order. */
class HeapTable<V> implements StateTable<V> {
  readonly map = new Map<StateKey, V>();
  /** With TTL: key → last write (or access) time, oldest first (re-inserted on every refresh). */
  private readonly stamps: Map<StateKey, number> | undefined;
  private readonly ttlMs: number;
  private readonly refreshOnRead: boolean;
  private readonly clock: () => number;
  private writes = 0;

  constructor(ttl?: StateTtl) {
    this.ttlMs = ttl && ttl.ttlMs > 0 ? ttl.ttlMs : 0;
    this.stamps = this.ttlMs > 0 ? new Map() : undefined;
    this.refreshOnRead = ttl?.refreshOnRead ?? false;
    this.clock = ttl?.clock ?? Date.now;
  }
  get(key: StateKey): V | undefined {
    const stamps = this.stamps;
    if (!stamps) return this.map.get(key);
    const ts = stamps.get(key);
    if (ts === undefined) return undefined;
    const now = this.clock();
    if (now - ts >= this.ttlMs) {
      this.delete(key);
      return undefined;
    }
    if (this.refreshOnRead) this.stamp(key, now);
    return this.map.get(key);
  }
  put(key: StateKey, value: V): void {
    this.map.set(key, value);
    if (!this.stamps) return;
    const now = this.clock();
    this.stamp(key, now);
    if (++this.writes % SWEEP_EVERY === 0) this.sweep(now);
  }
  delete(key: StateKey): void {
    this.map.delete(key);
    this.stamps?.delete(key);
  }
  scan(): IterableIterator<[StateKey, V]> {
    const stamps = this.stamps;
    if (!stamps) return this.map.entries();
    const now = this.clock();
    const ttl = this.ttlMs;
    const map = this.map;
    return (function* () {
      for (const [k, v] of map) if (now - stamps.get(k)! < ttl) yield [k, v] as [StateKey, V];
    })();
  }
  /** Entries held, expired ones not yet swept included. */
  get size(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
    this.stamps?.clear();
  }
  /** Removes expired entries, oldest first, stopping at the first live one; returns how many. */
  sweep(now: number = this.clock()): number {
    const stamps = this.stamps;
    if (!stamps) return 0;
    let n = 0;
    for (const [k, ts] of stamps) {
      if (now - ts < this.ttlMs) break;
      stamps.delete(k);
      this.map.delete(k);
      n++;
    }
    return n;
  }
  private stamp(key: StateKey, now: number): void {
    const stamps = this.stamps!;
    stamps.delete(key);
    stamps.set(key, now);
  }
}

/** Entries sampled per table by `approximateBytes`. */
const SAMPLE = 32;

/**
 * StateBackend on JavaScript Maps. Values are stored by reference (operators may mutate a value they
 * got and put it back). `snapshot()` copies everything (v8 structured serialization: plain objects,
 * arrays, Maps, typed arrays, bigints); `restore()` throws on bytes that are not such a snapshot.
 */
export class HeapStateBackend implements StateBackend {
  private readonly tables = new Map<string, HeapTable<unknown>>();

  readonly expiring: boolean;

  /** `ttl`: expire entries not written for `ttl.ttlMs` (0 or absent: never), see StateTtl. */
  constructor(private readonly ttl?: StateTtl) {
    this.expiring = ttl !== undefined && ttl.ttlMs > 0;
  }

  /** The table `name`, created empty on first use; the same object on every call. */
  table<V>(name: string): StateTable<V> {
    let t = this.tables.get(name);
    if (!t) {
      t = new HeapTable<unknown>(this.ttl);
      this.tables.set(name, t);
    }
    return t as HeapTable<V>;
  }

  /** Removes expired entries from every table (the periodic sweep); returns how many. */
  sweepExpired(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.sweep();
    return n;
  }

  /** Serializes all tables as `[name, [key, value][]][]`. */
  snapshot(): StateSnapshot {
    const data: [string, [StateKey, unknown][]][] = [];
    for (const [name, t] of this.tables) data.push([name, [...t.map]]);
    return { bytes: new Uint8Array(serialize(data)) };
  }

  /** Clears every table and refills the ones in the snapshot (tables keep their identity). */
  restore(s: StateSnapshot): void {
    const data = deserialize(Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength)) as [string, [StateKey, unknown][]][];
    for (const t of this.tables.values()) t.clear();
    for (const [name, entries] of data) {
      const t = this.table<unknown>(name) as HeapTable<unknown>;
      for (const [k, v] of entries) t.put(k, v);
    }
  }

  /** Keys held across all tables (expired ones not yet swept included). */
  keyCount(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }

  /**
   * A rough estimate in bytes. Per table, up to 32 entries spread evenly over its insertion order
   * are measured by `estimate` (keys as 1 byte per char, numbers 8, objects 16 + their members,
   * typed arrays 64 + their byteLength); the spread matters since old keys can hold more than new
   * ones (a join key gathers rows as time passes). A table of at most WEIGHED_KEYS keys is scaled
   * by weight: every value's `weight` (its count of members, read from sizes alone) is summed, and
   * the sample's bytes per unit of weight times that sum is the estimate, so a few keys holding most
   * of the state count as what they are whether or not the sample caught them (q16's four hot
   * channels: at parallelism 2 a mean over 32 keys that held one of them made the estimate 20×
   * too high). A larger table is scaled by key count: the sample's mean times the number of keys.
   * Cost: one pass over a weighed table's entries (`forEach`, no pair per entry); over a larger
   * table's keys up to its last sample.
   */
  approximateBytes(): number {
    let total = 0;
    for (const t of this.tables.values()) {
      if (t.size === 0) continue;
      const step = Math.max(1, Math.floor(t.size / SAMPLE));
      let i = 0;
      let n = 0;
      let sampled = 0;
      if (t.size > WEIGHED_KEYS) {
        // Keys alone until the last sample (no entry pair per key of a large table).
        for (const k of t.map.keys()) {
          if (i++ % step !== 0) continue;
          sampled += 16 + (typeof k === 'string' ? k.length : 8) + estimate(t.map.get(k), 0);
          if (++n >= SAMPLE) break;
        }
        total += Math.round((sampled / n) * t.size);
        continue;
      }
      let sampledWeight = 0;
      let allWeight = 0;
      t.map.forEach((v, k) => {
        const w = weight(v, 0);
        allWeight += w;
        if (i++ % step !== 0 || n >= SAMPLE) return;
        sampled += 16 + (typeof k === 'string' ? k.length : 8) + estimate(v, 0);
        sampledWeight += w;
        n++;
      });
      total += Math.round((sampled / sampledWeight) * allWeight);
    }
    return total;
  }
}

/** Tables of up to this many keys are estimated by weight (see `approximateBytes`). */
const WEIGHED_KEYS = 1 << 18;

/**
 * A value's size in members, from sizes alone: 1, plus a Map's size, an array's length or a typed
 * array's 16-byte units, looking into the members of an array or object at the top level (a
 * group's accumulators: numbers, and Maps of distinct values). Reads no Map's entries.
 */
function weight(v: unknown, depth: number): number {
  if (typeof v !== 'object' || v === null) return 1;
  if (ArrayBuffer.isView(v)) return 1 + (v.byteLength >> 4);
  if (v instanceof Map) return 1 + v.size;
  if (depth > 0) return Array.isArray(v) ? 1 + v.length : 1;
  let w = 1;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) w += weight(v[i], 1);
  else for (const k in v) w += weight((v as Record<string, unknown>)[k], 1);
  return w;
}

/** Members of a Map or array that `estimate` measures; a larger one is scaled from these. */
const MEMBER_SAMPLE = 16;

/**
 * Approximate heap bytes of a plain-data value (depth-limited). A Map or array of more than
 * MEMBER_SAMPLE members is measured on MEMBER_SAMPLE of them (a Map's first ones, an array's spread
 * evenly) and scaled to its size, so one group's distinct set of 100 k values costs no more to
 * estimate than a small one (a parallel worker estimates its state in every barrier's report).
 */
function estimate(v: unknown, depth: number): number {
  if (v === null || v === undefined) return 8;
  switch (typeof v) {
    case 'number':
    case 'boolean':
      return 8;
    case 'bigint':
      return 16;
    case 'string':
      return 16 + v.length;
    case 'object': {
      if (depth > 4) return 64;
      if (ArrayBuffer.isView(v)) return 64 + v.byteLength;
      let s = 16;
      if (v instanceof Map) {
        let n = 0;
        let m = 0;
        for (const [k, x] of v) {
          m += 16 + estimate(k, depth + 1) + estimate(x, depth + 1);
          if (++n >= MEMBER_SAMPLE) break;
        }
        if (n > 0) s += (m / n) * v.size;
      } else if (Array.isArray(v)) {
        const step = Math.max(1, Math.floor(v.length / MEMBER_SAMPLE));
        let n = 0;
        let m = 0;
        for (let i = 0; i < v.length && n < MEMBER_SAMPLE; i += step, n++) m += 8 + estimate(v[i], depth + 1);
        if (n > 0) s += (m / n) * v.length;
      } else {
        for (const x of Object.values(v)) s += 8 + estimate(x, depth + 1);
      }
      return s;
    }
    default:
      return 16;
  }
}
