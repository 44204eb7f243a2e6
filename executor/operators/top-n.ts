/**
 * TopN per partition with AppendFastStrategy or RetractStrategy, as Flink's AppendOnlyTopNFunction
 * and RetractableTopNFunction (one class: the state layout is the same). Per partition key the state
 * is the sorted array of distinct rows with their copies (equal sort keys in arrival order):
 * - insert-only input (AppendFast): only the rows that can still rank ≤ rankEnd are kept — a row
 *   pushed out never comes back, so state stays at about rankEnd rows per partition; a row that sorts
 *   after a full top of ROW_NUMBERs is dropped without touching the partition's output; a retraction
 *   is an InternalError (the planner chose this strategy from the input's changelog mode);
 * - updating input (Retract): every row is kept; a retraction of a row not held is ignored.
 * The output (rank-output.ts) is computed once per partition per input batch: the ranked rows before
 * and after the batch, and the changelog between them (with or without the rank number).
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
import { makeKeyEncoder, makeRowComparator } from '../row/key-codec.ts';
import type { StateTable } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import type { RankEntry, RankSpec, RankedRow } from './rank-output.ts';
import { dropBeyondEnd, emitRankChanges, rankRows } from './rank-output.ts';
import { allColumns, rowView, storeRow } from './stored-row.ts';

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
  private readonly partOf: ((b: RowBatch, r: number) => string) | undefined;
  private readonly rowKeyOf: (b: RowBatch, r: number) => string;
  private readonly cmp: (a: RowBatch, ar: number, b: RowBatch, br: number) => number;
  private readonly peer: (a: RowBatch, b: RowBatch) => boolean;
  private readonly out: RowBatchBuilder;
  private readonly adds: RowBatchBuilder;
  private readonly pending = new Map<string, { entries: RankEntry[]; before: RankedRow[] }>();
  private output!: Output;
  private table!: StateTable<RankEntry[]>;

  constructor(private readonly opts: TopNOptions) {
    this.appendOnly = isInsertOnly(opts.inputMode);
    this.spec = { types: opts.types, rankType: opts.rankType, rankStart: opts.rankStart, rankEnd: opts.rankEnd, outputRankNumber: opts.outputRankNumber };
    this.partOf = opts.partitionKeys.length > 0 ? makeKeyEncoder(opts.types, opts.partitionKeys) : undefined;
    this.rowKeyOf = makeKeyEncoder(opts.types, allColumns(opts.types.length));
    this.cmp = makeRowComparator(opts.types, opts.orderKeys);
    const cmp = this.cmp;
    this.peer = (a, b) => cmp(a, 0, b, 0) === 0;
    this.out = new RowBatchBuilder(rankOutputTypes(opts.types, opts.outputRankNumber));
    this.adds = new RowBatchBuilder(rankOutputTypes(opts.types, opts.outputRankNumber));
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    this.table = ctx.state.table(this.opts.stateTable ?? 'top-n');
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
      const pk = this.partOf ? this.partOf(batch, r) : '';
      let p = this.pending.get(pk);
      if (!p) {
        const entries = this.table.get(pk) ?? [];
        if (this.appendOnly && this.cannotEnter(entries, batch, r)) continue;
        p = { entries, before: rankRows(entries, this.peer, this.spec) };
        this.pending.set(pk, p);
      }
      this.apply(p.entries, batch, r);
    }
    for (const [pk, p] of this.pending) {
      if (this.appendOnly) dropBeyondEnd(p.entries, this.peer, this.spec);
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

  /** Append-only ROW_NUMBER: true when the top is full and row r sorts at or after its last row. */
  private cannotEnter(entries: readonly RankEntry[], batch: RowBatch, r: number): boolean {
    if (this.spec.rankType !== 'ROW_NUMBER' || entries.length === 0) return false;
    let n = 0;
    for (const e of entries) n += e.count;
    return n >= this.spec.rankEnd && this.cmp(entries[entries.length - 1]!.row, 0, batch, r) <= 0;
  }

  /** Adds or removes one copy of row r in the sorted entries. */
  private apply(entries: RankEntry[], batch: RowBatch, r: number): void {
    const key = this.rowKeyOf(batch, r);
    // Binary search for the first entry not sorting before row r.
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(entries[mid]!.row, 0, batch, r) < 0) lo = mid + 1;
      else hi = mid;
    }
    // Past the peers of row r (looking for the row itself among them).
    let at = lo;
    let found = -1;
    while (at < entries.length && this.cmp(entries[at]!.row, 0, batch, r) === 0) {
      if (entries[at]!.key === key) found = at;
      at++;
    }
    if (isAccumulate(batch.kind(r))) {
      if (found >= 0) entries[found]!.count++;
      else entries.splice(at, 0, { row: rowView(this.opts.types, storeRow(batch, r)), key, count: 1 });
      return;
    }
    if (this.appendOnly) throw new InternalError('append-only TopN received a retraction');
    if (found >= 0 && --entries[found]!.count === 0) entries.splice(found, 1);
  }
}
