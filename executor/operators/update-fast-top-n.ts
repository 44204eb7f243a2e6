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
import { makeKeyEncoder, makeRowComparator } from '../row/key-codec.ts';
import type { StateTable } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import type { RankEntry, RankSpec, RankedRow } from './rank-output.ts';
import { dropBeyondEnd, emitRankChanges, rankRows } from './rank-output.ts';
import { allColumns, rowView, storeRow } from './stored-row.ts';
import { rankOutputTypes } from './top-n.ts';

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

/** A top row and its upsert key. */
interface KeyedEntry extends RankEntry {
  readonly upsertKey: string;
}

/** The update-fast TopN operator. */
export class UpdateFastTopN implements StreamOperator {
  readonly name = 'UpdateFastTopN';
  private readonly spec: RankSpec;
  private readonly partOf: ((b: RowBatch, r: number) => string) | undefined;
  private readonly upsertKeyOf: (b: RowBatch, r: number) => string;
  private readonly rowKeyOf: (b: RowBatch, r: number) => string;
  private readonly cmp: (a: RowBatch, ar: number, b: RowBatch, br: number) => number;
  private readonly peer: (a: RowBatch, b: RowBatch) => boolean;
  private readonly out: RowBatchBuilder;
  private readonly adds: RowBatchBuilder;
  private readonly pending = new Map<string, { entries: KeyedEntry[]; before: RankedRow[] }>();
  private output!: Output;
  private table!: StateTable<KeyedEntry[]>;

  constructor(private readonly opts: UpdateFastTopNOptions) {
    this.spec = { types: opts.types, rankType: opts.rankType, rankStart: opts.rankStart, rankEnd: opts.rankEnd, outputRankNumber: opts.outputRankNumber };
    this.partOf = opts.partitionKeys.length > 0 ? makeKeyEncoder(opts.types, opts.partitionKeys) : undefined;
    this.upsertKeyOf = makeKeyEncoder(opts.types, opts.upsertKey);
    this.rowKeyOf = makeKeyEncoder(opts.types, allColumns(opts.types.length));
    const cmp = makeRowComparator(opts.types, opts.orderKeys);
    this.cmp = cmp;
    this.peer = (a, b) => cmp(a, 0, b, 0) === 0;
    this.out = new RowBatchBuilder(rankOutputTypes(opts.types, opts.outputRankNumber));
    this.adds = new RowBatchBuilder(rankOutputTypes(opts.types, opts.outputRankNumber));
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'update-fast-top-n');
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
      let p = this.pending.get(pk);
      if (!p) {
        const entries = this.table.get(pk) ?? [];
        p = { entries, before: rankRows(entries, this.peer, this.spec) };
        this.pending.set(pk, p);
      }
      this.apply(p.entries, batch, r);
    }
    for (const [pk, p] of this.pending) {
      dropBeyondEnd(p.entries, this.peer, this.spec);
      emitRankChanges(p.before, rankRows(p.entries, this.peer, this.spec), this.spec, this.out, this.adds);
      if (p.entries.length > 0) this.table.put(pk, p.entries);
      else this.table.delete(pk);
    }
    this.pending.clear();
    if (this.adds.rowCount > 0) {
      const adds = this.adds.finish();
      for (let r = 0; r < adds.count; r++) this.out.copyRow(adds, r);
    }
    if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
  }

  /** Replaces, enters or removes the row of row r's upsert key. */
  private apply(entries: KeyedEntry[], batch: RowBatch, r: number): void {
    const uk = this.upsertKeyOf(batch, r);
    const old = entries.findIndex((e) => e.upsertKey === uk);
    if (old >= 0) entries.splice(old, 1);
    if (!isAccumulate(batch.kind(r))) return;
    let at = 0;
    while (at < entries.length && this.cmp(entries[at]!.row, 0, batch, r) <= 0) at++;
    if (at >= this.spec.rankEnd && this.spec.rankType === 'ROW_NUMBER') return;
    entries.splice(at, 0, { row: rowView(this.opts.types, storeRow(batch, r)), key: this.rowKeyOf(batch, r), count: 1, upsertKey: uk });
  }
}
