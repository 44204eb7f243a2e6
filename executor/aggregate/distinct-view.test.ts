import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { T } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import { rows } from '../operators/changelog-literal.ts';
import { compileAggCalls, foldRow, foldRowOnce, mergeAccs, newGroupAccs, type CompiledAggs, type GroupAccs } from './compiled-call.ts';
import { SMALL, type ForwardedValues } from './distinct-view.ts';

// Input: x (int4, the distinct argument), f1, f2 (FILTER columns), n (numeric, a second distinct argument).
const IN: SqlType[] = [T.int4, T.bool, T.bool, T.numeric];

function call(fn: string, args: number[], type: SqlType, more: Partial<AggCall> = {}): AggCall {
  return { fn, args, distinct: false, filter: undefined, orderBy: [], type, name: fn, ...more };
}

const CALLS: AggCall[] = [
  call('count', [0], T.int8, { distinct: true }),
  call('count', [0], T.int8, { distinct: true, filter: 1 }),
  call('sum', [0], T.int8, { distinct: true, filter: 2 }),
  call('count_star', [], T.int8),
  call('sum', [3], T.numeric, { distinct: true }),
  call('count', [3], T.int8, { distinct: true, filter: 1 }),
];

type Row = [number | null, boolean, boolean, string];

function fold(aggs: CompiledAggs, accs: GroupAccs, kind: '+I' | '-D', rs: readonly Row[]): void {
  if (rs.length === 0) return;
  const batch = rows(IN, rs.map((r) => `${kind} ${r[0] ?? 'null'} ${r[1] ? 't' : 'f'} ${r[2] ? 't' : 'f'} ${r[3]}`).join('\n'));
  for (let i = 0; i < batch.count; i++) foldRow(aggs, accs, batch, i, kind === '+I');
}

function results(aggs: CompiledAggs, accs: GroupAccs): unknown[] {
  return aggs.calls.map((c, j) => {
    const v = c.fn.getValue(accs[j]);
    return v instanceof Decimal ? v.toString() : v;
  });
}

/** What PostgreSQL computes over the rows `live` (a multiset). */
function expected(live: readonly Row[]): unknown[] {
  const distinct = <T>(xs: readonly T[]) => [...new Set(xs)];
  const xs = (p: (r: Row) => boolean) => distinct(live.filter((r) => r[0] !== null && p(r)).map((r) => r[0]!));
  const s = xs((r) => r[2]);
  const ns = distinct(live.map((r) => r[3]).map((t) => new Decimal(t).toString()));
  return [
    xs(() => true).length,
    xs((r) => r[1]).length,
    s.length === 0 ? null : s.reduce((a, b) => a + b, 0),
    live.length,
    ns.length === 0 ? null : ns.reduce((a, b) => a.plus(b), new Decimal(0)).toString(),
    distinct(live.filter((r) => r[1]).map((r) => new Decimal(r[3]).toString())).length,
  ];
}

