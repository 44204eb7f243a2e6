/**
 * bool_and / bool_or (and `every`, PostgreSQL's SQL-standard name for bool_and) with retraction:
 * the accumulator counts true and false inputs, [trues, falses], so a retraction can bring the
 * result back (PostgreSQL docs §9.21). NULLs are ignored; no rows → NULL.
 */
import { T } from '../../common/types.ts';
import type { AggregateFunction } from './aggregate-function.ts';

/** [number of true inputs, number of false inputs]. */
export type BoolAcc = [number, number];

/** bool_and (`op` 'and': true when no input is false) or bool_or (`op` 'or': true when some input is true). */
export function boolAgg(op: 'and' | 'or'): AggregateFunction<BoolAcc> {
  const add = (acc: BoolAcc, v: unknown, d: number) => {
    if (v === null) return acc;
    acc[v ? 0 : 1] += d;
    return acc;
  };
  return {
    name: op === 'and' ? 'bool_and' : 'bool_or',
    argTypes: [T.bool],
    returnType: T.bool,
    createAccumulator: () => [0, 0],
    accumulate: (acc, args) => add(acc, args[0], 1),
    retract: (acc, args) => add(acc, args[0], -1),
    merge(acc, other) {
      acc[0] += other[0];
      acc[1] += other[1];
      return acc;
    },
    getValue(acc) {
      if (acc[0] + acc[1] <= 0) return null;
      return op === 'and' ? acc[1] === 0 : acc[0] > 0;
    },
  };
}
