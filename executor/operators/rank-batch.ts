/**
 * The per-batch bookkeeping the TopN operators share (top-n.ts, update-fast-top-n.ts): a partition
 * is loaded from state and its ranked rows recorded the first time a batch touches it; after the
 * batch, every touched partition's changes are emitted, the partition is written back once (or
 * deleted when empty), and the batch's output goes out as all retractions, then all additions, so a
 * row that moves between partitions reaches readers keyed by any upsert key as delete-then-insert.
 */
import type { SqlType } from '../../common/types.ts';
import type { RowBatch } from '../row/binary-row.ts';
import type { StateTable, StateKey } from '../state/state-backend.ts';
import type { Output } from './operator.ts';
import type { RankEmitter } from './rank-output.ts';
import type { RankRows } from './rank-rows.ts';
import { compactIfWasteful, dropView, emptyRankRows, freeRankRows, viewOf } from './rank-rows.ts';
import { StateArena } from '../state/arena.ts';

/** A partition touched by the current batch: its rows and where its ranked rows before the batch are. */
interface Touched {
  readonly rows: RankRows;
  readonly from: number;
  readonly to: number;
}

/** The partitions one batch touches, keyed by partition key ('' without partition keys). */
export class TouchedPartitions {
  private readonly touched = new Map<StateKey, Touched>();
  /**
   * Where the partitions' arrays live (executor/state/arena.ts), recycled once a batch's output is
   * pushed; `open` replaces it with a plain allocator over state that expires entries.
   */
  arena = new StateArena();

  constructor(
    private readonly types: readonly SqlType[],
    private readonly emitter: RankEmitter,
  ) {}

  /** Called from the operator's `open`: `expiring` is StateBackend.expiring of its state. */
  open(expiring: boolean): void {
    this.arena = new StateArena(!expiring);
  }

  /**
   * The rows of partition `pk` for row r of `batch`. On the batch's first touch the partition is
   * loaded from `table` (or made empty) and its ranked rows recorded; `skip(stored)` may decline a
   * partition not yet touched (returns undefined: the row cannot change it).
   */
  rowsFor(pk: StateKey, table: StateTable<RankRows>, batch: RowBatch, r: number, skip?: (stored: RankRows) => boolean): RankRows | undefined {
    const t = this.touched.get(pk);
    if (t) return t.rows;
    const stored = table.get(pk);
    if (stored) viewOf(stored, this.types);
    if (stored && skip?.(stored)) return undefined;
    const rows = stored ?? emptyRankRows(this.types, batch.offsets[r + 1]! - batch.offsets[r]!, this.arena);
    const from = this.emitter.snapshot(rows);
    this.touched.set(pk, { rows, from, to: this.emitter.mark() });
    return rows;
  }

  /**
   * Ends the batch: emits each touched partition's changes (after dropping rows past the top when
   * `prune`), writes it back or deletes it, and pushes the output, retractions first.
   */
  finish(table: StateTable<RankRows>, output: Output, prune: boolean): void {
    const e = this.emitter;
    for (const [pk, t] of this.touched) {
      if (prune) e.prune(t.rows);
      e.emit(t.rows, t.from, t.to);
      if (t.rows.size === 0) {
        table.delete(pk);
        freeRankRows(t.rows, this.arena);
        continue;
      }
      compactIfWasteful(t.rows, this.types, this.arena);
      dropView(t.rows);
      table.put(pk, t.rows);
    }
    this.touched.clear();
    e.reset();
    if (e.retractions.rowCount > 0) output.push({ kind: 'batch', batch: e.retractions.finish() });
    if (e.additions.rowCount > 0) output.push({ kind: 'batch', batch: e.additions.finish() });
    this.arena.recycle();
  }
}
