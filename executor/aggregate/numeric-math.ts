/**
 * Exact numeric arithmetic for aggregates, as PostgreSQL's numeric (src/backend/utils/adt/numeric.c):
 * sums never round (decimal.js's default 20-digit precision would), and division picks its result
 * scale with PostgreSQL's select_div_scale (at least 16 significant digits), rounding half away
 * from zero.
 */
import { Decimal } from 'decimal.js';
import { numericDiv } from '../expr/functions/arithmetic.ts';

/** A decimal.js constructor whose add/subtract keep every digit (PostgreSQL numeric's limit is below 1e9 digits). */
const Exact = Decimal.clone({ precision: 1e9, rounding: Decimal.ROUND_HALF_UP });

/** a + b without rounding, as a Decimal of the shared constructor. */
export function exactAdd(a: Decimal.Value, b: Decimal.Value): Decimal {
  return new Decimal(new Exact(a).plus(b));
}

/** a − b without rounding. */
export function exactSub(a: Decimal.Value, b: Decimal.Value): Decimal {
  return new Decimal(new Exact(a).minus(b));
}

/**
 * a / b with PostgreSQL's result scale and display scale (numeric.c select_div_scale: at least 16
 * significant digits, at least the inputs' display scales, at most 1000). b must be non-zero.
 */
export function pgDivide(a: Decimal, b: Decimal): Decimal {
  return numericDiv(a, b);
}
