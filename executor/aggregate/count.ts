/**
 * count(*) (`count_star`) and count(x): the number of input rows, resp. of non-NULL x; int8, 0 for
 * no rows (PostgreSQL docs §9.21). Accumulator: the count (a number; never near 2^53 in practice).
 */
import type { SqlType } from '../../common/types.ts';
import { T } from '../../common/types.ts';
import type { AggregateFunction } from './aggregate-function.ts';

/** count(*): counts rows, NULLs included. */
export function countStar(): AggregateFunction<number> {
  return {
    name: 'count_star',
    argTypes: [],
    returnType: T.int8,
    createAccumulator: () => 0,
    accumulate: (acc) => acc + 1,
    retract: (acc) => acc - 1,
    merge: (acc, other) => acc + other,
    getValue: (acc) => acc,
  };
}

/** count(x): counts rows whose x is not NULL. */
export function count(argType: SqlType): AggregateFunction<number> {
  return {
    name: 'count',
    argTypes: [argType],
    returnType: T.int8,
    createAccumulator: () => 0,
    accumulate: (acc, args) => (args[0] === null ? acc : acc + 1),
    retract: (acc, args) => (args[0] === null ? acc : acc - 1),
    merge: (acc, other) => acc + other,
    getValue: (acc) => acc,
  };
}
