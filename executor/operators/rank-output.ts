/**
 * The ranked output of a top-N, shared by the TopN (append-only and retracting) and update-fast
 * operators: numbering a partition's sorted rows (ROW_NUMBER, RANK, DENSE_RANK), keeping those ranked
 * rankStart … rankEnd, and emitting the changelog from one such set to the next, as Flink's
 * AbstractTopNFunction does:
 * - with the rank number of a ROW_NUMBER: per rank position, `-U old, +U new` when the row there
 *   changed, `+I` when the position filled, `-D` when it emptied (the output's upsert key is the
 *   partition key and the rank);
 * - otherwise (no-ranking output, or RANK / DENSE_RANK numbers): the rows that left and the rows that
 *   entered; a row that is both retracted and added (its rank moved) is `-U` / `+U`, others `-D` / `+I`.
 * In both cases every retraction of an input batch (over all partitions) precedes every addition.
 */
import type { SqlType } from '../../common/types.ts';
import type { RankType } from '../../planner/logical/plan.ts';
import type { RowBatch, RowBatchBuilder } from '../row/binary-row.ts';
import { RowKind } from '../row/binary-row.ts';
import type { RowEquality, RowHasher } from '../row/row-equality.ts';
import type { RankRows, RowCmp } from './rank-rows.ts';
import { truncate } from './rank-rows.ts';

/** What the ranking keeps and emits. */
export interface RankSpec {
  /** Input row types; the output is these, then the rank (int8) when `outputRankNumber`. */
  readonly types: readonly SqlType[];
  readonly rankType: RankType;
  /** First and last rank kept, 1-based, inclusive. */
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
}

/**
 * Ranks partitions and emits their output changes over one input batch. The ranked rows of each
 * partition a batch touches are recorded (`snapshot`) before its first change, as slot and rank pairs
 * in one scratch array shared by the batch; `emit` ranks the partition again and writes the
 * difference: retractions to `retractions`, additions to `additions`. The operator pushes the first
 * builder's batch before the second's, so every retraction of a batch precedes every addition: a row
 * that moved between partitions, or up or down a partition, is retracted before it is added again,
 * whatever key a reader upserts by (the partition and rank, or the input's key).
 */
export class RankEmitter {
  private slots = new Int32Array(256);
  private ranks = new Int32Array(256);
  private n = 0;

  constructor(
    private readonly spec: RankSpec,
    private readonly cmp: RowCmp,
    private readonly eq: RowEquality,
    private readonly hash: RowHasher,
    readonly retractions: RowBatchBuilder,
    readonly additions: RowBatchBuilder,
  ) {}

  /** Records the ranked rows of `p`; returns where they start (they end at `mark()`). */
  snapshot(p: RankRows): number {
    const from = this.n;
    this.rankInto(p);
    return from;
  }

  /** The end of the scratch so far. */
  mark(): number {
    return this.n;
  }

  /** Forgets every snapshot (after the batch's changes were emitted). */
  reset(): void {
    this.n = 0;
  }

  /** Writes the changes from the ranked rows recorded at `from` … `to` to the ranked rows of `p` now. */
  emit(p: RankRows, from: number, to: number): void {
    const at = this.n;
    this.rankInto(p);
    if (this.spec.outputRankNumber && this.spec.rankType === 'ROW_NUMBER') this.byPosition(p.view, from, to, at, this.n);
    else this.byRow(p.view, from, to, at, this.n);
    this.n = at;
  }

  /**
   * Stops holding the rows that rank after rankEnd, for a state that keeps only the top (append-only
   * input, or update-fast input whose rows only move up): a ROW_NUMBER top keeps rankEnd rows at most.
   */
  prune(p: RankRows): void {
    if (this.spec.rankType === 'ROW_NUMBER') return truncate(p, this.spec.rankEnd);
    const v = p.view;
    let dense = 0;
    let rank = 0;
    for (let i = 0; i < p.size; i++) {
      if (i === 0 || this.cmp(v, p.order[i - 1]!, v, p.order[i]!) !== 0) {
        dense++;
        rank = i + 1;
      }
      if ((this.spec.rankType === 'RANK' ? rank : dense) > this.spec.rankEnd) return truncate(p, i);
    }
  }

  private push(slot: number, rank: number): void {
    if (this.n === this.slots.length) {
      const s = new Int32Array(this.n * 2);
      s.set(this.slots);
      this.slots = s;
      const r = new Int32Array(this.n * 2);
      r.set(this.ranks);
      this.ranks = r;
    }
    this.slots[this.n] = slot;
    this.ranks[this.n++] = rank;
  }

