import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { RowBatch } from '../row/binary-row.ts';
import { makeRowComparator } from '../row/key-codec.ts';
import { StateArena } from '../state/arena.ts';
import { renderBatch, rows } from './changelog-literal.ts';
import type { RankRows } from './rank-rows.ts';
import { appendRow, compactIfWasteful, emptyRankRows, insertAt, removeAt, searchRank, truncate, viewOf } from './rank-rows.ts';

const TY = [T.text, T.int4];
const arena = new StateArena();
const cmp = makeRowComparator(TY, [{ index: 1, desc: false, nullsFirst: false }]);

/** The held rows of `p` in rank order, as changelog lines. */
function held(p: RankRows): string {
  const v = viewOf(p, TY);
  const all = renderBatch(new RowBatch(TY, v.bytes, v.offsets, p.slots));
  return Array.from(p.order.subarray(0, p.size), (s) => all[s]!).join(' | ');
}

describe('RankRows', () => {
  it('holds rows in rank order (peers in arrival order), grows, and compacts to the held rows', () => {
    const p = emptyRankRows(TY, 8, arena);
    const input = rows(TY, `+I a 5\n+I b 1\n-D c 3\n+I d 3\n+I e 9\n+I f 3`);
    for (let r = 0; r < input.count; r++) insertAt(p, searchRank(p, cmp, input, r, true), appendRow(p, TY, input, r, arena), arena);
    expect(held(p)).toBe('+I b 1 | +I c 3 | +I d 3 | +I f 3 | +I a 5 | +I e 9');
    expect(searchRank(p, cmp, input, 2, false)).toBe(1);
    removeAt(p, 2);
    expect(held(p)).toBe('+I b 1 | +I c 3 | +I f 3 | +I a 5 | +I e 9');
    compactIfWasteful(p, TY, arena); // 1 row no longer held, 5 held: kept as is
    expect(p.slots).toBe(6);
    truncate(p, 3);
    compactIfWasteful(p, TY, arena);
    expect(p.dead).toBe(0);
    expect(p.slots).toBe(3);
    expect(held(p)).toBe('+I b 1 | +I c 3 | +I f 3');
  });

  it('is plain data for snapshots: the view is not enumerable and is rebuilt when missing', () => {
    const p = emptyRankRows(TY, 8, arena);
    const input = rows(TY, `+I a 5`);
    insertAt(p, 0, appendRow(p, TY, input, 0, arena), arena);
    expect(Object.keys(p)).not.toContain('view');
    const copy = structuredClone(p);
    expect(held(copy)).toBe('+I a 5');
  });
});
