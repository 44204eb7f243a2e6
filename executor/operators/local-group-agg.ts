/**
 * LocalGroupAggregate, the first phase of two-phase aggregation (Flink's
 * MiniBatchLocalGroupAggFunction): folds the rows of a minibatch into fresh accumulators per group
 * key — accumulate for +I/+U, retract for -U/-D — without state (keys found in place, without a key
 * string per row: executor/aggregate/partial-table.ts), and at the end of the minibatch
 * (`size` rows buffered, a barrier, or close) emits one +I row per key: the group key columns, then
 * a bytea `$partials` field (executor/aggregate/partials.ts) that the GlobalGroupAggregate (a
 * GroupAggregate with `partialInput`) merges into its state. With a `channel` (the global phase
 * reads this one directly, in the same thread) it emits no rows: it hands its per-key partials
 * over through the channel instead, then forwards the barrier. The planner only chooses two phases
 * for calls whose accumulators merge correctly (planner/physical/to-physical.ts).
 *
 * DISTINCT calls (insert-only input, parallel jobs) carry the minibatch's new values in their
 * distinct views. With `forwardDistinctOnce` the operator also remembers, per hot group key (one
 * that folded at least HOT_KEY_ROWS rows in a minibatch) and view, which values it has handed over
 * for which calls, and skips a row's value every passing call has already sent: insert-only counts distinct values by their first arrival, so the global phase
 * (one worker for a hot key, as Nexmark q15's day) merges each value about once per worker rather
 * than once per row. That memory is a cache, not state: a restore starts it empty and only sends
 * more. It grows with the distinct values, as the global phase's state does.
 */
import type { StateKey } from '../state/state-backend.ts';
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeStateKeyEncoder } from '../row/key-codec.ts';
import { compileAggCalls, foldRow, foldRowOnce, newGroupAccs, type CompiledAggs, type GroupAccs } from '../aggregate/compiled-call.ts';
import { MAX_FORWARDED_MEMBERS, type ForwardedValues } from '../aggregate/distinct-view.ts';
import { encodePartials, type LocalPartial, type PartialsChannel } from '../aggregate/partials.ts';
import { partialsTable, type KeyedPartials } from '../aggregate/partial-table.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';

/** A key's accumulators in the table until its second row in a minibatch (`fold`); never written. */
const UNFOLDED: GroupAccs = Object.freeze([]) as unknown as GroupAccs;

/** Rows of one key in one minibatch that make it hot: its distinct values are remembered once forwarded. */
const HOT_KEY_ROWS = 16;

/** Options of a LocalGroupAggregate. */
export interface LocalGroupAggOptions {
  readonly inputTypes: readonly SqlType[];
  /** Input columns forming the group key (non-empty). */
  readonly groupKeys: readonly number[];
  /** Mergeable calls without ORDER BY; DISTINCT only over insert-only input. */
  readonly aggs: readonly AggCall[];
  /** Emit after this many buffered rows (besides barriers and close). */
  readonly miniBatchSize: number;
  /** In-thread handoff to the global phase when nothing separates them (no exchange); else serialized. */
  readonly channel?: PartialsChannel;
  /** False when the input is insert-only: calls may use accumulators without retraction (compileAggCalls). */
  readonly needRetraction?: boolean;
  /**
   * Hand each distinct value over once per group and call (see the file comment). Only for
   * insert-only input whose global state never expires (no state TTL); ignored when a distinct
   * view has more than MAX_FORWARDED_MEMBERS calls.
   */
  readonly forwardDistinctOnce?: boolean;
}

/** The LocalGroupAggregate operator. */
export class LocalGroupAggregate implements StreamOperator {
  readonly name = 'LocalGroupAggregate';
  /** Group key types, then `$partials` (bytea); with a channel no rows are emitted. */
  readonly outputTypes: readonly SqlType[];
  private readonly aggs: CompiledAggs;
  private readonly keyOf: (batch: RowBatch, row: number) => StateKey;
  private readonly out: RowBatchBuilder;
  /** The keys of the current minibatch and their partials. */
  private readonly table: KeyedPartials;
  /** The map handed to the global phase (channel only), returned empty by it. */
  private handoff = new Map<StateKey, LocalPartial>();
  /** forwardDistinctOnce: per hot group key, one ForwardedValues per distinct view; undefined when off. */
  private readonly forwarded: Map<StateKey, ForwardedValues[]> | undefined;
  /** Per entry of `table` (this minibatch): its key's ForwardedValues, or null when the key is not hot. */
  private readonly entryForwarded: (ForwardedValues[] | null)[] = [];
  /** Per entry of `table`: rows folded in this minibatch (a key of one row hands over the row). */
  private readonly entryRows: number[] = [];
  private buffered = 0;
  private output!: Output;

