/**
 * array_agg(x) → x[] with retraction (PostgreSQL docs §9.21): the inputs in arrival order, NULLs
 * included (as PostgreSQL); no rows → NULL. The accumulator keeps runs [content key, plain value,
 * count] in arrival order; a retraction removes one copy from the last run holding that value.
 */
import type { SqlType } from '../../common/types.ts';
import { arrayOf } from '../../common/types.ts';
import type { AggregateFunction, ValueKey } from './aggregate-function.ts';
import { fromPlain, toPlain, valueKey } from './aggregate-function.ts';

/** Runs of equal consecutive inputs: [key, plain value, count]. */
export type ArrayAggAcc = [ValueKey, unknown, number][];

/** array_agg over values of `type`. */
export function arrayAgg(type: SqlType): AggregateFunction<ArrayAggAcc> {
  const add = (acc: ArrayAggAcc, k: ValueKey, p: unknown, n: number) => {
    const last = acc[acc.length - 1];
    if (last && last[0] === k) last[2] += n;
    else acc.push([k, p, n]);
    return acc;
  };
  return {
    name: 'array_agg',
    argTypes: [type],
    returnType: arrayOf(type),
    createAccumulator: () => [],
    accumulate: (acc, args) => add(acc, valueKey(type, args[0]), toPlain(type, args[0]), 1),
    retract(acc, args) {
      const k = valueKey(type, args[0]);
      for (let i = acc.length - 1; i >= 0; i--) {
        const run = acc[i]!;
        if (run[0] !== k) continue;
        if (--run[2] === 0) acc.splice(i, 1);
        break;
      }
      return acc;
    },
    merge(acc, other) {
      for (const [k, p, n] of other) add(acc, k, p, n);
      return acc;
    },
    getValue(acc) {
      if (acc.length === 0) return null;
      const out: unknown[] = [];
      for (const [, p, n] of acc) {
        const v = fromPlain(type, p);
        for (let i = 0; i < n; i++) out.push(v);
      }
      return out;
    },
  };
}
