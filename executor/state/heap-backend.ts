/**
 * The in-memory state backend: one JavaScript Map per state table, as Flink's HashMapStateBackend
 * (objects live on the heap; a snapshot serializes them). Snapshots are `v8.serialize` of every
 * table's entries; `restore` refills the existing table objects in place, so operators that took a
 * table in `open` keep a valid reference.
 */
import { deserialize, serialize } from 'node:v8';
import type { StateBackend, StateSnapshot, StateTable } from './state-backend.ts';

/** A state table over a Map; `scan` yields insertion order. */
class HeapTable<V> implements StateTable<V> {
  readonly map = new Map<string, V>();
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  put(key: string, value: V): void {
    this.map.set(key, value);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  scan(): IterableIterator<[string, V]> {
    return this.map.entries();
  }
  get size(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
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

  /** The table `name`, created empty on first use; the same object on every call. */
  table<V>(name: string): StateTable<V> {
    let t = this.tables.get(name);
    if (!t) {
      t = new HeapTable<unknown>();
      this.tables.set(name, t);
    }
    return t as HeapTable<V>;
  }

  /** Serializes all tables as `[name, [key, value][]][]`. */
  snapshot(): StateSnapshot {
    const data: [string, [string, unknown][]][] = [];
    for (const [name, t] of this.tables) data.push([name, [...t.map]]);
    return { bytes: new Uint8Array(serialize(data)) };
  }

  /** Clears every table and refills the ones in the snapshot (tables keep their identity). */
  restore(s: StateSnapshot): void {
    const data = deserialize(Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength)) as [string, [string, unknown][]][];
    for (const t of this.tables.values()) t.clear();
    for (const [name, entries] of data) {
      const t = this.table<unknown>(name) as HeapTable<unknown>;
      for (const [k, v] of entries) t.map.set(k, v);
    }
  }

  /**
   * A rough estimate in bytes: per table, the mean size of up to 32 sampled entries (keys as 1 byte
   * per char, numbers 8, objects 16 + their members) times the number of entries.
   */
  approximateBytes(): number {
    let total = 0;
    for (const t of this.tables.values()) {
      if (t.size === 0) continue;
      let n = 0;
      let sampled = 0;
      for (const [k, v] of t.map) {
        sampled += 16 + k.length + estimate(v, 0);
        if (++n >= SAMPLE) break;
      }
      total += Math.round((sampled / n) * t.size);
    }
    return total;
  }
}

/** Approximate heap bytes of a plain-data value (depth-limited). */
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
        for (const [k, x] of v) s += 16 + estimate(k, depth + 1) + estimate(x, depth + 1);
      } else if (Array.isArray(v)) {
        for (const x of v) s += 8 + estimate(x, depth + 1);
      } else {
        for (const x of Object.values(v)) s += 8 + estimate(x, depth + 1);
      }
      return s;
    }
    default:
      return 16;
  }
}
