/**
 * A retracting TopN for streams (`ORDER BY … LIMIT n [OFFSET m]` kept up to date, optionally per
 * partition), as Flink's RetractableTopNFunction without rank output: per partition key it keeps
 * every row (sorted array of { row bytes, row key, count }; equal sort keys in arrival order) and
 * emits the changelog of the set of rows ranked offset+1 … offset+n: -D for rows that leave it,
 * then +I for rows that enter it, once per partition per input batch. A retraction of a row that is
 * not held is ignored.
 */
import type { SqlType } from '../../common/types.ts';
import { assertNever } from '../../common/errors.ts';
import type { SortKey } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeKeyEncoder, makeRowComparator } from '../row/key-codec.ts';
import type { StateTable } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import { allColumns, rowView, storeRow } from './stored-row.ts';

/** Options of a TopN. */
export interface TopNOptions {
  readonly types: readonly SqlType[];
  /** Partition columns (empty: one global ranking). */
  readonly partitionKeys: readonly number[];
  /** Sort keys of the ranking. */
  readonly orderKeys: readonly SortKey[];
  /** n: rows kept in the output per partition. */
  readonly limit: number;
  /** Ranks skipped before the first output row (default 0). */
  readonly offset?: number;
  /** State table name (default `top-n`). */
  readonly stateTable?: string;
}

/** One distinct row of a partition. */
export interface TopNEntry {
  bytes: Uint8Array;
  key: string;
  count: number;
}

/** The output rows of a partition: row key → [bytes, copies]. */
type TopSet = Map<string, [Uint8Array, number]>;

/** The retracting TopN operator. */
export class TopN implements StreamOperator {
  readonly name = 'TopN';
  private readonly partOf: ((b: RowBatch, r: number) => string) | undefined;
  private readonly rowKeyOf: (b: RowBatch, r: number) => string;
  private readonly cmp: (a: RowBatch, ar: number, b: RowBatch, br: number) => number;
  private readonly out: RowBatchBuilder;
  private readonly pending = new Map<string, { entries: TopNEntry[]; before: TopSet }>();
  private output!: Output;
  private table!: StateTable<TopNEntry[]>;

  constructor(private readonly opts: TopNOptions) {
    this.partOf = opts.partitionKeys.length > 0 ? makeKeyEncoder(opts.types, opts.partitionKeys) : undefined;
    this.rowKeyOf = makeKeyEncoder(opts.types, allColumns(opts.types.length));
    this.cmp = makeRowComparator(opts.types, opts.orderKeys);
    this.out = new RowBatchBuilder(opts.types);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'top-n');
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        return this.processBatch(msg.batch);
      case 'watermark':
      case 'barrier':
        return this.output.push(msg);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {}

  private processBatch(batch: RowBatch): void {
    for (let r = 0; r < batch.count; r++) {
      const pk = this.partOf ? this.partOf(batch, r) : '';
      let p = this.pending.get(pk);
      if (!p) {
        const entries = this.table.get(pk) ?? [];
        p = { entries, before: this.topSet(entries) };
        this.pending.set(pk, p);
      }
      this.apply(p.entries, batch, r);
    }
    const types = this.opts.types;
    for (const [pk, p] of this.pending) {
      const after = this.topSet(p.entries);
      for (const [k, [bytes, n]] of p.before) {
        const gone = n - (after.get(k)?.[1] ?? 0);
        for (let c = 0; c < gone; c++) this.out.copyRow(rowView(types, bytes), 0, RowKind.DELETE);
      }
      for (const [k, [bytes, n]] of after) {
        const come = n - (p.before.get(k)?.[1] ?? 0);
        for (let c = 0; c < come; c++) this.out.copyRow(rowView(types, bytes), 0, RowKind.INSERT);
      }
      if (p.entries.length > 0) this.table.put(pk, p.entries);
      else this.table.delete(pk);
    }
    this.pending.clear();
    if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
  }

  /** Adds or removes one copy of row r in the sorted entries. */
  private apply(entries: TopNEntry[], batch: RowBatch, r: number): void {
    const types = this.opts.types;
    const key = this.rowKeyOf(batch, r);
    // Binary search for the first entry not sorting before row r.
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(rowView(types, entries[mid]!.bytes), 0, batch, r) < 0) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    for (; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.key === key) break;
      if (this.cmp(rowView(types, e.bytes), 0, batch, r) !== 0) {
        i = -1;
        break;
      }
    }
    const found = i >= 0 && i < entries.length ? i : -1;
    if (isAccumulate(batch.kind(r))) {
      if (found >= 0) entries[found]!.count++;
      else {
        // After the equal-sorting entries: ties in arrival order.
        let at = lo;
        while (at < entries.length && this.cmp(rowView(types, entries[at]!.bytes), 0, batch, r) === 0) at++;
        entries.splice(at, 0, { bytes: storeRow(batch, r), key, count: 1 });
      }
    } else if (found >= 0 && --entries[found]!.count === 0) {
      entries.splice(found, 1);
    }
  }

  /** The rows ranked offset+1 … offset+limit. */
  private topSet(entries: readonly TopNEntry[]): TopSet {
    const set: TopSet = new Map();
    let skip = this.opts.offset ?? 0;
    let left = this.opts.limit;
    for (const e of entries) {
      if (left <= 0) break;
      const s = Math.min(skip, e.count);
      skip -= s;
      const take = Math.min(e.count - s, left);
      if (take > 0) {
        set.set(e.key, [e.bytes, take]);
        left -= take;
      }
    }
    return set;
  }
}
