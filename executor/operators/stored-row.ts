/**
 * Rows kept in operator state as their binary bytes (a copy of one row of a RowBatch, RowKind byte
 * set to +I; var-length offsets are row-relative, so the bytes stand alone), and one-row batch views
 * over them for comparators, predicates and copying. Shared by join, top-n, set-op, sort-limit and
 * materialize.
 */
import type { SqlType } from '../../common/types.ts';
import { RowBatch } from '../row/binary-row.ts';
import type { StateArena } from '../state/arena.ts';

/** A copy of row `r` of `batch` with its RowKind byte set to +I: in a region of `arena` when given, else in a buffer of its own. */
export function storeRow(batch: RowBatch, r: number, arena?: StateArena): Uint8Array {
  const from = batch.offsets[r]!;
  const to = batch.offsets[r + 1]!;
  let bytes: Uint8Array;
  if (arena === undefined) bytes = batch.bytes.slice(from, to);
  else {
    bytes = arena.bytes(to - from);
    bytes.set(batch.bytes.subarray(from, to));
  }
  bytes[0] = 0;
  return bytes;
}

/** A one-row batch over stored row bytes (row 0). */
export function rowView(types: readonly SqlType[], bytes: Uint8Array): RowBatch {
  return new RowBatch(types, bytes, new Int32Array([0, bytes.length]), 1);
}

/** True when any of `fields` of row r is NULL (such keys never match under SQL equality). */
export function hasNull(batch: RowBatch, r: number, fields: readonly number[]): boolean {
  for (let i = 0; i < fields.length; i++) if (batch.isNull(r, fields[i]!)) return true;
  return false;
}

/** All column indices 0 … n−1. */
export function allColumns(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
