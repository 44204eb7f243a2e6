/**
 * Deduplication of insert-only input: one row per key, as Flink's ProcTimeDeduplicateKeepFirstRow /
 * KeepLastRow and RowTimeDeduplicateFunction, in one operator (the state layout is the same: at
 * most one row per key). Policies:
 * - `proctime` keep 'first': the first row of a key is emitted (+I) and every later one dropped; the
 *   state is a marker per key and the output is append-only;
 * - `proctime` keep 'last': every row replaces the kept one (+I the first time, then -U old, +U new);
 * - `ordered`: the kept row is replaced when the new row sorts before it by `orderKeys` (or equal to
 *   it when `ties` is 'replace'). Event-time keep-last is `date_time DESC` with ties replacing (the
 *   new row wins when its time is ≥ the kept one's); event-time keep-first is `date_time ASC` with
 *   ties kept (replaced only by an earlier row); the N = 1 fast path of an append-only ROW_NUMBER
 *   TopN is its order with ties kept, and may append the rank (always 1) to its rows.
 * A retraction in the input is an InternalError: the planner only builds this for insert-only input.
 */
import type { SqlType } from '../../common/types.ts';
import { InternalError, assertNever } from '../../common/errors.ts';
import type { SortKey } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind } from '../row/binary-row.ts';
import { makeStateKeyEncoder, makeRowComparator } from '../row/key-codec.ts';
import type { StateTable, StateKey } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import { rowView, storeRow } from './stored-row.ts';
import { StateArena } from '../state/arena.ts';
import { rankOutputTypes } from './top-n.ts';

/** Which row of a key is kept. */
export type DedupPolicy =
  | { readonly kind: 'proctime'; readonly keep: 'first' | 'last' }
  | { readonly kind: 'ordered'; readonly orderKeys: readonly SortKey[]; readonly ties: 'keep' | 'replace' };

/** Options of a Deduplicate. */
export interface DeduplicateOptions {
  readonly types: readonly SqlType[];
  /** Key columns (empty: one row overall). */
  readonly keys: readonly number[];
  readonly policy: DedupPolicy;
  /** Append the rank number 1 (int8) to output rows (the N = 1 TopN path). */
  readonly outputRankNumber?: boolean;
  /** State table name (default `dedup`). */
  readonly stateTable?: string;
}

/** The Deduplicate operator. */
export class Deduplicate implements StreamOperator {
  readonly name = 'Deduplicate';
  private readonly keyOf: (b: RowBatch, r: number) => StateKey;
  private readonly cmp: ((a: RowBatch, ar: number, b: RowBatch, br: number) => number) | undefined;
  private readonly out: RowBatchBuilder;
  private readonly rank: boolean;
  private output!: Output;
  /**
   * The kept row's bytes per key (stored-row.ts; null: a key seen, for proctime keep-first). Bytes
   * only, not a RowBatch over them: one heap object per key instead of four, which the GC marks.
   */
  private table!: StateTable<Uint8Array | null>;
  /** Where the kept rows' bytes live (executor/state/arena.ts), recycled after each batch. */
  private arena!: StateArena;

  constructor(private readonly opts: DeduplicateOptions) {
    this.keyOf = opts.keys.length > 0 ? makeStateKeyEncoder(opts.types, opts.keys) : () => '';
    this.cmp = opts.policy.kind === 'ordered' ? makeRowComparator(opts.types, opts.policy.orderKeys) : undefined;
    this.rank = opts.outputRankNumber ?? false;
    this.out = new RowBatchBuilder(rankOutputTypes(opts.types, this.rank));
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'dedup');
    this.arena = new StateArena(!ctx.state.expiring);
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
    const policy = this.opts.policy;
    for (let r = 0; r < batch.count; r++) {
      if (batch.kind(r) !== RowKind.INSERT) throw new InternalError('Deduplicate received a change other than +I on insert-only input');
      const key = this.keyOf(batch, r);
      const kept = this.table.get(key);
      if (kept === undefined) {
        this.table.put(key, policy.kind === 'proctime' && policy.keep === 'first' ? null : storeRow(batch, r, this.arena));
        this.write(batch, r, RowKind.INSERT);
        continue;
      }
      if (kept === null) continue;
      const keptRow = rowView(this.opts.types, kept);
      if (policy.kind === 'ordered') {
        const c = this.cmp!(batch, r, keptRow, 0);
        if (c > 0 || (c === 0 && policy.ties === 'keep')) continue;
      }
      this.write(keptRow, 0, RowKind.UPDATE_BEFORE);
      this.write(batch, r, RowKind.UPDATE_AFTER);
      this.arena.free(kept);
      this.table.put(key, storeRow(batch, r, this.arena));
    }
    if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
    this.arena.recycle();
  }

  private write(src: RowBatch, r: number, kind: number): void {
    if (!this.rank) return this.out.copyRow(src, r, kind);
    const n = this.opts.types.length;
    this.out.beginRow(kind);
    for (let f = 0; f < n; f++) this.out.copyField(f, src, r, f);
    this.out.setLong(n, 1);
    this.out.endRow();
  }
}
