/**
 * GroupAggregate with retraction, as Flink's GroupAggFunction (folding within one input batch), or
 * with `miniBatch` as MiniBatchGroupAggFunction (folding across batches until `size` rows, a barrier
 * — the minibatch marker or FLUSH — or close), or with `partialInput` as the global phase of
 * two-phase aggregation (GlobalGroupAggregate: merges LocalGroupAggregate partials, from `$partials`
 * rows or, in one thread, handed over through a PartialsChannel): per group key it keeps
 * its accumulators and row count (GroupAccs) in state, accumulates +I/+U rows and retracts -U/-D rows, and emits the
 * changelog of the result rows. Output row = the group key columns (in `groupKeys` order), then one
 * column per aggregate call.
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
import { makeStateKeyEncoder, valuesEqual } from '../row/key-codec.ts';
import type { StateTable, StateKey } from '../state/state-backend.ts';
import { compileAggCalls, foldRow, mergeAccs, newGroupAccs, rowCountOf, type CompiledAggCall, type CompiledAggs, type GroupAccs } from '../aggregate/compiled-call.ts';
import { decodePartials, type LocalPartial, type PartialsChannel } from '../aggregate/partials.ts';
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
   * With `channel` (the local phase feeds this operator directly, in one thread) the partials come
   * through the channel instead (each handed-over key counts as one row toward `miniBatch.size`).
   */
  readonly partialInput?: { readonly localInputTypes: readonly SqlType[]; readonly channel?: PartialsChannel };
  /**
   * False when the input is insert-only (for a global phase: the local phase's input), so that calls
   * may keep accumulators without retraction (compileAggCalls); default true.
   */
  readonly needRetraction?: boolean;
  /** Name of the state table (default `group-agg`). */
  readonly stateTable?: string;
}

/** State per group: one accumulator per call, then the number of rows (accumulated − retracted). */
type GroupState = GroupAccs;

/**
 * A key touched by the current minibatch (row input): its state, its result before the minibatch
 * (undefined when it had no state), and a row holding its key.
 */
interface Pending {
  readonly state: GroupState;
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
  /** The calls and their shared distinct views. */
  private readonly aggs: CompiledAggs;
  private readonly keyOf: ((batch: RowBatch, row: number) => StateKey) | undefined;
  private readonly out: RowBatchBuilder;
  /** Row input: the keys touched since the last emit, their state read once. */
  private readonly pending = new Map<StateKey, Pending>();
  /**
   * Partial input (global phase): per key, the partials received since the last emit merged into
   * one (as Flink's MiniBatchGlobalGroupAggFunction bundles them); state is read at emit.
   */
  private partials = new Map<StateKey, LocalPartial>();
  /** Key columns of the rows the partials point at: the partial rows', or the local phase's input's. */
  private partialKeyCols: readonly number[];
  /** Input rows (or handed-over partials) folded since the last emit (minibatch size trigger). */
  private buffered = 0;
  /** Per aggregate: whether its result is numeric. */
  private readonly numericOut: readonly boolean[];
  private output!: Output;
  private table!: StateTable<GroupState>;

  constructor(private readonly opts: GroupAggOptions) {
    const { inputTypes, groupKeys, aggs } = opts;
    const argTypes = opts.partialInput?.localInputTypes ?? inputTypes;
    this.aggs = compileAggCalls(aggs, argTypes, opts.needRetraction ?? true);
    this.calls = this.aggs.calls;
    this.numericOut = aggs.map((a) => a.type.id === 'numeric');
    this.outputTypes = [...groupKeys.map((i) => inputTypes[i]!), ...aggs.map((a) => a.type)];
    this.keyOf = groupKeys.length > 0 ? makeStateKeyEncoder(inputTypes, groupKeys) : undefined;
    this.out = new RowBatchBuilder(this.outputTypes);
    this.partialKeyCols = groupKeys;
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table<GroupState>(this.opts.stateTable ?? 'group-agg');
    this.opts.partialInput?.channel?.connect((partials, cols) => this.takeHandedOver(partials, cols));
    if (!this.keyOf && this.table.get('') === undefined) {
      const st = this.fresh();
      this.table.put('', st);
      this.writeRow(RowKind.INSERT, undefined, 0, this.opts.groupKeys, this.values(st));
      this.output.push({ kind: 'batch', batch: this.out.finish() });
    }
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        if (this.opts.partialInput) this.foldPartialRows(msg.batch);
        else this.fold(msg.batch);
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
    return newGroupAccs(this.aggs);
  }

  private values(st: GroupState): unknown[] {
    const calls = this.calls;
    const v = new Array<unknown>(calls.length);
    for (let j = 0; j < calls.length; j++) v[j] = calls[j]!.fn.getValue(st[j]);
    return v;
  }

  /** Folds `batch` into the pending keys (state is read once per key per minibatch). */
  private fold(batch: RowBatch): void {
    const { pending, aggs, keyOf } = this;
    this.buffered += batch.count;
    for (let r = 0; r < batch.count; r++) {
      const key = keyOf ? keyOf(batch, r) : '';
      let p = pending.get(key);
      if (!p) {
        const st = this.table.get(key);
        // One object literal for both cases: a second site, first reached once keys repeat, would deoptimize the loop.
        p = { state: st ?? this.fresh(), before: st ? this.values(st) : undefined, batch, row: r };
        pending.set(key, p);
      }
      const st = p.state;
      const add = isAccumulate(batch.kind(r));
      if (!add && rowCountOf(st) <= 0) continue;
      foldRow(aggs, st, batch, r, add);
    }
  }

