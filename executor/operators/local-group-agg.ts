/**
 * LocalGroupAggregate, the first phase of two-phase aggregation (Flink's
 * MiniBatchLocalGroupAggFunction): folds the rows of a minibatch into fresh accumulators per group
 * key — accumulate for +I/+U, retract for -U/-D — without state, and at the end of the minibatch
 * (`size` rows buffered, a barrier, or close) emits one +I row per key: the group key columns, then
 * a bytea `$partials` field (executor/aggregate/partials.ts) that the GlobalGroupAggregate (a
 * GroupAggregate with `partialInput`) merges into its state. The planner only chooses two phases
 * for calls whose accumulators merge correctly (planner/physical/to-physical.ts).
 */
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeKeyEncoder } from '../row/key-codec.ts';
import type { AggregateFunction } from '../aggregate/index.ts';
import { compileAggCalls, foldRow, type CompiledAggCall } from '../aggregate/compiled-call.ts';
import { encodePartials, type PartialsChannel } from '../aggregate/partials.ts';
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
}

interface Partial {
  readonly accs: unknown[];
  rowDelta: number;
  readonly batch: RowBatch;
  readonly row: number;
}

type LocalCall = CompiledAggCall;

/** The LocalGroupAggregate operator. */
export class LocalGroupAggregate implements StreamOperator {
  readonly name = 'LocalGroupAggregate';
  /** Group key types, then `$partials` (bytea). */
  readonly outputTypes: readonly SqlType[];
  private readonly calls: readonly LocalCall[];
  private readonly keyOf: (batch: RowBatch, row: number) => string;
  private readonly out: RowBatchBuilder;
  private readonly partials = new Map<string, Partial>();
  private buffered = 0;
  private output!: Output;

  constructor(private readonly opts: LocalGroupAggOptions) {
    const { inputTypes, groupKeys, aggs } = opts;
    this.calls = compileAggCalls(aggs, inputTypes);
    this.outputTypes = [...groupKeys.map((k) => inputTypes[k]!), T.bytea];
    this.keyOf = makeKeyEncoder(inputTypes, groupKeys);
    this.out = new RowBatchBuilder(this.outputTypes);
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
    const { partials, calls } = this;
    this.buffered += batch.count;
    for (let r = 0; r < batch.count; r++) {
      const key = this.keyOf(batch, r);
      let p = partials.get(key);
      if (!p) {
        p = { accs: calls.map((c) => c.fn.createAccumulator()), rowDelta: 0, batch, row: r };
        partials.set(key, p);
      }
      const add = isAccumulate(batch.kind(r));
      foldRow(calls, p.accs, batch, r, add);
      p.rowDelta += add ? 1 : -1;
    }
  }

  private emit(): void {
    this.buffered = 0;
    if (this.partials.size === 0) return;
    const out = this.out;
    const keys = this.opts.groupKeys;
    for (const p of this.partials.values()) {
      out.beginRow(RowKind.INSERT);
      for (let i = 0; i < keys.length; i++) out.copyField(i, p.batch, p.row, keys[i]!);
      out.setValue(keys.length, this.opts.channel ? this.opts.channel.put(p.rowDelta, p.accs) : encodePartials(p.rowDelta, p.accs));
      out.endRow();
    }
    this.partials.clear();
    this.output.push({ kind: 'batch', batch: out.finish() });
  }
}
