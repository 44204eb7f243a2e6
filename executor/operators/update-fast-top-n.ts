/**
 * TopN with UpdateFastStrategy, as Flink's UpdatableTopNFunction: for updating input whose upsert
 * key contains the partition key and whose sort key only moves a row towards the top (count(*) or
 * max(x) of an aggregation over insert-only input, ordered DESC). Per partition the state is the top
 * rows only, each with its upsert key: +I/+U replaces the row of its upsert key (or enters it, pushing
 * the last row out), -U is ignored (the +U that follows carries the change), -D removes the row. A
 * row that left the top is forgotten — correct only because it can only come back with a +U that
 * ranks it higher, which is what the planner's monotonicity analysis established; a -D of a row in
 * the top leaves the top short (the rows below it were not kept), as in Flink.
 * Output as the other TopN (rank-output.ts), once per partition per input batch.
 */
import type { SqlType } from '../../common/types.ts';
import { assertNever } from '../../common/errors.ts';
import type { RankType, SortKey } from '../../planner/logical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeStateKeyEncoder, makeRowComparator } from '../row/key-codec.ts';
import type { RowEquality } from '../row/row-equality.ts';
import { makeRowEquality, makeRowHasher } from '../row/row-equality.ts';
import type { StateTable, StateKey } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import type { RankSpec } from './rank-output.ts';
import { RankEmitter } from './rank-output.ts';
import type { RankRows, RowCmp } from './rank-rows.ts';
import { appendRow, insertAt, removeAt, searchRank } from './rank-rows.ts';
import { rankOutputTypes } from './top-n.ts';
import { TouchedPartitions } from './rank-batch.ts';

/** Options of an UpdateFastTopN. */
export interface UpdateFastTopNOptions {
  readonly types: readonly SqlType[];
  readonly partitionKeys: readonly number[];
  /** The input's upsert key (contains the partition key). */
  readonly upsertKey: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly rankType: RankType;
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
  /** State table name (default `update-fast-top-n`). */
  readonly stateTable?: string;
}

/** The update-fast TopN operator. */
export class UpdateFastTopN implements StreamOperator {
  readonly name = 'UpdateFastTopN';
  private readonly spec: RankSpec;
  private readonly types: readonly SqlType[];
  private readonly partOf: ((b: RowBatch, r: number) => StateKey) | undefined;
  private readonly sameKey: RowEquality;
  private readonly cmp: RowCmp;
  private readonly partitions: TouchedPartitions;
  private output!: Output;
  private table!: StateTable<RankRows>;

  constructor(private readonly opts: UpdateFastTopNOptions) {
    this.spec = { types: opts.types, rankType: opts.rankType, rankStart: opts.rankStart, rankEnd: opts.rankEnd, outputRankNumber: opts.outputRankNumber };
    this.types = opts.types;
    this.partOf = opts.partitionKeys.length > 0 ? makeStateKeyEncoder(opts.types, opts.partitionKeys) : undefined;
    this.sameKey = makeRowEquality(opts.types, opts.upsertKey);
    this.cmp = makeRowComparator(opts.types, opts.orderKeys);
    const outTypes = rankOutputTypes(opts.types, opts.outputRankNumber);
    const emitter = new RankEmitter(this.spec, this.cmp, makeRowEquality(opts.types), makeRowHasher(opts.types), new RowBatchBuilder(outTypes), new RowBatchBuilder(outTypes));
    this.partitions = new TouchedPartitions(this.types, emitter);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'update-fast-top-n');
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
      if (batch.kind(r) === RowKind.UPDATE_BEFORE) continue;
      const pk = this.partOf ? this.partOf(batch, r) : '';
      this.apply(this.partitions.rowsFor(pk, this.table, batch, r)!, batch, r);
    }
    this.partitions.finish(this.table, this.output, true);
  }

  /** Replaces, enters or removes the row of row r's upsert key. */
  private apply(p: RankRows, batch: RowBatch, r: number): void {
    for (let i = 0; i < p.size; i++) {
      if (this.sameKey(p.view, p.order[i]!, batch, r)) {
        removeAt(p, i);
        break;
      }
    }
    if (!isAccumulate(batch.kind(r))) return;
    const at = searchRank(p, this.cmp, batch, r, true);
    if (at >= this.spec.rankEnd && this.spec.rankType === 'ROW_NUMBER') return;
    insertAt(p, at, appendRow(p, this.types, batch, r, this.partitions.arena), this.partitions.arena);
  }
}
