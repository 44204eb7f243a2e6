/**
 * EXPLAIN text of an OverAggregate in Flink's shape: `OverAggregate(partitionBy=[k], orderBy=[ts ASC],
 * window=[ROWS BETWEEN 2 PRECEDING AND CURRENT ROW], select=[k, ts, x, sum(x) AS w0$o0])`. Calls with
 * different frames are listed as Flink lists several windows: `window#0=[…], window#1=[…]`, their
 * results named `w<window>$o<call>`. Ranking functions show the ROWS frame they number over.
 */
import { explainSortKeys } from '../logical/explain.ts';
import type { WindowCall } from '../logical/plan.ts';
import type { PhysicalNode } from './plan.ts';

function bound(b: number | 'unbounded', isStart: boolean): string {
  if (b === 'unbounded') return isStart ? 'UNBOUNDED PRECEDING' : 'UNBOUNDED FOLLOWING';
  if (b === 0) return 'CURRENT ROW';
  return b < 0 ? `${-b} PRECEDING` : `${b} FOLLOWING`;
}

/** `ROWS BETWEEN 2 PRECEDING AND CURRENT ROW` for a call's frame. */
export function frameText(c: WindowCall): string {
  const f = c.frame ?? { units: 'rows', start: 'unbounded', end: 0 };
  return `${f.units.toUpperCase()} BETWEEN ${bound(f.start, true)} AND ${bound(f.end, false)}`;
}

/** The describe() text of an OverAggregate node; `inNames` are its input's column names. */
export function describeOver(n: Extract<PhysicalNode, { kind: 'OverAggregate' }>, inNames: readonly string[]): string {
  const frames: string[] = [];
  const counts: number[] = [];
  const calls = n.calls.map((c) => {
    const f = frameText(c);
    let w = frames.indexOf(f);
    if (w < 0) {
      w = frames.push(f) - 1;
      counts.push(0);
    }
    const o = counts[w]!++;
    return `${c.fn}(${c.args.map((a) => inNames[a]).join(', ')}) AS w${w}$o${o}`;
  });
  const window = frames.length === 1 ? `window=[${frames[0]}]` : frames.map((f, i) => `window#${i}=[${f}]`).join(', ');
  const parts = [
    ...(n.partitionKeys.length ? [`partitionBy=[${n.partitionKeys.map((k) => inNames[k]).join(', ')}]`] : []),
    ...(n.orderKeys.length ? [`orderBy=[${explainSortKeys(n.orderKeys, inNames)}]`] : []),
    window,
    `select=[${[...inNames, ...calls].join(', ')}]`,
  ];
  return `OverAggregate(${parts.join(', ')})`;
}
