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
 */
import type { StateKey } from '../state/state-backend.ts';
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeStateKeyEncoder } from '../row/key-codec.ts';
import { compileAggCalls, foldRow, newGroupAccs, type CompiledAggs } from '../aggregate/compiled-call.ts';
import { encodePartials, type LocalPartial, type PartialsChannel } from '../aggregate/partials.ts';
import { partialsTable, type KeyedPartials } from '../aggregate/partial-table.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';

/** Options of a LocalGroupAggregate. */
export interface LocalGroupAggOptions {
  readonly inputTypes: readonly SqlType[];
  /** Input columns forming the group key (non-empty). */
  readonly groupKeys: readonly number[];
  /** Mergeable calls without DISTINCT or ORDER BY. */
  readonly aggs: readonly AggCall[];
  /** Emit after this many buffered rows (besides barriers and close). */
  readonly miniBatchSize: number;
  /** In-thread handoff to the global phase when nothing separates them (no exchange); else serialized. */
  readonly channel?: PartialsChannel;
  /** False when the input is insert-only: calls may use accumulators without retraction (compileAggCalls). */
  readonly needRetraction?: boolean;
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
  private buffered = 0;
  private output!: Output;

  constructor(private readonly opts: LocalGroupAggOptions) {
    const { inputTypes, groupKeys, aggs } = opts;
    this.aggs = compileAggCalls(aggs, inputTypes, opts.needRetraction ?? true);
    this.outputTypes = [...groupKeys.map((k) => inputTypes[k]!), T.bytea];
    this.keyOf = makeStateKeyEncoder(inputTypes, groupKeys);
    this.out = new RowBatchBuilder(this.outputTypes);
    const compiled = this.aggs;
    this.table = partialsTable(inputTypes, groupKeys, this.keyOf, () => newGroupAccs(compiled));
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

  private fold(batch: RowBatch): void {
    const { table, aggs } = this;
    this.buffered += batch.count;
    for (let r = 0; r < batch.count; r++) foldRow(aggs, table.accsFor(batch, r), batch, r, isAccumulate(batch.kind(r)));
  }

  private emit(): void {
    this.buffered = 0;
    const { table } = this;
    const n = table.size;
    if (n === 0) return;
    const keys = this.opts.groupKeys;
    const { batches, rows, accs } = table;
    if (this.opts.channel) {
      // One key string per key and minibatch: the global phase's state key.
      const m = this.handoff;
      for (let e = 0; e < n; e++) m.set(this.keyOf(batches[e]!, rows[e]!), { accs: accs[e]!, batch: batches[e]!, row: rows[e]! });
      table.clear();
      this.handoff = this.opts.channel.deliver(m, keys);
      return;
    }
    const out = this.out;
    for (let e = 0; e < n; e++) {
      out.beginRow(RowKind.INSERT);
      for (let i = 0; i < keys.length; i++) out.copyField(i, batches[e]!, rows[e]!, keys[i]!);
      out.setValue(keys.length, encodePartials(accs[e]!));
      out.endRow();
    }
    table.clear();
    this.output.push({ kind: 'batch', batch: out.finish() });
  }
}