  /** Appends the rows of `p` ranked rankStart … rankEnd (ROW_NUMBER, RANK or DENSE_RANK). */
  private rankInto(p: RankRows): void {
    const { rankType, rankStart, rankEnd } = this.spec;
    const o = p.order;
    if (rankType === 'ROW_NUMBER') {
      const end = Math.min(p.size, rankEnd);
      for (let i = rankStart - 1; i < end; i++) this.push(o[i]!, i + 1);
      return;
    }
    const v = p.view;
    let rank = 0;
    let dense = 0;
    for (let i = 0; i < p.size; i++) {
      if (i === 0 || this.cmp(v, o[i - 1]!, v, o[i]!) !== 0) {
        dense++;
        rank = i + 1;
      }
      const n = rankType === 'RANK' ? rank : dense;
      if (n > rankEnd) return;
      if (n >= rankStart) this.push(o[i]!, n);
    }
  }

  /** ROW_NUMBER with its number: per rank position, -U old / +U new, -D, or +I. */
  private byPosition(v: RowBatch, bFrom: number, bTo: number, aFrom: number, aTo: number): void {
    const nb = bTo - bFrom;
    const na = aTo - aFrom;
    for (let i = 0; i < Math.max(nb, na); i++) {
      const b = i < nb ? this.slots[bFrom + i]! : -1;
      const a = i < na ? this.slots[aFrom + i]! : -1;
      if (b === a || (b >= 0 && a >= 0 && this.eq(v, b, v, a))) continue;
      const rank = this.spec.rankStart + i;
      if (b >= 0) this.write(this.retractions, a >= 0 ? RowKind.UPDATE_BEFORE : RowKind.DELETE, v, b, rank);
      if (a >= 0) this.write(this.additions, b >= 0 ? RowKind.UPDATE_AFTER : RowKind.INSERT, v, a, rank);
    }
  }

  /**
   * Otherwise: the rows (with their rank, when output) that left and that entered; a row both left
   * and entered (its rank moved) is -U / +U, others -D / +I. Rows match by slot, then by content.
   */
  private byRow(v: RowBatch, bFrom: number, bTo: number, aFrom: number, aTo: number): void {
    const ranked = this.spec.outputRankNumber;
    const s = this.slots;
    const k = this.ranks;
    const inAfter = new Map<number, number>();
    for (let j = aFrom; j < aTo; j++) inAfter.set(s[j]!, j);
    const matched = new Set<number>();
    const removed: number[] = [];
    for (let i = bFrom; i < bTo; i++) {
      const j = inAfter.get(s[i]!);
      if (j !== undefined && (!ranked || k[j] === k[i])) matched.add(j);
      else removed.push(i);
    }
    const added: number[] = [];
    for (let j = aFrom; j < aTo; j++) if (!matched.has(j)) added.push(j);
    if (removed.length === 0 && added.length === 0) return;
    // Equal rows in different slots (a row retracted and inserted again) cancel out.
    const buckets = new Map<number, number[]>();
    for (const j of added) {
      const h = this.hash(v, s[j]!);
      const list = buckets.get(h);
      if (list) list.push(j);
      else buckets.set(h, [j]);
    }
    const gone = new Set<number>();
    const same = (x: number, y: number) => this.eq(v, s[x]!, v, s[y]!);
    const left: number[] = [];
    for (const i of removed) {
      const list = buckets.get(this.hash(v, s[i]!));
      const j = list?.find((j) => !gone.has(j) && (!ranked || k[j] === k[i]) && same(i, j));
      if (j === undefined) left.push(i);
      else gone.add(j);
    }
    const entered = added.filter((j) => !gone.has(j));
    for (const i of left) {
      const moved = buckets.get(this.hash(v, s[i]!))?.some((j) => !gone.has(j) && same(i, j)) ?? false;
      this.write(this.retractions, moved ? RowKind.UPDATE_BEFORE : RowKind.DELETE, v, s[i]!, k[i]!);
    }
    for (const j of entered) {
      const moved = left.some((i) => same(i, j));
      this.write(this.additions, moved ? RowKind.UPDATE_AFTER : RowKind.INSERT, v, s[j]!, k[j]!);
    }
  }

  /** Appends stored row `slot` of `v` as an output row of `kind` (with `rank` when output). */
  private write(out: RowBatchBuilder, kind: number, v: RowBatch, slot: number, rank: number): void {
    if (!this.spec.outputRankNumber) {
      out.copyRow(v, slot, kind);
      return;
    }
    const n = this.spec.types.length;
    out.beginRow(kind);
    for (let f = 0; f < n; f++) out.copyField(f, v, slot, f);
    out.setLong(n, rank);
    out.endRow();
  }
}
