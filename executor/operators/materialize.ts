/**
 * Materialize keeps the current content of a view and serves it, as RisingWave's MaterializeExecutor:
 * keyed by an upsert key (given columns: +I/+U put the row for its key, -U/-D remove it) or, without
 * one, as a multiset of whole rows with counts (+I/+U add a copy, -U/-D remove one). Each change
 * batch is applied, then forwarded to the output and to every subscriber, in order; `snapshot()`
 * returns the current rows, so a snapshot followed by the changes delivered after it is the true
 * content. A retraction of a row (or key) that is not present is an internal inconsistency:
 * InternalError with the row, never a negative count.
 */
import type { SqlType } from '../../common/types.ts';
import { InternalError, assertNever } from '../../common/errors.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeKeyEncoder } from '../row/key-codec.ts';
import type { StateTable } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import { allColumns, rowView, storeRow } from './stored-row.ts';

/** Options of a Materialize. */
export interface MaterializeOptions {
  readonly types: readonly SqlType[];
  /** Upsert key columns; undefined (or empty) keeps a multiset of whole rows. */
  readonly upsertKey?: readonly number[];
  /** State table name (default `materialize`). */
  readonly stateTable?: string;
}

/** A stored row and its copies (always 1 with an upsert key). */
export interface MaterializedRow {
  bytes: Uint8Array;
  count: number;
}

/** A change listener: receives every change batch after it subscribed. It must not throw. */
export type ChangeListener = (batch: RowBatch) => void;

/** The Materialize operator. */
export class Materialize implements StreamOperator {
  readonly name = 'Materialize';
  private readonly keyOf: (b: RowBatch, r: number) => string;
  private readonly upsert: boolean;
  private readonly listeners = new Set<ChangeListener>();
  private output: Output | undefined;
  private table!: StateTable<MaterializedRow>;

  constructor(private readonly opts: MaterializeOptions) {
    const key = opts.upsertKey ?? [];
    this.upsert = key.length > 0;
    this.keyOf = makeKeyEncoder(opts.types, this.upsert ? key : allColumns(opts.types.length));
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'materialize');
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        if (msg.batch.count === 0) return;
        {
          const changes = this.apply(msg.batch);
          this.output?.push(changes === msg.batch ? msg : { kind: 'batch', batch: changes });
          for (const l of [...this.listeners]) l(changes);
        }
        return;
      case 'watermark':
      case 'barrier':
        this.output?.push(msg);
        return;
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {}

  /** The current rows as +I, one row per copy. */
  snapshot(): RowBatch {
    const out = new RowBatchBuilder(this.opts.types);
    for (const [, e] of this.table.scan()) {
      const view = rowView(this.opts.types, e.bytes);
      for (let c = 0; c < e.count; c++) out.copyRow(view, 0, RowKind.INSERT);
    }
    return out.finish();
  }

  /** Calls `listener` with every change batch from now on, in order; returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Applies `batch`; returns the changes to forward: `batch` itself, or, when an upsert input
   * overwrote a present key without retracting it first (retraction elimination upstream, infer-
   * update-kind.ts), a copy with `-U old` regenerated before each such row (which becomes `+U`), so
   * readers always see a full retract changelog.
   */
  private apply(batch: RowBatch): RowBatch {
    const t = this.table;
    let regen: RowBatchBuilder | undefined;
    for (let r = 0; r < batch.count; r++) {
      const k = this.keyOf(batch, r);
      const e = t.get(k);
      const overwrite = this.upsert && e !== undefined && isAccumulate(batch.kind(r));
      if (overwrite && !regen) {
        regen = new RowBatchBuilder(this.opts.types);
        for (let i = 0; i < r; i++) regen.copyRow(batch, i, batch.kind(i));
      }
      if (overwrite) {
        regen!.copyRow(rowView(this.opts.types, e.bytes), 0, RowKind.UPDATE_BEFORE);
        regen!.copyRow(batch, r, RowKind.UPDATE_AFTER);
      } else if (regen) regen.copyRow(batch, r, batch.kind(r));
      if (isAccumulate(batch.kind(r))) {
        if (this.upsert || !e) t.put(k, { bytes: storeRow(batch, r), count: 1 });
        else {
          e.count++;
          t.put(k, e);
        }
        continue;
      }
      if (!e) {
        const what = this.upsert ? 'key' : 'row';
        throw new InternalError(`materialize: retraction of a ${what} that is not present: ${JSON.stringify(batch.getRow(r), jsonSafe)}`);
      }
      if (this.upsert || --e.count === 0) t.delete(k);
      else t.put(k, e);
    }
    return regen ? regen.finish() : batch;
  }
}

function jsonSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
