/**
 * avg(x) with retraction (PostgreSQL docs §9.21): int2/int4/int8/numeric → numeric (exact sum
 * divided with PostgreSQL's numeric division scale, e.g. avg(1, 2) = 1.5000000000000000; the sum's
 * display scale is the largest input scale, the count's 0),
 * float4/float8 → float8. NULLs are ignored; avg of no rows is NULL.
 */
import { Decimal } from 'decimal.js';
import type { SqlType } from '../../common/types.ts';
import { InternalError } from '../../common/errors.ts';
import type { AggregateFunction } from './aggregate-function.ts';
import { floatSum, intSum, numericSum, sumScale, type NumericSumAcc } from './sum.ts';
import { withScale } from '../../common/numeric-scale.ts';
import { pgDivide } from './numeric-math.ts';
import { intAverage } from './int-avg.ts';

/** The avg implementation for an argument type: the matching sum's accumulator, divided at getValue. */
export function avg(argType: SqlType, returnType: SqlType): AggregateFunction {
  switch (argType.id) {
    case 'int2':
    case 'int4':
    case 'int8': {
      const s = intSum(argType, argType);
      return {
        ...s,
        name: 'avg',
        returnType,
        getValue: (acc) =>
          acc[1] === 0
            ? null
            : typeof acc[0] === 'number' && acc[1] > 0
              ? intAverage(acc[0], acc[1])
              : pgDivide(withScale(new Decimal(acc[0].toString()), 0), withScale(new Decimal(acc[1]), 0)),
      } satisfies AggregateFunction<[number | bigint, number]> as AggregateFunction;
    }
    case 'numeric': {
      const s = numericSum(argType, argType);
      return {
        ...s,
        name: 'avg',
        returnType,
        getValue: (acc) => (acc[1] === 0 ? null : pgDivide(withScale(new Decimal(acc[0]), sumScale(acc)), withScale(new Decimal(acc[1]), 0))),
      } satisfies AggregateFunction<NumericSumAcc> as AggregateFunction;
    }
    case 'float4':
    case 'float8': {
      const s = floatSum(argType, returnType);
      return {
        ...s,
        name: 'avg',
        getValue: (acc) => (acc[1] === 0 ? null : acc[0] / acc[1]),
      } satisfies AggregateFunction<[number, number]> as AggregateFunction;
    }
    default:
      throw new InternalError(`avg over ${argType.id} is not resolvable`);
  }
}
