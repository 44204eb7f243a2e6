/**
 * min(x) / max(x) that survive retraction, as Flink's MinWithRetractAggFunction: the accumulator is
 * a multiset of the values seen (content key → count) plus the key of the current
 * extreme; accumulating compares against the extreme, retracting the last copy of the extreme scans
 * the multiset for the next one. Any type with an ordering (compareValues); NULLs are ignored; no
 * rows → NULL. `minMaxInsertOnly` is the variant for input without retractions (MinAggFunction).
 */
import type { SqlType } from '../../common/types.ts';
import { InternalError } from '../../common/errors.ts';
import { compareValues } from '../row/key-codec.ts';
import type { AggregateFunction, ValueKey } from './aggregate-function.ts';
import { fromPlain, toPlain, valueKey } from './aggregate-function.ts';

/** Types whose values are numbers or bigints that JS `<` orders as SQL does (no NaN). */
const ORDERED_PRIMITIVE = new Set(['int2', 'int4', 'int8', 'date', 'time', 'timestamp', 'timestamptz']);
/** Types whose values are their own content key and plain form (numbers, strings, bigints). */
const SELF_KEYED = new Set([...ORDERED_PRIMITIVE, 'float4', 'float8', 'text', 'varchar', 'bpchar', 'uuid', 'unknown']);

/**
 * The multiset of values: content key → count; `plain` holds key → plain value for types whose key
 * is not the value itself (undefined otherwise); `best` is the key of the extreme (undefined when empty).
 */
export interface MinMaxAcc {
  counts: Map<ValueKey, number>;
  plain: Map<ValueKey, unknown> | undefined;
  best: ValueKey | undefined;
}

/** min (`which` 'min') or max ('max') over values of `type`. */
export function minMax(which: 'min' | 'max', type: SqlType): AggregateFunction<MinMaxAcc> {
  const sign = which === 'min' ? 1 : -1;
  const direct = SELF_KEYED.has(type.id);
  const value = (acc: MinMaxAcc, k: ValueKey): unknown => (acc.plain ? fromPlain(type, acc.plain.get(k)) : k);
  /** True when the value of key a is a better extreme than that of key b. */
  const better = ORDERED_PRIMITIVE.has(type.id)
    ? sign > 0
      ? (_acc: MinMaxAcc, a: ValueKey, b: ValueKey) => a! < b!
      : (_acc: MinMaxAcc, a: ValueKey, b: ValueKey) => a! > b!
    : (acc: MinMaxAcc, a: ValueKey, b: ValueKey) => sign * compareValues(type, value(acc, a), value(acc, b)) < 0;

  const add = (acc: MinMaxAcc, k: ValueKey, v: unknown, n: number): MinMaxAcc => {
    const c = acc.counts.get(k);
    if (c !== undefined) {
      acc.counts.set(k, c + n);
      return acc;
    }
    acc.counts.set(k, n);
    acc.plain?.set(k, toPlain(type, v));
    if (acc.best === undefined || better(acc, k, acc.best)) acc.best = k;
    return acc;
  };
  const rescan = (acc: MinMaxAcc) => {
    let best: ValueKey | undefined;
    for (const k of acc.counts.keys()) if (best === undefined || better(acc, k, best)) best = k;
    acc.best = best;
  };
  const keyOf = direct ? (v: unknown) => v as ValueKey : (v: unknown) => valueKey(type, v);
  return {
    name: which,
    argTypes: [type],
    returnType: type,
    createAccumulator: () => ({ counts: new Map(), plain: direct ? undefined : new Map(), best: undefined }),
    accumulate: (acc, args) => (args[0] === null ? acc : add(acc, keyOf(args[0]), args[0], 1)),
    retract(acc, args) {
      const v = args[0];
      if (v === null) return acc;
      const k = keyOf(v);
      const c = acc.counts.get(k);
      if (c === undefined) return acc;
      if (c > 1) {
        acc.counts.set(k, c - 1);
        return acc;
      }
      acc.counts.delete(k);
      acc.plain?.delete(k);
      if (k === acc.best) rescan(acc);
      return acc;
    },
    merge(acc, other) {
      for (const [k, n] of other.counts) add(acc, k, value(other, k), n);
      return acc;
    },
    getValue: (acc) => (acc.best === undefined ? null : value(acc, acc.best)),
  };
}

/**
 * min / max over insert-only input, as Flink's MinAggFunction / MaxAggFunction (chosen when the
 * planner knows no retraction reaches the call, Flink's `needRetraction` = false): the accumulator
 * is the extreme itself in plain form (toPlain; null when no value yet), so a group keeps one value
 * instead of the multiset of every value. `retract` throws InternalError: the planner must not
 * give such a call retracting input.
 */
export function minMaxInsertOnly(which: 'min' | 'max', type: SqlType): AggregateFunction<unknown> {
  const sign = which === 'min' ? 1 : -1;
  const direct = SELF_KEYED.has(type.id);
  const ordered = ORDERED_PRIMITIVE.has(type.id);
  /** The better of two non-null plain values. */
  const pick: (a: unknown, b: unknown) => unknown = ordered
    ? sign > 0
      ? (a, b) => ((b as number) < (a as number) ? b : a)
      : (a, b) => ((b as number) > (a as number) ? b : a)
    : direct
      ? (a, b) => (sign * compareValues(type, b, a) < 0 ? b : a)
      : (a, b) => (sign * compareValues(type, fromPlain(type, b), fromPlain(type, a)) < 0 ? b : a);
  const plainOf = direct ? (v: unknown) => v : (v: unknown) => toPlain(type, v);
  return {
    name: which,
    argTypes: [type],
    returnType: type,
    createAccumulator: () => null,
    accumulate(acc, args) {
      const v = args[0];
      if (v === null) return acc;
      return acc === null ? plainOf(v) : pick(acc, plainOf(v));
    },
    retract() {
      throw new InternalError(`${which} without retraction received a retraction`);
    },
    merge: (acc, other) => (other === null ? acc : acc === null ? other : pick(acc, other)),
    getValue: (acc) => (acc === null ? null : direct ? acc : fromPlain(type, acc)),
  };
}