  /** Global phase, partial rows (`$partials` serialized, across an exchange): merged per key until emit. */
  private foldPartialRows(batch: RowBatch): void {
    const partials = this.partials;
    const keyOf = this.keyOf!;
    const col = this.opts.groupKeys.length;
    this.buffered += batch.count;
    for (let r = 0; r < batch.count; r++) {
      const key = keyOf(batch, r);
      const accs = decodePartials(batch.getVarBytes(r, col));
      const p = partials.get(key);
      // Partial rows always carry accumulators (only the in-thread handoff passes single rows).
      if (p) mergeAccs(this.aggs, p.accs!, accs);
      else partials.set(key, { accs, batch, row: r });
    }
  }

  /**
   * Global phase, in one thread: takes one minibatch of the local phase's partials (PartialsChannel;
   * its keys are the same encoding of the same key columns, so they are state keys as they are) and
   * returns an empty map for the local phase to go on with. With nothing pending, the map itself
   * becomes the pending one; else its partials are merged in. Emits when `size` keys are buffered.
   */
  private takeHandedOver(partials: Map<StateKey, LocalPartial>, cols: readonly number[]): Map<StateKey, LocalPartial> {
    this.partialKeyCols = cols;
    this.buffered += partials.size;
    let back: Map<StateKey, LocalPartial>;
    if (this.partials.size === 0) {
      back = this.partials;
      this.partials = partials;
    } else {
      const mine = this.partials;
      for (const [key, lp] of partials) {
        const p = mine.get(key);
        if (!p) mine.set(key, lp);
        else if (p.accs) this.absorb(p.accs, lp);
        else {
          const accs = this.fresh();
          this.foldOne(accs, p.batch, p.row);
          this.absorb(accs, lp);
          mine.set(key, { accs, batch: p.batch, row: p.row });
        }
      }
      partials.clear();
      back = partials;
    }
    if (this.buffered >= (this.opts.miniBatch?.size ?? 0)) this.emit();
    return back;
  }

  /** Emits the changes of every pending key and writes its state once; clears the buffer. */
  private emit(): void {
    this.buffered = 0;
    if (this.opts.partialInput) return this.emitPartials();
    const { pending } = this;
    if (pending.size === 0) return;
    const cols = this.opts.groupKeys;
    for (const [key, p] of pending) this.emitKey(key, p.state, p.before, p.batch, p.row, cols);
    pending.clear();
    if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
  }

  /**
   * Global phase: merges each key's partial into its state (read here, once per key per minibatch);
   * a key without state adopts the partial's accumulators (merging them into fresh ones gives the same).
   */
  private emitPartials(): void {
    const { partials } = this;
    if (partials.size === 0) return;
    const cols = this.partialKeyCols;
    for (const [key, p] of partials) {
      let st = this.table.get(key);
      let before: unknown[] | undefined;
      if (st) {
        before = this.values(st);
        this.absorb(st, p);
      } else if (p.accs) st = p.accs;
      else {
        st = this.fresh();
        this.foldOne(st, p.batch, p.row);
      }
      this.emitKey(key, st, before, p.batch, p.row, cols);
    }
    partials.clear();
    if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
  }

  /** Global phase: adds a handed-over partial to accumulators `into`, merging its accumulators or folding its one row. */
  private absorb(into: GroupState, p: LocalPartial): void {
    if (p.accs) mergeAccs(this.aggs, into, p.accs);
    else this.foldOne(into, p.batch, p.row);
  }

  /**
   * Folds row `row` of `batch` (the local phase's input) into `st`, as the local phase would have
   * folded it into fresh accumulators that are then merged: a retraction applies even when `st`
   * (pending partials) counts no rows.
   */
  private foldOne(st: GroupState, batch: RowBatch, row: number): void {
    foldRow(this.aggs, st, batch, row, isAccumulate(batch.kind(row)));
  }

  /**
   * The changes of one key whose state is now `st` and whose result before was `before` (undefined:
   * no state before); writes or deletes its state. `batch` row `row` holds the key in columns `cols`.
   */
  private emitKey(key: StateKey, st: GroupState, before: unknown[] | undefined, batch: RowBatch, row: number, cols: readonly number[]): void {
    if (rowCountOf(st) > 0 || !this.keyOf) {
      const after = this.values(st);
      if (!before) this.writeRow(RowKind.INSERT, batch, row, cols, after);
      else if (!this.sameResult(before, after)) {
        if (this.opts.changelog.emitUpdateBefore) this.writeRow(RowKind.UPDATE_BEFORE, batch, row, cols, before);
        this.writeRow(RowKind.UPDATE_AFTER, batch, row, cols, after);
      }
      this.table.put(key, st);
    } else {
      if (before) this.writeRow(RowKind.DELETE, batch, row, cols, before);
      this.table.delete(key);
    }
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

  /** Appends an output row: the key columns `cols` of `batch` row `row` (none without a batch), then `values`. */
  private writeRow(kind: number, batch: RowBatch | undefined, row: number, cols: readonly number[], values: readonly unknown[]): void {
    const out = this.out;
    const nk = cols.length;
    out.beginRow(kind);
    if (batch) for (let i = 0; i < nk; i++) out.copyField(i, batch, row, cols[i]!);
    const numeric = this.numericOut;
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      // Numeric is stored as its text: write it directly (setValue would encode through a copy).
      if (numeric[j] && v !== null) out.setString(nk + j, numericText(v as Decimal));
      else out.setValue(nk + j, v);
    }
    out.endRow();
  }
}