  constructor(private readonly opts: LocalGroupAggOptions) {
    const { inputTypes, groupKeys, aggs } = opts;
    this.aggs = compileAggCalls(aggs, inputTypes, opts.needRetraction ?? true);
    this.outputTypes = [...groupKeys.map((k) => inputTypes[k]!), T.bytea];
    this.keyOf = makeStateKeyEncoder(inputTypes, groupKeys);
    this.out = new RowBatchBuilder(this.outputTypes);
    const compiled = this.aggs;
    this.table = partialsTable(inputTypes, groupKeys, this.keyOf, () => UNFOLDED);
    const views = compiled.views;
    const once = opts.forwardDistinctOnce === true && views.length > 0 && views.every((v) => v.members.length <= MAX_FORWARDED_MEMBERS);
    this.forwarded = once ? new Map() : undefined;
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
  }

  process(msg: StreamMessage, _input: number): void {
    switch (msg.kind) {
      case 'batch':
        this.fold(msg.batch);
        if (this.buffered >= this.opts.miniBatchSize) this.emit();
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

  /**
   * Folds `batch` into the minibatch's keys. A key's first row is not folded when it comes: the
   * key's entry holds UNFOLDED until a second row arrives, and a key that gets no second row hands
   * over the row itself (emit), so a key seen once per minibatch costs no accumulators here.
   */
  private fold(batch: RowBatch): void {
    const { table, forwarded, entryRows: counts, entryForwarded: entries } = this;
    this.buffered += batch.count;
    for (let r = 0; r < batch.count; r++) {
      let accs = table.accsFor(batch, r);
      const e = table.last;
      if (e === counts.length) {
        counts.push(1);
        // The key's memory of forwarded values, if it is hot (one key encoding per key and minibatch).
        if (forwarded) entries.push(forwarded.get(this.keyOf(batch, r)) ?? null);
        continue;
      }
      if (counts[e]!++ === 1) accs = this.foldFirstRow(e);
      this.foldInto(accs, e, batch, r);
    }
  }

  /** Gives entry `e` its accumulators, with its first row folded in. */
  private foldFirstRow(e: number): GroupAccs {
    const { table } = this;
    const accs = newGroupAccs(this.aggs);
    table.setAccs(e, accs);
    this.foldInto(accs, e, table.batches[e]!, table.rows[e]!);
    return accs;
  }

  /** Folds row r of `batch` into entry `e`'s accumulators (each distinct value once when its key is hot). */
  private foldInto(accs: GroupAccs, e: number, batch: RowBatch, r: number): void {
    const f = this.forwarded ? this.entryForwarded[e] : null;
    if (f) foldRowOnce(this.aggs, accs, batch, r, f);
    else foldRow(this.aggs, accs, batch, r, isAccumulate(batch.kind(r)));
  }

  /**
   * Gives the keys that folded at least HOT_KEY_ROWS rows in this minibatch a memory of forwarded
   * values from the next one on. A key with fewer rows per minibatch repeats few values, and
   * remembering them would only copy the global phase's state into every worker.
   */
  private rememberHotKeys(): void {
    const { table, entryForwarded, entryRows } = this;
    for (let e = 0; e < entryRows.length; e++) {
      if (entryForwarded[e] || entryRows[e]! < HOT_KEY_ROWS) continue;
      this.forwarded!.set(this.keyOf(table.batches[e]!, table.rows[e]!), this.aggs.views.map((): ForwardedValues => new Map()));
    }
    entryForwarded.length = 0;
  }

  private emit(): void {
    this.buffered = 0;
    if (this.forwarded) this.rememberHotKeys();
    const { table } = this;
    const n = table.size;
    if (n === 0) return;
    const keys = this.opts.groupKeys;
    const { batches, rows, accs } = table;
    const counts = this.entryRows;
    if (this.opts.channel) {
      // One key string per key and minibatch: the global phase's state key. A key of one row hands
      // over the row itself (LocalPartial with null accumulators).
      const m = this.handoff;
      for (let e = 0; e < n; e++) m.set(this.keyOf(batches[e]!, rows[e]!), { accs: counts[e] === 1 ? null : accs[e]!, batch: batches[e]!, row: rows[e]! });
      counts.length = 0;
      table.clear();
      this.handoff = this.opts.channel.deliver(m, keys);
      return;
    }
    const out = this.out;
    for (let e = 0; e < n; e++) {
      if (counts[e] === 1) this.foldFirstRow(e);
      out.beginRow(RowKind.INSERT);
      for (let i = 0; i < keys.length; i++) out.copyField(i, batches[e]!, rows[e]!, keys[i]!);
      out.setValue(keys.length, encodePartials(accs[e]!));
      out.endRow();
    }
    counts.length = 0;
    table.clear();
    this.output.push({ kind: 'batch', batch: out.finish() });
  }
}
