import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { WindowCall } from '../../planner/logical/plan.ts';
import { batchOf, ROW_KIND_NAMES } from '../row/binary-row.ts';
import { OverAggregate } from './over-agg.ts';
import { openOperator, renderBatch, renderValue, send } from './changelog-literal.ts';

// (part int4, ord int4, id int4, x int4): random inserts/updates/deletes, checked against a brute-force recompute.
const TY = [T.int4, T.int4, T.int4, T.int4];
const ASC = (index: number) => ({ index, desc: false, nullsFirst: false });

/** ORDER BY ord, id (a total order): ROWS frames. */
const BY_ID = {
  orderKeys: [ASC(1), ASC(2)],
  calls: [
    { fn: 'sum', args: [3], frame: { units: 'rows', start: -2, end: 0 }, type: T.int8, name: 's' },
    { fn: 'max', args: [3], frame: { units: 'rows', start: 'unbounded', end: 0 }, type: T.int4, name: 'm' },
    { fn: 'count', args: [3], frame: { units: 'rows', start: -1, end: 1 }, type: T.int8, name: 'c' },
    { fn: 'row_number', args: [], frame: undefined, type: T.int8, name: 'rn' },
  ] as WindowCall[],
  brute: (rs: number[][], i: number) => [
    rs.slice(Math.max(0, i - 2), i + 1).reduce((a, q) => a + q[3]!, 0),
    Math.max(...rs.slice(0, i + 1).map((q) => q[3]!)),
    rs.slice(Math.max(0, i - 1), i + 2).length,
    i + 1,
  ],
};

/** ORDER BY ord (ties): RANGE frames and ranks, whose values do not depend on the order of peers. */
const BY_ORD = {
  orderKeys: [ASC(1)],
  calls: [
    { fn: 'sum', args: [3], frame: { units: 'range', start: 'unbounded', end: 0 }, type: T.int8, name: 'r' },
    { fn: 'min', args: [3], frame: { units: 'range', start: -1, end: 1 }, type: T.int4, name: 'near' },
    { fn: 'count_star', args: [], frame: { units: 'rows', start: 'unbounded', end: 'unbounded' }, type: T.int8, name: 'n' },
    { fn: 'rank', args: [], frame: undefined, type: T.int8, name: 'rk' },
    { fn: 'dense_rank', args: [], frame: undefined, type: T.int8, name: 'dr' },
  ] as WindowCall[],
  brute: (rs: number[][], i: number) => {
    const ord = rs[i]![1]!;
    const peersEnd = rs.length - 1 - [...rs].reverse().findIndex((q) => q[1] === ord);
    return [
      rs.slice(0, peersEnd + 1).reduce((a, q) => a + q[3]!, 0),
      Math.min(...rs.filter((q) => Math.abs(q[1]! - ord) <= 1).map((q) => q[3]!)),
      rs.length,
      rs.findIndex((q) => q[1] === ord) + 1,
      new Set(rs.filter((q) => q[1]! < ord).map((q) => q[1])).size + 1,
    ];
  },
};

function brute(cfg: typeof BY_ID, rowsNow: number[][]): string[] {
  const out: string[] = [];
  const parts = new Map<number, number[][]>();
  for (const r of rowsNow) parts.set(r[0]!, [...(parts.get(r[0]!) ?? []), r]);
  for (const rs of parts.values()) {
    rs.sort((a, b) => a[1]! - b[1]! || a[2]! - b[2]!);
    rs.forEach((r, i) => out.push([...r, ...cfg.brute(rs, i)].map(renderValue).join(' ')));
  }
  return out.sort();
}

describe('OverAggregate, randomized against a brute-force recompute', () => {
  it('keeps a consistent changelog', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const cfg = seed % 2 ? BY_ID : BY_ORD;
      let s = seed;
      const rnd = (n: number) => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
      const op = new OverAggregate({ types: TY, partitionKeys: [0], orderKeys: cfg.orderKeys, calls: cfg.calls, emit: 'changelog' });
      const out = openOperator(op);
      const table = new Map<number, number[]>();
      const view = new Map<string, number>();
      let nextId = 1;
      for (let step = 0; step < 30; step++) {
        const batch: [number, unknown[]][] = [];
        for (let k = rnd(4) + 1; k > 0; k--) {
          const ids = [...table.keys()];
          const what = rnd(3);
          if (what === 0 || ids.length === 0) {
            const r = [rnd(2), rnd(5), nextId++, rnd(10)];
            table.set(r[2]!, r);
            batch.push([0, r]);
          } else {
            const id = ids[rnd(ids.length)]!;
            const old = table.get(id)!;
            if (what === 1) {
              table.delete(id);
              batch.push([3, old]);
            } else {
              const r = [rnd(2), rnd(5), id, rnd(10)];
              table.set(id, r);
              batch.push([1, old], [2, r]);
            }
          }
        }
        send(op, batchOf(TY, batch));
        for (const m of out.messages) {
          if (m.kind !== 'batch') continue;
          for (const line of renderBatch(m.batch)) {
            const [kind, ...vals] = line.split(' ');
            const key = vals.join(' ');
            const add = kind === ROW_KIND_NAMES[0] || kind === ROW_KIND_NAMES[2];
            const n = (view.get(key) ?? 0) + (add ? 1 : -1);
            if (n < 0) throw new Error(`seed ${seed} step ${step}: retraction of absent ${key}`);
            if (n === 0) view.delete(key);
            else view.set(key, n);
          }
        }
        out.messages = [];
        const got = [...view.entries()].flatMap(([k, n]) => Array<string>(n).fill(k)).sort();
        expect(got, `seed ${seed} step ${step}`).toEqual(brute(cfg, [...table.values()]));
      }
    }
  });
});
