/**
 * ORDER BY inside an aggregate call (`string_agg(x, ',' ORDER BY y)`, `array_agg(x ORDER BY y
 * DESC)`), PostgreSQL docs §4.2.7: a wrapper whose accumulator keeps the input rows sorted by the
 * ORDER BY keys (with counts, so retraction works); the result feeds the inner aggregate the rows in
 * that order. Rows with equal keys keep arrival order. Cost: O(rows in the group) per result, which
 * suits the order-sensitive aggregates (string_agg, array_agg) it exists for.
 */
import type { SqlType } from '../../common/types.ts';
import { compareValues } from '../row/key-codec.ts';
import type { AggregateFunction } from './aggregate-function.ts';
import { fromPlain, toPlain, valueKey } from './aggregate-function.ts';

/** One sort key: its type and direction, NULL placement as PostgreSQL's defaults unless given. */
export interface OrderedKey {
  readonly type: SqlType;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** Sorted entries: [plain sort key values, plain argument values, count]. */
type OrderedAcc = [unknown[], unknown[], number][];

/**
 * Wraps `inner`: the wrapped function takes the inner arguments followed by one value per sort key.
 */
export function orderedAggregate(inner: AggregateFunction, keys: readonly OrderedKey[]): AggregateFunction<OrderedAcc> {
  const n = inner.argTypes.length;
  const argTypes = [...inner.argTypes, ...keys.map((k) => k.type)];
  const cmp = (a: readonly unknown[], b: readonly unknown[]): number => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = fromPlain(k.type, a[i]);
      const y = fromPlain(k.type, b[i]);
      const xn = x === null;
      const yn = y === null;
      if (xn || yn) {
        if (xn && yn) continue;
        return xn === k.nullsFirst ? -1 : 1;
      }
      const c = compareValues(k.type, x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.every((v, i) => valueKey(argTypes[i]!, fromPlain(argTypes[i]!, v)) === valueKey(argTypes[i]!, fromPlain(argTypes[i]!, b[i])));
  const split = (args: readonly unknown[]) => {
    const plain = args.map((v, i) => toPlain(argTypes[i]!, v));
    return { vals: plain.slice(0, n), key: plain.slice(n) };
  };
  return {
    name: inner.name,
    argTypes,
    returnType: inner.returnType,
    createAccumulator: () => [],
    accumulate(acc, args) {
      const { vals, key } = split(args);
      // Insert after the last entry whose key is ≤ this key (stable for ties).
      let lo = 0;
      let hi = acc.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(acc[mid]![0], key) <= 0) lo = mid + 1;
        else hi = mid;
      }
      const prev = acc[lo - 1];
      if (prev && cmp(prev[0], key) === 0 && same(prev[1], vals)) prev[2]++;
      else acc.splice(lo, 0, [key, vals, 1]);
      return acc;
    },
    retract(acc, args) {
      const { vals, key } = split(args);
      for (let i = acc.length - 1; i >= 0; i--) {
        const e = acc[i]!;
        if (cmp(e[0], key) !== 0 || !same(e[1], vals)) continue;
        if (--e[2] === 0) acc.splice(i, 1);
        break;
      }
      return acc;
    },
    merge(acc, other) {
      for (const [key, vals, count] of other) {
        for (let c = 0; c < count; c++) this.accumulate(acc, [...vals.map((v, i) => fromPlain(argTypes[i]!, v)), ...key.map((v, i) => fromPlain(keys[i]!.type, v))]);
      }
      return acc;
    },
    getValue(acc) {
      let a = inner.createAccumulator();
      for (const [, vals, count] of acc) {
        const args = vals.map((v, i) => fromPlain(argTypes[i]!, v));
        for (let c = 0; c < count; c++) a = inner.accumulate(a, args);
      }
      return inner.getValue(a);
    },
  };
}
