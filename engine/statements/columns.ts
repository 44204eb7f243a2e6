/**
 * Result columns (RowDescription entries) built from names and types, and row extraction from
 * batches for results sent to clients.
 */
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import type { ResultColumn, Value } from '../api.ts';

/** Columns named `names` of types `types`, not tied to a table. */
export function resultColumns(names: readonly string[], types: readonly SqlType[]): ResultColumn[] {
  return names.map((name, i) => ({ name, type: types[i]!, tableOid: 0, attnum: 0 }));
}

/** Text columns, for SHOW-style results. */
export function textColumns(...names: string[]): ResultColumn[] {
  return names.map((name) => ({ name, type: T.text, tableOid: 0, attnum: 0 }));
}

/** Every row of the batches as arrays of JavaScript values. */
export function rowsOf(batches: readonly RowBatch[]): Value[][] {
  const out: Value[][] = [];
  for (const b of batches) for (let r = 0; r < b.count; r++) out.push(b.getRow(r));
  return out;
}
