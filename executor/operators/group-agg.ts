/**
 * GroupAggregate with retraction, as Flink's GroupAggFunction (folding within one input batch), or
 * with `miniBatch` as MiniBatchGroupAggFunction (folding across batches until `size` rows, a barrier
 * — the minibatch marker or FLUSH — or close), or with `partialInput` as the global phase of
 * two-phase aggregation (GlobalGroupAggregate: merges LocalGroupAggregate partials): per group key it keeps `{ accs, rowCount }` in state, accumulates +I/+U rows and
 * retracts -U/-D rows, and emits the changelog of the result rows. Output row = the group key
 * columns (in `groupKeys` order), then one column per aggregate call.
 *
 * Emission per key and input batch: first seen → +I; result changed → -U old (when the output mode
 * carries update-before) then +U new; rowCount back to 0 → -D old and the state removed; result
 * unchanged → nothing. A retraction reaching a key with no rows is ignored (as Flink). Global
 * aggregation (no group keys) follows PostgreSQL and RisingWave's SimpleAgg: `open` emits the
 * empty-input row (+I: count 0, other aggregates NULL), later changes are -U/+U, never -D.
 */
import type { Decimal } from 'decimal.js';
import type { SqlType } from '../../common/types.ts';
import { dscaleOf, numericText } from '../../common/numeric-scale.ts';
import { SqlError, SqlState } from '../../common/errors.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeKeyEncoder, valuesEqual } from '../row/key-codec.ts';
import type { StateTable } from '../state/state-backend.ts';
import { compileAggCalls, foldRow, type CompiledAggCall } from '../aggregate/compiled-call.ts';
import { decodePartials, type PartialsChannel } from '../aggregate/partials.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';

/** The changelog the planner lets this operator produce. */
export interface GroupAggChangelog {
  /** False when retraction elimination allows dropping -U rows (downstream is upsert by the group key). */
  readonly emitUpdateBefore: boolean;
}

/** Options of a GroupAggregate. */
export interface GroupAggOptions {
  /** Types of the input columns. */
  readonly inputTypes: readonly SqlType[];
  /** Input columns forming the group key; empty for a global aggregation. */
  readonly groupKeys: readonly number[];
  /** The aggregate calls (args and filter are input column indices; `type` the result type). ORDER BY inside a call orders the rows an order-sensitive aggregate sees (executor/aggregate/ordered.ts). */
  readonly aggs: readonly AggCall[];
  readonly changelog: GroupAggChangelog;
  /**
   * Minibatch (Flink's MiniBatchGroupAggFunction): fold rows per key across input batches and touch
   * state and emit once per key when `size` rows are buffered, at a barrier (minibatch marker or
   * FLUSH) or at close. Undefined: once per input batch.
   */
  readonly miniBatch?: { readonly size: number };
  /**
   * Global phase of a two-phase aggregation (Flink's GlobalGroupAggregate): input rows are the group
   * key then a `$partials` bytea column (executor/aggregate/partials.ts) that is merged, not
   * accumulated; `localInputTypes` are the local phase's input types (the calls' argument types).
   */
  readonly partialInput?: { readonly localInputTypes: readonly SqlType[]; readonly channel?: PartialsChannel };
  /** Name of the state table (default `group-agg`). */
  readonly stateTable?: string;
}

/** State per group: one accumulator per call and the number of rows (accumulated − retracted). */
export interface GroupState {
  accs: unknown[];
  rowCount: number;
}

/** A key touched by the current batch: its state, its result before the batch, a row holding its key. */
interface Pending {
  readonly state: GroupState;
  readonly existed: boolean;
  readonly before: unknown[] | undefined;
  readonly batch: RowBatch;
  readonly row: number;
}

type CompiledCall = CompiledAggCall;

/** The GroupAggregate operator. */
export class GroupAggregate implements StreamOperator {
  readonly name = 'GroupAggregate';
  /** Group key types, then aggregate result types. */
  readonly outputTypes: readonly SqlType[];
  private readonly calls: readonly CompiledCall[];
  private readonly keyOf: ((batch: RowBatch, row: number) => string) | undefined;
  private readonly out: RowBatchBuilder;
  private readonly pending = new Map<string, Pending>();
  /** Input rows folded since the last emit (minibatch size trigger). */
  private buffered = 0;
  /** Per aggregate: whether its result is numeric. */
  private readonly numericOut: readonly boolean[];
  private output!: Output;
  private table!: StateTable<GroupState>;

