/**
 * LookupJoin: joins each input row with the rows of a dimension table whose key columns equal the
 * row's `inputKeys` at processing time, as Flink's LookupJoinRunner (synchronous stores) and
 * AsyncWaitOperator in ORDERED mode with AsyncLookupJoinRunner (asynchronous stores).
 *
 * Output = input columns, then the dimension's columns; each output row keeps its input row's
 * RowKind (a -U/-D input row is looked up again, as Flink does: the dimension may have changed since
 * its +I). A left join emits the input row NULL-padded when no dimension row matches (or none passes
 * the residual `condition`); an inner join drops it. A NULL key matches nothing.
 *
 * Synchronous lookups: each batch is joined within `process`. Asynchronous lookups: each batch is
 * queued; its rows' keys are looked up with at most `capacity` distinct keys in flight (a key already
 * in flight is not asked again); rows answered from a cache need no request. Batches, barriers and
 * watermarks leave in arrival order, each once everything before it is complete (ORDERED mode), so
 * output order equals input order. At capacity the operator reports itself saturated to the job
 * (OperatorContext.async), which stops pumping sources until it drains. Lookup errors fail the job.
 */
import type { SqlType } from '../../common/types.ts';
import { InternalError, assertNever } from '../../common/errors.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder } from '../row/binary-row.ts';
import { valueKey } from '../row/value-key.ts';
import { compilePredicate } from '../expr/compile.ts';
import type { AsyncOperatorContext, OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';

/** Dimension rows: JavaScript values of the dimension's columns. */
export type DimRows = readonly (readonly unknown[])[];

/** The dimension store as the operator sees it (connectors/lookup-cache.ts LookupFunction fits). */
export interface LookupFunctionLike {
  readonly async: boolean;
  /** Rows for `key` (never containing NULL); `keyString` = valueKey(key); `nowMs` = wall time of the batch. */
  lookup(key: readonly unknown[], keyString: string, nowMs: number): DimRows | Promise<DimRows>;
  close(): void;
}

/** Options of a LookupJoin. */
export interface LookupJoinOptions {
  readonly joinType: 'inner' | 'left';
  readonly inputTypes: readonly SqlType[];
  readonly dimTypes: readonly SqlType[];
  readonly inputKeys: readonly number[];
  /** Over input columns then dimension columns; undefined keeps every match. */
  readonly condition: BoundExpr | undefined;
  readonly lookup: LookupFunctionLike;
  /** Most distinct keys in flight for an asynchronous lookup (`table.exec.async-lookup.buffer-capacity`). */
  readonly capacity: number;
}

const NO_ROWS: DimRows = [];

/** A queued batch awaiting its lookups, or a barrier/watermark waiting behind earlier batches. */
type Entry =
  | { readonly kind: 'rows'; readonly batch: RowBatch; readonly results: (DimRows | undefined)[]; remaining: number }
  | { readonly kind: 'control'; readonly msg: StreamMessage };

interface Request {
  readonly key: readonly unknown[];
  readonly waiters: { entry: Extract<Entry, { kind: 'rows' }>; row: number }[];
  issued: boolean;
}

/** The LookupJoin operator. */
export class LookupJoin implements StreamOperator {
  readonly name = 'LookupJoin';
  readonly outputTypes: readonly SqlType[];
  private readonly out: RowBatchBuilder;
  private readonly scratch: RowBatchBuilder | undefined;
  private readonly predicate: ((b: RowBatch, r: number) => boolean) | undefined;
  private readonly nIn: number;
  private output!: Output;
  private async: AsyncOperatorContext | undefined;
  private readonly queue: Entry[] = [];
  private readonly requests = new Map<string, Request>();
  private readonly waiting: string[] = [];
  private inFlight = 0;
  private saturated = false;

  constructor(private readonly opts: LookupJoinOptions) {
    this.nIn = opts.inputTypes.length;
    this.outputTypes = [...opts.inputTypes, ...opts.dimTypes];
    this.out = new RowBatchBuilder(this.outputTypes);
    if (opts.condition) {
      this.predicate = compilePredicate(opts.condition, this.outputTypes);
      this.scratch = new RowBatchBuilder(this.outputTypes, 4096, 16);
    }
    if (opts.capacity < 1) throw new InternalError('LookupJoin capacity must be at least 1');
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.async = ctx.async;
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        return this.opts.lookup.async ? this.enqueue(msg.batch) : this.joinSync(msg.batch);
      case 'watermark':
      case 'barrier':
        if (this.queue.length === 0) return this.output.push(msg);
        this.queue.push({ kind: 'control', msg });
        return;
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {
    if (this.queue.length > 0) throw new InternalError(`LookupJoin closed with ${this.queue.length} queued entries`);
    this.opts.lookup.close();
  }

  /** The key of row r, or undefined when a key column is NULL. */
  private keyOf(batch: RowBatch, r: number): unknown[] | undefined {
    const ks = this.opts.inputKeys;
    const key = new Array<unknown>(ks.length);
    for (let i = 0; i < ks.length; i++) {
      const v = batch.getValue(r, ks[i]!);
      if (v === null) return undefined;
      key[i] = v;
    }
    return key;
  }

  private joinSync(batch: RowBatch): void {
    const now = Date.now();
    const lookup = this.opts.lookup;
    for (let r = 0; r < batch.count; r++) {
      const key = this.keyOf(batch, r);
      const rows = key === undefined ? NO_ROWS : (lookup.lookup(key, valueKey(key), now) as DimRows);
      this.emitRow(batch, r, rows);
    }
    if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
  }

  /** Appends the output rows of input row r joined with `rows`. */
  private emitRow(batch: RowBatch, r: number, rows: DimRows): void {
    const kind = batch.kind(r);
    const pred = this.predicate;
    let matched = 0;
    if (pred === undefined) {
      for (const d of rows) this.writeRow(this.out, kind, batch, r, d);
      matched = rows.length;
    } else if (rows.length > 0) {
      const s = this.scratch!;
      for (const d of rows) this.writeRow(s, kind, batch, r, d);
      const cands = s.finish();
      for (let i = 0; i < cands.count; i++) {
        if (!pred(cands, i)) continue;
        this.out.copyRow(cands, i);
        matched++;
      }
    }
    if (matched === 0 && this.opts.joinType === 'left') this.writeRow(this.out, kind, batch, r, undefined);
  }

  private writeRow(b: RowBatchBuilder, kind: number, batch: RowBatch, r: number, dim: readonly unknown[] | undefined): void {
    const n = this.nIn;
    b.beginRow(kind);
    for (let f = 0; f < n; f++) b.copyField(f, batch, r, f);
    if (dim) for (let j = 0; j < dim.length; j++) b.setValue(n + j, dim[j]);
    b.endRow();
  }

  // ───────────── asynchronous (ordered) ─────────────

  private enqueue(batch: RowBatch): void {
    const entry: Extract<Entry, { kind: 'rows' }> = { kind: 'rows', batch, results: new Array(batch.count), remaining: 0 };
    const now = Date.now();
    for (let r = 0; r < batch.count; r++) {
      const key = this.keyOf(batch, r);
      if (key === undefined) {
        entry.results[r] = NO_ROWS;
        continue;
      }
      const ks = valueKey(key);
      const pending = this.requests.get(ks);
      if (pending) {
        pending.waiters.push({ entry, row: r });
        entry.remaining++;
        continue;
      }
      if (this.inFlight < this.opts.capacity && this.waiting.length === 0) {
        const res = this.opts.lookup.lookup(key, ks, now);
        if (!(res instanceof Promise)) {
          entry.results[r] = res;
          continue;
        }
        this.requests.set(ks, { key, waiters: [{ entry, row: r }], issued: true });
        entry.remaining++;
        this.await(ks, res);
        continue;
      }
      this.requests.set(ks, { key, waiters: [{ entry, row: r }], issued: false });
      this.waiting.push(ks);
      entry.remaining++;
    }
    this.queue.push(entry);
    this.drain();
    this.updateSaturation();
  }

  private await(ks: string, p: Promise<DimRows>): void {
    this.inFlight++;
    p.then(
      (rows) => this.guard(() => this.complete(ks, rows)),
      (e: unknown) =>
        this.guard(() => {
          throw e;
        }),
    );
  }

  private guard(f: () => void): void {
    if (this.async) this.async.guard(f);
    else f();
  }

  private complete(ks: string, rows: DimRows): void {
    const req = this.requests.get(ks);
    if (!req) return;
    this.requests.delete(ks);
    if (req.issued) this.inFlight--;
    for (const w of req.waiters) {
      w.entry.results[w.row] = rows;
      w.entry.remaining--;
    }
    this.issueWaiting();
    this.drain();
    this.updateSaturation();
  }

  /** Issues queued keys while there is room; answers from a cache complete at once. */
  private issueWaiting(): void {
    while (this.inFlight < this.opts.capacity && this.waiting.length > 0) {
      const ks = this.waiting.shift()!;
      const req = this.requests.get(ks)!;
      req.issued = true;
      const res = this.opts.lookup.lookup(req.key, ks, Date.now());
      if (res instanceof Promise) {
        this.await(ks, res);
        continue;
      }
      req.issued = false;
      this.requests.delete(ks);
      for (const w of req.waiters) {
        w.entry.results[w.row] = res;
        w.entry.remaining--;
      }
    }
  }

  /** Emits completed entries from the head of the queue, in order. */
  private drain(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.kind === 'rows') {
        if (head.remaining > 0) break;
        this.queue.shift();
        for (let r = 0; r < head.batch.count; r++) this.emitRow(head.batch, r, head.results[r]!);
        if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
      } else {
        this.queue.shift();
        this.output.push(head.msg);
      }
    }
  }

  private updateSaturation(): void {
    const s = this.inFlight >= this.opts.capacity;
    if (s === this.saturated) return;
    this.saturated = s;
    this.async?.setSaturated(s);
  }
}
