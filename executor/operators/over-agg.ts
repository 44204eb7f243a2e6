/**
 * OVER aggregation (Flink's StreamExecOverAggregate): per partition, the input rows sorted by the
 * ORDER BY keys, each output row = the input row then one value per window call (over-frame.ts:
 * aggregates over ROWS/RANGE frames, ROW_NUMBER / RANK / DENSE_RANK). Three ways to emit, chosen by
 * the planner (planner/physical/plan-over.ts) and passed as `emit`:
 *
 * - 'changelog' (any input, any ORDER BY): a retracting OVER aggregation, whose output always equals
 *   what PostgreSQL computes over the input's current content. State per partition: the sorted
 *   distinct rows with their copies (equal ORDER BY keys in arrival order) and the values last
 *   emitted for each copy. Per input batch and partition, the changes are applied, then the values
 *   are recomputed from the first position whose frame can see a change (its frame reaching forward:
 *   FOLLOWING offsets, peers under RANGE) to the end of the partition, and only differences are
 *   emitted: -D for removed copies (of every partition, first: a row moving between partitions keeps
 *   its upsert key), +I for new ones, -U/+U for rows whose values changed. Cost per touched
 *   partition and batch: O(rows from the first change to the end), times the frame length for
 *   non-invertible aggregates with a sliding start. Meant for small to moderate partitions.
 * - 'append' (insert-only input ordered by a PROCTIME() attribute, as Flink's
 *   ProcTimeRowsBoundedPrecedingFunction / ProcTimeRangeUnboundedPrecedingFunction): rows arrive in
 *   order, so each is emitted once (+I) when its frame is complete. With a RANGE frame ending at
 *   CURRENT ROW the last peer group is held back until a row with a later time arrives, a barrier
 *   (FLUSH) or the end of input. Every row is kept (no state pruning yet); a new batch re-evaluates
 *   the partition from its first frame start, O(partition) for UNBOUNDED PRECEDING frames.
 * - 'at-end' (bounded queries): changes are applied silently; `close` evaluates every partition
 *   once and emits +I rows.
 */
import type { Decimal } from 'decimal.js';
import type { SqlType } from '../../common/types.ts';
import { assertNever, InternalError } from '../../common/errors.ts';
import { dscaleOf } from '../../common/numeric-scale.ts';
import type { SortKey, WindowCall } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeKeyEncoder, makeRowComparator, valuesEqual } from '../row/key-codec.ts';
import type { StateTable } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import type { OverCall } from './over-frame.ts';
import { compileOverCalls, evaluateOver, partitionView, reachForward } from './over-frame.ts';
import { allColumns, rowView, storeRow } from './stored-row.ts';

/** How the operator emits (see the file comment). */
export type OverEmit = 'changelog' | 'append' | 'at-end';

/** Options of an OverAggregate. */
export interface OverAggOptions {
  /** Input row types; the output is these, then one column per call. */
  readonly types: readonly SqlType[];
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly calls: readonly WindowCall[];
  readonly emit: OverEmit;
  /** State table name (default `over-agg`). */
  readonly stateTable?: string;
}

/** A distinct input row of a partition, its copies, and the values last emitted for each copy. */
interface OverEntry {
  readonly row: RowBatch;
  readonly key: string;
  count: number;
  readonly outs: (unknown[] | undefined)[];
}

/** A partition's state: its sorted entries and (append) how many positions were emitted. */
interface OverPartition {
  entries: OverEntry[];
  emitted: number;
}

/** A partition touched by the current batch: the first entry changed, the copies removed. */
interface Touched {
  readonly part: OverPartition;
  firstDirty: number;
  readonly removed: { readonly row: RowBatch; readonly values: unknown[] }[];
}

/** The OverAggregate operator. */
export class OverAggregate implements StreamOperator {
  readonly name = 'OverAggregate';
  private readonly calls: readonly OverCall[];
  private readonly callTypes: readonly SqlType[];
  private readonly reach: number;
  /** Append: a RANGE frame ends at the current row's last peer, so the last peer group waits. */
  private readonly holdPeers: boolean;
  private readonly partOf: ((b: RowBatch, r: number) => string) | undefined;
  private readonly rowKeyOf: (b: RowBatch, r: number) => string;
  private readonly cmp: (a: RowBatch, ar: number, b: RowBatch, br: number) => number;
  private readonly peer: (a: RowBatch, b: RowBatch) => boolean;
  private readonly out: RowBatchBuilder;
  private readonly touched = new Map<string, Touched>();
  /** Append: partitions holding rows not yet emitted. */
  private readonly held = new Set<string>();
  private output!: Output;
  private table!: StateTable<OverPartition>;

