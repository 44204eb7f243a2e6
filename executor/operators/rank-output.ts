/**
 * The ranked output of a top-N, shared by the TopN (append-only and retracting) and update-fast
 * operators: numbering a partition's sorted rows (ROW_NUMBER, RANK, DENSE_RANK), keeping those ranked
 * rankStart … rankEnd, and emitting the changelog from one such set to the next, as Flink's
 * AbstractTopNFunction does:
 * - with the rank number of a ROW_NUMBER: per rank position, `-U old, +U new` when the row there
 *   changed, `+I` when the position filled, `-D` when it emptied (the output's upsert key is the
 *   partition key and the rank);
 * - otherwise (no-ranking output, or RANK / DENSE_RANK numbers): every retraction first, then every
 *   addition; a row that is both retracted and added (its rank moved) is `-U` / `+U`, others `-D` / `+I`.
 */
import type { SqlType } from '../../common/types.ts';
import type { RankType } from '../../planner/logical/plan.ts';
import type { RowBatch, RowBatchBuilder } from '../row/binary-row.ts';
import { RowKind } from '../row/binary-row.ts';

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

/** A stored row of a partition: a one-row batch over its bytes, its whole-row key and copies. */
export interface RankEntry {
  readonly row: RowBatch;
  readonly key: string;
  count: number;
}

/** A row of the ranked output. */
export interface RankedRow {
  readonly row: RowBatch;
  readonly key: string;
  readonly rank: number;
}

/**
 * The rows of `sorted` (in rank order; `peer` says whether two neighbours sort equal) ranked
 * rankStart … rankEnd. Each copy of a row counts as a row.
 */
export function rankRows(sorted: readonly RankEntry[], peer: (a: RowBatch, b: RowBatch) => boolean, spec: RankSpec): RankedRow[] {
  const out: RankedRow[] = [];
  let position = 0;
  let rank = 0;
  let dense = 0;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    const newGroup = i === 0 || !peer(sorted[i - 1]!.row, e.row);
    if (newGroup) dense++;
    for (let c = 0; c < e.count; c++) {
      position++;
      if (newGroup && c === 0) rank = position;
      const n = spec.rankType === 'ROW_NUMBER' ? position : spec.rankType === 'RANK' ? rank : dense;
      if (n > spec.rankEnd) return out;
      if (n >= spec.rankStart) out.push({ row: e.row, key: e.key, rank: n });
    }
  }
  return out;
}

/** Appends one output row of `kind` to `out`. */
export function writeRanked(out: RowBatchBuilder, spec: RankSpec, kind: number, r: RankedRow): void {
  if (!spec.outputRankNumber) {
    out.copyRow(r.row, 0, kind);
    return;
  }
  const n = spec.types.length;
  out.beginRow(kind);
  for (let f = 0; f < n; f++) out.copyField(f, r.row, 0, f);
  out.setLong(n, r.rank);
  out.endRow();
}

/**
 * Emits the changelog that turns output `before` into `after` (see the file comment): retractions
 * (-U, -D) to `out`, additions (+U, +I) to `adds`.
 */
export function emitRankChanges(before: readonly RankedRow[], after: readonly RankedRow[], spec: RankSpec, out: RowBatchBuilder, adds: RowBatchBuilder): void {
  if (spec.outputRankNumber && spec.rankType === 'ROW_NUMBER') {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const b = before[i];
      const a = after[i];
      if (b && a) {
        if (b.key === a.key) continue;
        writeRanked(out, spec, RowKind.UPDATE_BEFORE, b);
        writeRanked(adds, spec, RowKind.UPDATE_AFTER, a);
      } else if (b) writeRanked(out, spec, RowKind.DELETE, b);
      else if (a) writeRanked(adds, spec, RowKind.INSERT, a);
    }
    return;
  }
  const id = spec.outputRankNumber ? (r: RankedRow) => `${r.rank}|${r.key}` : (r: RankedRow) => r.key;
  const left = new Map<string, number>();
  for (const a of after) left.set(id(a), (left.get(id(a)) ?? 0) + 1);
  const removed: RankedRow[] = [];
  for (const b of before) {
    const k = id(b);
    const c = left.get(k) ?? 0;
    if (c > 0) left.set(k, c - 1);
    else removed.push(b);
  }
  const added: RankedRow[] = [];
  for (const a of after) {
    const k = id(a);
    const c = left.get(k) ?? 0;
    if (c > 0) {
      left.set(k, c - 1);
      added.push(a);
    }
  }
  if (removed.length === 0 && added.length === 0) return;
  const addedKeys = new Set(added.map((a) => a.key));
  const removedKeys = new Set(removed.map((b) => b.key));
  for (const b of removed) writeRanked(out, spec, addedKeys.has(b.key) ? RowKind.UPDATE_BEFORE : RowKind.DELETE, b);
  for (const a of added) writeRanked(adds, spec, removedKeys.has(a.key) ? RowKind.UPDATE_AFTER : RowKind.INSERT, a);
}

/**
 * Drops the entries that rank after rankEnd, for a state that keeps only the top (append-only input,
 * or update-fast input whose rows only move up): a ROW_NUMBER top keeps rankEnd copies at most.
 */
export function dropBeyondEnd(entries: RankEntry[], peer: (a: RowBatch, b: RowBatch) => boolean, spec: RankSpec): void {
  let position = 0;
  let dense = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const newGroup = i === 0 || !peer(entries[i - 1]!.row, e.row);
    if (newGroup) dense++;
    // The rank of the entry's first copy; a later peer of a kept group has its group's rank.
    const first = spec.rankType === 'DENSE_RANK' ? dense : newGroup || spec.rankType === 'ROW_NUMBER' ? position + 1 : 0;
    if (first > spec.rankEnd) {
      entries.length = i;
      return;
    }
    if (spec.rankType === 'ROW_NUMBER' && position + e.count > spec.rankEnd) e.count = spec.rankEnd - position;
    position += e.count;
  }
}