describe('shared distinct views', () => {
  it('shares one view per distinct argument column across FILTERs', () => {
    const aggs = compileAggCalls(CALLS, IN);
    expect(aggs.views.map((v) => v.members)).toEqual([[0, 1, 2], [4, 5]]);
    expect(aggs.calls.map((c) => c.view)).toEqual([0, 0, 0, -1, 1, 1]);
    // Two views, then the row count; the views are created on the first row.
    const accs = newGroupAccs(aggs);
    expect(accs.length).toBe(CALLS.length + 3);
    expect(accs.slice(CALLS.length)).toEqual([null, null, 0]);
  });

  it('counts each value once per FILTER through inserts and retractions', () => {
    const aggs = compileAggCalls(CALLS, IN);
    const accs = newGroupAccs(aggs);
    const live: Row[] = [];
    const add = (...rs: Row[]) => {
      fold(aggs, accs, '+I', rs);
      live.push(...rs);
    };
    const remove = (...rs: Row[]) => {
      fold(aggs, accs, '-D', rs);
      for (const r of rs) live.splice(live.findIndex((l) => l.every((v, i) => v === r[i])), 1);
    };
    add([1, true, false, '1.5'], [1, false, true, '1.50'], [2, true, true, '2'], [null, true, true, '3']);
    expect(results(aggs, accs)).toEqual(expected(live));
    // Value 1 stays in f1's count while one of its f1 rows is left.
    add([1, true, true, '1.5']);
    remove([1, true, false, '1.5']);
    expect(results(aggs, accs)).toEqual(expected(live));
    remove([1, true, true, '1.5']);
    expect(results(aggs, accs)).toEqual(expected(live));
    expect(results(aggs, accs).slice(0, 3)).toEqual([2, 1, 3]);
    // A retraction of a value never seen leaves the distinct calls as they were (count(*) has no set).
    const withoutStar = (xs: unknown[]) => xs.filter((_, i) => i !== 3);
    fold(aggs, accs, '-D', [[99, true, true, '99']]);
    expect(withoutStar(results(aggs, accs))).toEqual(withoutStar(expected(live)));
    fold(aggs, accs, '+I', [[null, false, false, '2']]);
    live.push([null, false, false, '2']);
    remove(...live.slice());
    expect(results(aggs, accs)).toEqual([0, 0, null, -1, null, 0]);
    expect(accs.slice(CALLS.length)).toEqual([null, null, -1]);
  });

  it('keeps results exact when a view grows past the flat array and shrinks back', () => {
    const aggs = compileAggCalls(CALLS, IN);
    const accs = newGroupAccs(aggs);
    const live: Row[] = [];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    for (let step = 0; step < 600; step++) {
      if (live.length > 0 && rnd(3) === 0) {
        const r = live.splice(rnd(live.length), 1)[0]!;
        fold(aggs, accs, '-D', [r]);
      } else {
        const x = rnd(4 * SMALL);
        const r: Row = [rnd(10) === 0 ? null : x, rnd(2) === 0, rnd(3) === 0, `${x % 5}.${rnd(3)}`];
        fold(aggs, accs, '+I', [r]);
        live.push(r);
      }
      expect(results(aggs, accs), `step ${step}`).toEqual(expected(live));
    }
    expect(accs[CALLS.length]).toBeInstanceOf(Map);
    for (const r of live.splice(0)) fold(aggs, accs, '-D', [r]);
    expect(results(aggs, accs)).toEqual(expected([]));
    expect(accs.slice(CALLS.length)).toEqual([null, null, 0]);
  });

  it('merges two groups as if one had seen every row', () => {
    const aggs = compileAggCalls(CALLS, IN);
    const a = newGroupAccs(aggs);
    const b = newGroupAccs(aggs);
    const ra: Row[] = [];
    const rb: Row[] = [];
    for (let i = 0; i < 3 * SMALL; i++) ra.push([i % 13, i % 2 === 0, i % 3 === 0, `${i % 4}.0`]);
    for (let i = 0; i < 5; i++) rb.push([i * 3, i % 2 === 1, true, `${i}`]);
    fold(aggs, a, '+I', ra);
    fold(aggs, b, '+I', rb);
    mergeAccs(aggs, b, a);
    expect(results(aggs, b)).toEqual(expected([...ra, ...rb]));
    // The merged view still retracts correctly.
    fold(aggs, b, '-D', rb);
    expect(results(aggs, b)).toEqual(expected(ra));
  });

  it('gives the results of one phase when two local phases hand each value over once per FILTER', () => {
    const aggs = compileAggCalls(CALLS, IN);
    const global = newGroupAccs(aggs);
    // Per worker and view: the values handed over so far (the local phase's memory across minibatches).
    const workers: ForwardedValues[][] = [0, 1].map(() => aggs.views.map(() => new Map()));
    const all: Row[] = [];
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const handedOver: number[] = [];
    for (let minibatch = 0; minibatch < 40; minibatch++) {
      const w = minibatch % 2;
      const rs: Row[] = [];
      for (let i = 0; i < 25; i++) {
        const x = rnd(3 * SMALL);
        rs.push([rnd(10) === 0 ? null : x, rnd(2) === 0, rnd(3) === 0, `${x % 5}.${rnd(3)}`]);
      }
      const partial = newGroupAccs(aggs);
      const batch = rows(IN, rs.map((r) => `+I ${r[0] ?? 'null'} ${r[1] ? 't' : 'f'} ${r[2] ? 't' : 'f'} ${r[3]}`).join('\n'));
      for (let i = 0; i < batch.count; i++) foldRowOnce(aggs, partial, batch, i, workers[w]!);
      const view = partial[CALLS.length];
      handedOver.push(view instanceof Map ? view.size : Array.isArray(view) ? view.length / aggs.views[0]!.stride : 0);
      mergeAccs(aggs, global, partial);
      all.push(...rs);
      expect(results(aggs, global), `minibatch ${minibatch}`).toEqual(expected(all));
    }
    // 24 values × 4 FILTER combinations per worker: later minibatches hand over less than they read.
    expect(handedOver.slice(-10).reduce((a, b) => a + b, 0)).toBeLessThan(handedOver.slice(0, 10).reduce((a, b) => a + b, 0) / 2);
    // A minibatch of rows this worker has sent already hands over no distinct value at all.
    const again = newGroupAccs(aggs);
    const seen = all.filter((_, i) => Math.floor(i / 25) % 2 === 0).slice(0, 25);
    const batch = rows(IN, seen.map((r) => `+I ${r[0] ?? 'null'} ${r[1] ? 't' : 'f'} ${r[2] ? 't' : 'f'} ${r[3]}`).join('\n'));
    for (let i = 0; i < batch.count; i++) foldRowOnce(aggs, again, batch, i, workers[0]!);
    expect(again.slice(CALLS.length)).toEqual([null, null, 25]);
  });

  it('drops an entry a merge leaves without a positive count, and retracts it from the calls', () => {
    const aggs = compileAggCalls(CALLS, IN);
    const into = newGroupAccs(aggs);
    fold(aggs, into, '+I', [[1, true, true, '1'], [2, true, false, '2']]);
    // A partial that takes value 1 back from every call of view 0 (counts −1), as a retracting local phase would hand over.
    const from = newGroupAccs(aggs);
    const view = aggs.views[0]!;
    from[view.slot] = [1, ...view.members.map(() => -1)];
    mergeAccs(aggs, into, from);
    expect(results(aggs, into).slice(0, 3)).toEqual([1, 1, null]);
    const set = into[view.slot] as unknown[];
    expect(set.filter((_, i) => i % view.stride === 0)).toEqual([2]);
  });
});