  constructor(private readonly opts: OverAggOptions) {
    this.calls = compileOverCalls(opts.types, opts.calls);
    this.callTypes = opts.calls.map((c) => c.type);
    this.reach = reachForward(this.calls);
    this.holdPeers = this.calls.some((c) => !c.rank && c.frame.units === 'range' && c.frame.end !== 'unbounded');
    this.partOf = opts.partitionKeys.length > 0 ? makeKeyEncoder(opts.types, opts.partitionKeys) : undefined;
    this.rowKeyOf = makeKeyEncoder(opts.types, allColumns(opts.types.length));
    const cmp = makeRowComparator(opts.types, opts.orderKeys);
    this.cmp = cmp;
    this.peer = (a, b) => cmp(a, 0, b, 0) === 0;
    this.out = new RowBatchBuilder([...opts.types, ...this.callTypes]);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'over-agg');
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        this.processBatch(msg.batch);
        return this.flushOutput();
      case 'watermark':
        return this.output.push(msg);
      case 'barrier':
        this.releaseHeld();
        this.flushOutput();
        return this.output.push(msg);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {
    if (this.opts.emit === 'at-end') {
      for (const [, part] of this.table.scan()) this.emitFrom(part, 0, part.entries.reduce((n, e) => n + e.count, 0));
      this.table.clear();
    }
    this.releaseHeld();
    this.flushOutput();
  }

  private flushOutput(): void {
    if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
  }

  private processBatch(batch: RowBatch): void {
    for (let r = 0; r < batch.count; r++) {
      const pk = this.partOf ? this.partOf(batch, r) : '';
      let t = this.touched.get(pk);
      if (!t) {
        t = { part: this.table.get(pk) ?? { entries: [], emitted: 0 }, firstDirty: Infinity, removed: [] };
        this.touched.set(pk, t);
      }
      this.apply(t, batch, r);
    }
    // Every removal first: a row moving between partitions keeps its upsert key, so its -D must
    // precede its +I for consumers keyed by it.
    for (const t of this.touched.values()) for (const d of t.removed) this.write(RowKind.DELETE, d.row, d.values);
    for (const [pk, t] of this.touched) {
      const part = t.part;
      if (this.opts.emit === 'changelog') this.emitChanges(t);
      else if (this.opts.emit === 'append') this.emitAppended(pk, part);
      if (part.entries.length > 0) this.table.put(pk, part);
      else this.table.delete(pk);
    }
    this.touched.clear();
  }

