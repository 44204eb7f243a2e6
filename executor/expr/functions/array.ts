/**
 * Array concatenation (PostgreSQL docs §9.19 "Array Functions and Operators"): `anyarray ||
 * anyarray` and array_cat. Like PostgreSQL's array_cat these are not strict: a NULL side yields the
 * other side (`NULL || '{a}'` is `{a}`). Strom arrays are one-dimensional, so concatenation appends.
 */
import { def, ANY_ARRAY, type FunctionImpl } from './types.ts';

const cat = (a: readonly unknown[] | null, b: readonly unknown[] | null): readonly unknown[] | null => (a === null ? b : b === null ? a : [...a, ...b]);

/** The array overloads (the result has the first argument's type, see registry.ts). */
export const ARRAY_FUNCTIONS: readonly FunctionImpl[] = [
  def('array_cat_op', '||', [ANY_ARRAY, ANY_ARRAY], ANY_ARRAY, cat, { strict: false }),
  def('array_cat', 'array_cat', [ANY_ARRAY, ANY_ARRAY], ANY_ARRAY, cat, { strict: false }),
];
