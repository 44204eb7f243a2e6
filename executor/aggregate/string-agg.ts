/**
 * string_agg(value text, delimiter text) → text with retraction (PostgreSQL docs §9.21): values are
 * concatenated in arrival order, each preceded by its own row's delimiter except the first (as
 * PostgreSQL's string_agg_transfn; a NULL delimiter counts as empty). NULL values are ignored; no
 * rows → NULL. The accumulator keeps runs [value, delimiter, count] in arrival order; a retraction
 * removes one copy from the last run holding that (value, delimiter).
 */
import { T } from '../../common/types.ts';
import type { AggregateFunction } from './aggregate-function.ts';

/** Runs of equal consecutive inputs: [value, delimiter, count]. */
export type StringAggAcc = [string, string, number][];

/** string_agg over text. */
export function stringAgg(): AggregateFunction<StringAggAcc> {
  const add = (acc: StringAggAcc, v: string, d: string, n: number) => {
    const last = acc[acc.length - 1];
    if (last && last[0] === v && last[1] === d) last[2] += n;
    else acc.push([v, d, n]);
    return acc;
  };
  return {
    name: 'string_agg',
    argTypes: [T.text, T.text],
    returnType: T.text,
    createAccumulator: () => [],
    accumulate: (acc, args) => (args[0] === null ? acc : add(acc, args[0] as string, (args[1] as string | null) ?? '', 1)),
    retract(acc, args) {
      if (args[0] === null) return acc;
      const v = args[0] as string;
      const d = (args[1] as string | null) ?? '';
      for (let i = acc.length - 1; i >= 0; i--) {
        const run = acc[i]!;
        if (run[0] !== v || run[1] !== d) continue;
        if (--run[2] === 0) acc.splice(i, 1);
        break;
      }
      return acc;
    },
    merge(acc, other) {
      for (const [v, d, n] of other) add(acc, v, d, n);
      return acc;
    },
    getValue(acc) {
      if (acc.length === 0) return null;
      let s = '';
      let first = true;
      for (const [v, d, n] of acc) {
        for (let i = 0; i < n; i++) {
          s += first ? v : d + v;
          first = false;
        }
      }
      return s;
    },
  };
}