  /** Adds or removes one copy of row r in its partition's sorted entries. */
  private apply(t: Touched, batch: RowBatch, r: number): void {
    const entries = t.part.entries;
    const add = isAccumulate(batch.kind(r));
    if (this.opts.emit === 'append') {
      if (!add) throw new InternalError('append-only OverAggregate received a retraction');
      // Processing time is arrival order (as Flink, which reads its clock, not the column).
      entries.push({ row: rowView(this.opts.types, storeRow(batch, r)), key: '', count: 1, outs: [undefined] });
      return;
    }
    const key = this.rowKeyOf(batch, r);
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(entries[mid]!.row, 0, batch, r) < 0) lo = mid + 1;
      else hi = mid;
    }
    let at = lo;
    let found = -1;
    while (at < entries.length && this.cmp(entries[at]!.row, 0, batch, r) === 0) {
      if (entries[at]!.key === key) found = at;
      at++;
    }
    if (add) {
      if (found >= 0) {
        const e = entries[found]!;
        e.count++;
        e.outs.push(undefined);
        t.firstDirty = Math.min(t.firstDirty, found);
      } else {
        entries.splice(at, 0, { row: rowView(this.opts.types, storeRow(batch, r)), key, count: 1, outs: [undefined] });
        t.firstDirty = Math.min(t.firstDirty, at);
      }
      return;
    }
    if (found < 0) return; // a retraction of a row never seen is ignored, as Flink does
    const e = entries[found]!;
    const old = e.outs.pop();
    if (old) t.removed.push({ row: e.row, values: old });
    if (--e.count === 0) entries.splice(found, 1);
    t.firstDirty = Math.min(t.firstDirty, found);
  }

  /** The positions of a partition (one per copy), with the entry and copy of each. */
  private view(entries: readonly OverEntry[]) {
    const rows: RowBatch[] = [];
    const owner: OverEntry[] = [];
    const copy: number[] = [];
    const firstOf = new Int32Array(entries.length);
    entries.forEach((e, i) => {
      firstOf[i] = rows.length;
      for (let c = 0; c < e.count; c++) {
        rows.push(e.row);
        owner.push(e);
        copy.push(c);
      }
    });
    return { ...partitionView(rows, this.peer), owner, copy, firstOf };
  }

  /** Changelog: +I / -U +U for positions whose values are new or changed (removed copies were -D'd before). */
  private emitChanges(t: Touched): void {
    const entries = t.part.entries;
    if (t.firstDirty === Infinity || entries.length === 0) return;
    const v = this.view(entries);
    const n = v.rows.length;
    let start = t.firstDirty < entries.length ? v.firstOf[t.firstDirty]! : n;
    start = this.reach === Infinity ? 0 : Math.max(0, start - this.reach);
    // Peers of the changed position (and of the one before, when the change emptied a peer group's end).
    if (start > 0) start = v.peerFirst[Math.min(start, n) - 1]!;
    if (start >= n) return;
    const values = evaluateOver(this.calls, v, this.opts.orderKeys, start, n);
    for (let p = start; p < n; p++) {
      const e = v.owner[p]!;
      const c = v.copy[p]!;
      const now = values[p - start]!;
      const before = e.outs[c];
      if (!before) this.write(RowKind.INSERT, e.row, now);
      else if (!this.same(before, now)) {
        this.write(RowKind.UPDATE_BEFORE, e.row, before);
        this.write(RowKind.UPDATE_AFTER, e.row, now);
      }
      e.outs[c] = now;
    }
  }

  /** Append: +I for the positions whose frames are complete. */
  private emitAppended(pk: string, part: OverPartition): void {
    const entries = part.entries;
    const n = entries.length;
    const ready = this.holdPeers && n > 0 ? this.view(entries).peerFirst[n - 1]! : n;
    this.emitFrom(part, part.emitted, ready);
    if (part.emitted < n) this.held.add(pk);
    else this.held.delete(pk);
  }

  /** Append: emits every held row (barrier, end of input). */
  private releaseHeld(): void {
    for (const pk of this.held) {
      const part = this.table.get(pk);
      if (part) this.emitFrom(part, part.emitted, part.entries.length);
    }
    this.held.clear();
  }

  /** +I for positions from … to−1 (append, at-end); positions before `from` are not re-emitted. */
  private emitFrom(part: OverPartition, from: number, to: number): void {
    if (to <= from) return;
    const v = this.view(part.entries);
    const values = evaluateOver(this.calls, v, this.opts.orderKeys, from, to);
    for (let p = from; p < to; p++) this.write(RowKind.INSERT, v.rows[p]!, values[p - from]!);
    part.emitted = to;
  }

  private same(a: readonly unknown[], b: readonly unknown[]): boolean {
    for (let j = 0; j < a.length; j++) {
      const x = a[j];
      const y = b[j];
      if (x === y) continue;
      const t = this.callTypes[j]!;
      if (x === null || y === null || !valuesEqual(t, x, y)) return false;
      if (t.id === 'numeric' && dscaleOf(x as Decimal) !== dscaleOf(y as Decimal)) return false;
    }
    return true;
  }

  /** Appends an output row: the input row's fields, then `values`. */
  private write(kind: number, row: RowBatch, values: readonly unknown[]): void {
    const out = this.out;
    const n = this.opts.types.length;
    out.beginRow(kind);
    for (let f = 0; f < n; f++) out.copyField(f, row, 0, f);
    for (let j = 0; j < values.length; j++) out.setValue(n + j, values[j]);
    out.endRow();
  }
}
