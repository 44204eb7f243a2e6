/**
 * A worker's replica of a DML dimension table (dimension-replica.ts): the changelog the main thread
 * broadcasts, applied in order, and lookups by the join's key columns as TableStore.lookupBy answers them.
 */
import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { RowKind, batchOf } from '../../executor/row/binary-row.ts';
import { valueKey } from '../../executor/row/value-key.ts';
import { DimensionReplica } from './dimension-replica.ts';

const types = [T.int4, T.text, T.int8];
const get = (r: DimensionReplica, k: unknown) => r.lookup([k], valueKey([k]));

describe('DimensionReplica', () => {
  it('indexes by the key column; updates and deletes replace and remove rows', () => {
    const r = new DimensionReplica(types, [0]);
    r.apply(batchOf(types, [[RowKind.INSERT, [1, 'one', 10]], [RowKind.INSERT, [2, 'two', 20]], [RowKind.INSERT, [1, 'uno', 11]]]));
    expect(get(r, 1)).toEqual([[1, 'one', 10], [1, 'uno', 11]]);
    expect(get(r, 3)).toEqual([]);
    r.apply(batchOf(types, [[RowKind.UPDATE_BEFORE, [1, 'one', 10]], [RowKind.UPDATE_AFTER, [1, 'eins', 12]], [RowKind.DELETE, [2, 'two', 20]]]));
    expect(get(r, 1)).toEqual([[1, 'uno', 11], [1, 'eins', 12]]);
    expect(get(r, 2)).toEqual([]);
    expect(r.size).toBe(2);
  });

  it('keeps duplicates of a table without a primary key; a removal takes one copy; an unknown removal is ignored', () => {
    const r = new DimensionReplica(types, [1, 2]);
    const row = [7, 'x', 1];
    r.apply(batchOf(types, [[RowKind.INSERT, row], [RowKind.INSERT, row], [RowKind.DELETE, [8, 'x', 1]]]));
    const key = ['x', 1];
    expect(r.lookup(key, valueKey(key))).toEqual([row, row]);
    r.apply(batchOf(types, [[RowKind.DELETE, row]]));
    expect(r.lookup(key, valueKey(key))).toEqual([row]);
    expect(r.size).toBe(1);
  });

  it('a NULL key matches nothing, even a row whose key column is NULL', () => {
    const r = new DimensionReplica(types, [0]);
    r.apply(batchOf(types, [[RowKind.INSERT, [null, 'n', 0]]]));
    expect(get(r, null)).toEqual([]);
  });
});
