import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import { RowKind, batchOf } from '../row/binary-row.ts';
import { PairRow } from './join-pair.ts';

describe('PairRow', () => {
  it('composes left and right rows of any widths, NULLs and var-length values into one joined row', () => {
    const pool: SqlType[] = [T.int4, T.int8, T.text, T.float8, T.bool, T.text];
    const value = (t: SqlType, i: number): unknown => {
      if (i % 4 === 3) return null;
      switch (t.id) {
        case 'int4':
          return i * 7;
        case 'int8':
          return i * 1e10;
        case 'float8':
          return i / 3;
        case 'bool':
          return i % 2 === 0;
        default:
          return 'v'.repeat(i % 5) + i;
      }
    };
    for (const nl of [1, 3, 8, 9]) {
      for (const nr of [1, 7, 11]) {
        const lt = Array.from({ length: nl }, (_, i) => pool[i % pool.length]!);
        const rt = Array.from({ length: nr }, (_, i) => pool[(i + 2) % pool.length]!);
        const left = batchOf(lt, [0, 1].map((k) => [RowKind.INSERT, lt.map((t, i) => value(t, i + k))] as const));
        const right = batchOf(rt, [0, 1, 2].map((k) => [RowKind.DELETE, rt.map((t, i) => value(t, i + 2 * k + 1))] as const));
        const p = new PairRow(lt, rt);
        for (let a = 0; a < 2; a++) {
          for (let b = 0; b < 3; b++) {
            const pair = p.compose(left, a, right, b);
            expect(pair.kind(0)).toBe(RowKind.INSERT);
            expect(pair.getRow(0)).toEqual([...left.getRow(a), ...right.getRow(b)]);
            expect(p.compose(left, a, right, b).getRow(0)).toEqual(pair.getRow(0));
          }
        }
      }
    }
  });
});
