/**
 * TopN per partition with AppendFastStrategy or RetractStrategy, as Flink's AppendOnlyTopNFunction
 * and RetractableTopNFunction (one class: the state layout is the same). Per partition key the state
 * is its rows packed in one buffer with their rank order (rank-rows.ts; equal sort keys in arrival
 * order, each copy of a row its own entry):
 * - insert-only input (AppendFast): only the rows that can still rank ≤ rankEnd are kept — a row
 *   pushed out never comes back, so state stays at about rankEnd rows per partition (exactly rankEnd
 *   for ROW_NUMBER, as the TopN buffer of Flink's AppendOnlyTopNFunction); a row that sorts after a
 *   full top of ROW_NUMBERs is dropped without touching the partition's output; a retraction is an
 *   InternalError (the planner chose this strategy from the input's changelog mode);
 * - updating input (Retract): every row is kept; a retraction of a row not held is ignored.
 * The output (rank-output.ts) is computed once per partition per input batch: the ranked rows before
 * and after the batch, and the changelog between them (with or without the rank number); the batch's
 * retractions, over all its partitions, go out before its additions.
 * The global TopN of `ORDER BY … LIMIT n OFFSET m` is a ROW_NUMBER ranking of rankStart = m + 1,
 * rankEnd = m + n without partition keys.
 */
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import { InternalError, assertNever } from '../../common/errors.ts';
import type { RankType, SortKey } from '../../planner/logical/plan.ts';
import type { ChangelogMode } from '../../planner/physical/plan.ts';
import { isInsertOnly } from '../../planner/physical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, isAccumulate } from '../row/binary-row.ts';
import { makeStateKeyEncoder, makeRowComparator } from '../row/key-codec.ts';
import type { RowEquality } from '../row/row-equality.ts';
import { makeRowEquality, makeRowHasher } from '../row/row-equality.ts';
import type { StateTable, StateKey } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import type { RankSpec } from './rank-output.ts';
import { RankEmitter } from './rank-output.ts';
import type { RankRows, RowCmp } from './rank-rows.ts';
import { appendRow, insertAt, removeAt, searchRank, truncate } from './rank-rows.ts';
import { TouchedPartitions } from './rank-batch.ts';

/** Options of a TopN. */
export interface TopNOptions {
  /** Input row types. */
  readonly types: readonly SqlType[];
  /** The input's changelog mode: insert-only selects the append-only variant. */
  readonly inputMode: ChangelogMode;
  /** Partition columns (empty: one global ranking). */
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly rankType: RankType;
  /** Ranks kept, 1-based, inclusive. */
  readonly rankStart: number;
  readonly rankEnd: number;
  /** Whether output rows carry the rank (an int8 column after the input's). */
  readonly outputRankNumber: boolean;
  /** State table name (default `top-n`). */
  readonly stateTable?: string;
}

/** The output row types of a ranking over `types`. */
export function rankOutputTypes(types: readonly SqlType[], outputRankNumber: boolean): SqlType[] {
  return outputRankNumber ? [...types, T.int8] : [...types];
}


/** The TopN operator. */
export class TopN implements StreamOperator {
  readonly name = 'TopN';
  private readonly appendOnly: boolean;
  private readonly spec: RankSpec;
  private readonly types: readonly SqlType[];
  private readonly partOf: ((b: RowBatch, r: number) => StateKey) | undefined;
  private readonly cmp: RowCmp;
  private readonly eq: RowEquality;
  private readonly partitions: TouchedPartitions;
  private output!: Output;
  private table!: StateTable<RankRows>;

  constructor(private readonly opts: TopNOptions) {
    this.appendOnly = isInsertOnly(opts.inputMode);
    this.types = opts.types;
    this.spec = { types: opts.types, rankType: opts.rankType, rankStart: opts.rankStart, rankEnd: opts.rankEnd, outputRankNumber: opts.outputRankNumber };
    this.partOf = opts.partitionKeys.length > 0 ? makeStateKeyEncoder(opts.types, opts.partitionKeys) : undefined;
    this.cmp = makeRowComparator(opts.types, opts.orderKeys);
    this.eq = makeRowEquality(opts.types);
    const outTypes = rankOutputTypes(opts.types, opts.outputRankNumber);
    const emitter = new RankEmitter(this.spec, this.cmp, this.eq, makeRowHasher(opts.types), new RowBatchBuilder(outTypes), new RowBatchBuilder(outTypes));
    this.partitions = new TouchedPartitions(this.types, emitter);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'top-n');
    this.partitions.open(ctx.state.expiring);
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
      if (this.appendOnly && !isAccumulate(batch.kind(r))) throw new InternalError('append-only TopN received a retraction');
      const pk = this.partOf ? this.partOf(batch, r) : '';
      const rows = this.partitions.rowsFor(pk, this.table, batch, r, this.appendOnly ? (stored) => this.cannotEnter(stored, batch, r) : undefined);
      if (!rows) continue;
      if (this.appendOnly) this.insert(rows, batch, r);
      else this.apply(rows, batch, r);
    }
    this.partitions.finish(this.table, this.output, this.appendOnly);
  }

  /** Append-only ROW_NUMBER: true when the top is full and row r sorts at or after its last row. */
  private cannotEnter(p: RankRows, batch: RowBatch, r: number): boolean {
    if (this.spec.rankType !== 'ROW_NUMBER' || p.size < this.spec.rankEnd) return false;
    return this.cmp(p.view, p.order[p.size - 1]!, batch, r) <= 0;
  }

  /**
   * Append-only input: holds row r after its peers (ties in arrival order). A ROW_NUMBER top keeps
   * rankEnd rows as it goes: a row that would rank after them is not stored, and the row it pushes
   * out is dropped at once (its bytes stay readable for the batch's output).
   */
  private insert(p: RankRows, batch: RowBatch, r: number): void {
    const rowNumber = this.spec.rankType === 'ROW_NUMBER';
    if (rowNumber && p.size >= this.spec.rankEnd && this.cmp(p.view, p.order[this.spec.rankEnd - 1]!, batch, r) <= 0) return;
    const pos = searchRank(p, this.cmp, batch, r, true);
    insertAt(p, pos, appendRow(p, this.types, batch, r, this.partitions.arena), this.partitions.arena);
    if (rowNumber && p.size > this.spec.rankEnd) truncate(p, this.spec.rankEnd);
  }

  /** Updating input: adds a copy of row r after its peers, or removes one copy of it (if held). */
  private apply(p: RankRows, batch: RowBatch, r: number): void {
    if (isAccumulate(batch.kind(r))) {
      insertAt(p, searchRank(p, this.cmp, batch, r, true), appendRow(p, this.types, batch, r, this.partitions.arena), this.partitions.arena);
      return;
    }
    const v = p.view;
    for (let at = searchRank(p, this.cmp, batch, r, false); at < p.size && this.cmp(v, p.order[at]!, batch, r) === 0; at++) {
      if (this.eq(v, p.order[at]!, batch, r)) return removeAt(p, at);
    }
  }
}
