/**
 * The DISTINCT wrapper (count(DISTINCT x), sum(DISTINCT x), string_agg(DISTINCT x, ','), …), as
 * Flink's distinct MapView: the accumulator counts each distinct argument list and feeds the inner
 * aggregate only when a value is first added (count 0 → 1) or last removed (1 → 0).
 */
import type { AggregateFunction, ValueKey } from './aggregate-function.ts';
import { argsKey, fromPlain, toPlain } from './aggregate-function.ts';

/** Distinct argument lists (key → [plain args, count]) and the inner accumulator. */
export interface DistinctAcc {
  seen: Map<ValueKey, [unknown[], number]>;
  inner: unknown;
}

/** `inner` applied to the distinct argument lists only. */
export function distinct(inner: AggregateFunction): AggregateFunction<DistinctAcc> {
  const types = inner.argTypes;
  return {
    name: inner.name,
    argTypes: types,
    returnType: inner.returnType,
    createAccumulator: () => ({ seen: new Map(), inner: inner.createAccumulator() }),
    accumulate(acc, args) {
      const k = argsKey(types, args);
      const e = acc.seen.get(k);
      if (e) {
        e[1]++;
        return acc;
      }
      acc.seen.set(
        k,
        [types.map((t, i) => toPlain(t, args[i])), 1],
      );
      acc.inner = inner.accumulate(acc.inner, args);
      return acc;
    },
    retract(acc, args) {
      const k = argsKey(types, args);
      const e = acc.seen.get(k);
      if (!e) return acc;
      if (--e[1] > 0) return acc;
      acc.seen.delete(k);
      acc.inner = inner.retract(acc.inner, args);
      return acc;
    },
    merge(acc, other) {
      for (const [k, [plain, n]] of other.seen) {
        const e = acc.seen.get(k);
        if (e) {
          e[1] += n;
          continue;
        }
        acc.seen.set(k, [plain.slice(), n]);
        acc.inner = inner.accumulate(
          acc.inner,
          plain.map((p, i) => fromPlain(types[i]!, p)),
        );
      }
      return acc;
    },
    getValue: (acc) => inner.getValue(acc.inner),
  };
}