  constructor(private readonly opts: GroupAggOptions) {
    const { inputTypes, groupKeys, aggs } = opts;
    const argTypes = opts.partialInput?.localInputTypes ?? inputTypes;
    this.calls = compileAggCalls(aggs, argTypes);
    this.numericOut = aggs.map((a) => a.type.id === 'numeric');
    this.outputTypes = [...groupKeys.map((i) => inputTypes[i]!), ...aggs.map((a) => a.type)];
    this.keyOf = groupKeys.length > 0 ? makeKeyEncoder(inputTypes, groupKeys) : undefined;
    this.out = new RowBatchBuilder(this.outputTypes);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table<GroupState>(this.opts.stateTable ?? 'group-agg');
    if (!this.keyOf && this.table.get('') === undefined) {
      const st = this.fresh();
      this.table.put('', st);
      this.writeRow(RowKind.INSERT, undefined, 0, this.values(st));
      this.output.push({ kind: 'batch', batch: this.out.finish() });
    }
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        this.fold(msg.batch);
        if (!this.opts.miniBatch || this.buffered >= this.opts.miniBatch.size) this.emit();
        return;
      case 'watermark':
        return this.output.push(msg);
      case 'barrier':
        this.emit();
        return this.output.push(msg);
    }
  }

  close(): void {
    this.emit();
  }

  private fresh(): GroupState {
    return { accs: this.calls.map((c) => c.fn.createAccumulator()), rowCount: 0 };
  }

  private values(st: GroupState): unknown[] {
    const calls = this.calls;
    const v = new Array<unknown>(calls.length);
    for (let j = 0; j < calls.length; j++) v[j] = calls[j]!.fn.getValue(st.accs[j]);
    return v;
  }

  /** Folds `batch` into the pending keys (state is read once per key per minibatch). */
  private fold(batch: RowBatch): void {
    const { pending, calls, keyOf } = this;
    const partialCol = this.opts.partialInput ? this.opts.groupKeys.length : -1;
    const channel = this.opts.partialInput?.channel;
    this.buffered += batch.count;
    for (let r = 0; r < batch.count; r++) {
      const key = keyOf ? keyOf(batch, r) : '';
      let p = pending.get(key);
      if (!p) {
        const st = this.table.get(key);
        p = st ? { state: st, existed: true, before: this.values(st), batch, row: r } : { state: this.fresh(), existed: false, before: undefined, batch, row: r };
        pending.set(key, p);
      }
      const st = p.state;
      if (partialCol >= 0) {
        const bytes = batch.getVarBytes(r, partialCol);
        const [delta, accs] = channel ? channel.take(bytes) : decodePartials(bytes);
        for (let j = 0; j < calls.length; j++) st.accs[j] = calls[j]!.fn.merge(st.accs[j], accs[j]);
        st.rowCount += delta;
        continue;
      }
      const add = isAccumulate(batch.kind(r));
      if (!add && st.rowCount <= 0) continue;
      foldRow(calls, st.accs, batch, r, add);
      st.rowCount += add ? 1 : -1;
    }
  }

  /** Emits the changes of every pending key and writes its state once; clears the buffer. */
  private emit(): void {
    const { pending } = this;
    this.buffered = 0;
    if (pending.size === 0) return;
    const global = !this.keyOf;
    const emitUb = this.opts.changelog.emitUpdateBefore;
    for (const [key, p] of pending) {
      const st = p.state;
      if (st.rowCount > 0 || global) {
        const after = this.values(st);
        if (!p.existed) this.writeRow(RowKind.INSERT, p.batch, p.row, after);
        else if (!this.sameResult(p.before!, after)) {
          if (emitUb) this.writeRow(RowKind.UPDATE_BEFORE, p.batch, p.row, p.before!);
          this.writeRow(RowKind.UPDATE_AFTER, p.batch, p.row, after);
        }
        this.table.put(key, st);
      } else {
        if (p.existed) this.writeRow(RowKind.DELETE, p.batch, p.row, p.before!);
        this.table.delete(key);
      }
    }
    pending.clear();
    if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
  }

  private sameResult(a: readonly unknown[], b: readonly unknown[]): boolean {
    const types = this.outputTypes;
    const nk = this.opts.groupKeys.length;
    for (let j = 0; j < a.length; j++) {
      const x = a[j];
      const y = b[j];
      if (x === y) continue;
      if (x === null || y === null || !valuesEqual(types[nk + j]!, x, y)) return false;
      // 1.5 = 1.50, but a new display scale is a new result.
      if (this.numericOut[j] && dscaleOf(x as Decimal) !== dscaleOf(y as Decimal)) return false;
    }
    return true;
  }

  /** Appends an output row: the key columns of `batch` row `row`, then `values`. */
  private writeRow(kind: number, batch: RowBatch | undefined, row: number, values: readonly unknown[]): void {
    const out = this.out;
    const keys = this.opts.groupKeys;
    out.beginRow(kind);
    if (batch) for (let i = 0; i < keys.length; i++) out.copyField(i, batch, row, keys[i]!);
    const numeric = this.numericOut;
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      // Numeric is stored as its text: write it directly (setValue would encode through a copy).
      if (numeric[j] && v !== null) out.setString(keys.length + j, numericText(v as Decimal));
      else out.setValue(keys.length + j, v);
    }
    out.endRow();
  }
}
