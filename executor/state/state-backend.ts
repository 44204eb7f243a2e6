/**
 * Operator state behind one interface, so checkpoints, savepoints and an out-of-core SQLite backend
 * can come later without reshaping operators. State is organized in named tables of key → value.
 *
 * Keys are binary keys carried as JavaScript strings, one char per byte (latin1), so that they hash
 * and compare by content in Maps — or, for a single integer key column, the integer (StateKey);
 * executor/row/key-codec.ts builds them from row fields without decoding values. Values are plain data (numbers, strings, bigints, arrays, objects of those, Maps)
 * so a snapshot can serialize them with structuredClone/v8.serialize.
 */

/**
 * A state key: a binary key string, or for a single int/long key column holding a safe integer the
 * number itself (key-codec.ts makeStateKeyEncoder). One value always has one form.
 */
export type StateKey = string | number;

/** A keyed state table: get/put/delete/scan by state key. */
export interface StateTable<V> {
  get(key: StateKey): V | undefined;
  put(key: StateKey, value: V): void;
  delete(key: StateKey): void;
  /** Entries in unspecified order (insertion order for the heap backend). */
  scan(): IterableIterator<[StateKey, V]>;
  /** Number of keys. */
  readonly size: number;
  clear(): void;
}

/** A state snapshot: opaque bytes (v8.serialize of the tables). */
export interface StateSnapshot {
  readonly bytes: Uint8Array;
}

/** A state backend: a namespace of state tables. */
export interface StateBackend {
  /** The table `name`, created empty on first use. */
  table<V>(name: string): StateTable<V>;
  /** Everything in every table. */
  snapshot(): StateSnapshot;
  /** Replaces all tables with a snapshot's content. */
  restore(s: StateSnapshot): void;
  /** Approximate bytes held (for metrics and the benchmark's state size). */
  approximateBytes(): number;
  /** Keys held: the sum of every table's `size` (for the benchmark's state bytes per key). */
  keyCount(): number;
  /**
   * True when tables drop entries on their own (state TTL): an operator is then not told when an
   * entry goes, so it must not keep the entry's arrays in a pooling StateArena (executor/state/arena.ts).
   */
  readonly expiring: boolean;
}
