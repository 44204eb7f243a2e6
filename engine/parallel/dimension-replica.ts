/**
 * A worker's copy of a DML table that is the dimension of a lookup join (engine/parallel/index.ts,
 * DESIGN.md "Engine: parallel jobs"). The table's store lives in the main thread; the worker group
 * sends every worker the table's snapshot with the plan copy (WorkerInit.dims) and then each
 * statement's changes (+I, -U/+U, -D, full-width rows as TableStore publishes them) on the job's port,
 * a changelog broadcast. The replica applies them in order and serves synchronous lookups from an
 * index by the join's key columns, as TableStore.lookupBy does in one thread: the rows whose key
 * columns equal the key (valueKey equality), none for a NULL key.
 *
 * Rows are counted by their whole-row valueKey, so a table without a primary key (a multiset) keeps
 * duplicates, and a -U/-D removes one copy of the row it names. Lookups see the table as of the last
 * change this worker received: processing-time semantics up to the replication delay (a change is
 * posted when its statement commits and applied when the worker reads its port).
 */
import type { SqlType } from '../../common/types.ts';
import { RowKind } from '../../executor/row/binary-row.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import { valueKey } from '../../executor/row/value-key.ts';
import type { LookupFunction, LookupRows } from '../../connectors/lookup-cache.ts';

/** The rows of one lookup key: whole-row key → the row and how many copies the table holds. */
interface KeyRows {
  readonly rows: Map<string, { readonly row: unknown[]; count: number }>;
  /** The rows as a list (copies repeated), built on demand and dropped by every change. */
  list: unknown[][] | undefined;
}

const NONE: LookupRows = [];

/** A worker's replica of a DML dimension table, indexed by the lookup join's key columns. */
export class DimensionReplica {
  private readonly index = new Map<string, KeyRows>();
  private rowCount = 0;

  /** `types`: the table's columns (full width); `keyColumns`: indices into them (the join's lookup keys). */
  constructor(
    readonly types: readonly SqlType[],
    private readonly keyColumns: readonly number[],
  ) {}

  /** Rows in the replica (copies counted). */
  get size(): number {
    return this.rowCount;
  }

  /**
   * Applies a changelog batch of full-width rows: +I and +U add a row, -U and -D remove one copy of
   * an equal row (a removal of a row the replica does not hold is ignored).
   */
  apply(batch: RowBatch): void {
    for (let r = 0; r < batch.count; r++) {
      const row = batch.getRow(r);
      const kind = batch.kind(r);
      const add = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER;
      const k = valueKey(this.keyColumns.map((c) => row[c]));
      const whole = valueKey(row);
      let hits = this.index.get(k);
      if (add) {
        if (!hits) this.index.set(k, (hits = { rows: new Map(), list: undefined }));
        const e = hits.rows.get(whole);
        if (e) e.count++;
        else hits.rows.set(whole, { row, count: 1 });
        hits.list = undefined;
        this.rowCount++;
        continue;
      }
      const e = hits?.rows.get(whole);
      if (!hits || !e) continue;
      if (--e.count === 0) hits.rows.delete(whole);
      hits.list = undefined;
      this.rowCount--;
      if (hits.rows.size === 0) this.index.delete(k);
    }
  }

  /** The rows whose key columns equal `key` (`keyString` = valueKey(key)); none when a key value is NULL. Do not mutate them. */
  lookup(key: readonly unknown[], keyString: string): LookupRows {
    const hits = this.index.get(keyString);
    if (!hits || key.some((v) => v === null || v === undefined)) return NONE;
    if (hits.list === undefined) {
      const list: unknown[][] = [];
      for (const e of hits.rows.values()) for (let i = 0; i < e.count; i++) list.push(e.row);
      hits.list = list;
    }
    return hits.list;
  }

  /** The replica as a synchronous lookup function for the LookupJoin operator (closing it does nothing). */
  lookupFunction(): LookupFunction {
    return { async: false, lookup: (key, keyString) => this.lookup(key, keyString), close: () => {} };
  }
}
