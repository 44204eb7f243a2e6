/**
 * Exact numeric arithmetic for aggregates, as PostgreSQL's numeric (src/backend/utils/adt/numeric.c):
 * sums never round (decimal.js's default 20-digit precision would), and division picks its result
 * scale with PostgreSQL's select_div_scale (at least 16 significant digits), rounding half away
 * from zero.
 */
import { Decimal } from 'decimal.js';

/** A decimal.js constructor whose add/subtract keep every digit (PostgreSQL numeric's limit is below 1e9 digits). */
const Exact = Decimal.clone({ precision: 1e9, rounding: Decimal.ROUND_HALF_UP });
/** Division scratch constructor; its precision is set per call. */
const Div = Decimal.clone({ rounding: Decimal.ROUND_DOWN });

/** a + b without rounding, as a Decimal of the shared constructor. */
export function exactAdd(a: Decimal.Value, b: Decimal.Value): Decimal {
  return new Decimal(new Exact(a).plus(b));
}

/** a − b without rounding. */
export function exactSub(a: Decimal.Value, b: Decimal.Value): Decimal {
  return new Decimal(new Exact(a).minus(b));
}

/** Weight (base-10000 digit position) and first base-10000 digit of x, as numeric.c sees them. */
function weightAndFirst(x: Decimal): [number, number] {
  if (x.isZero() || !x.isFinite()) return [0, 0];
  const w = Math.floor(x.e / 4);
  const first = x.abs().times(new Exact(10).pow(-4 * w)).trunc().toNumber();
  return [w, first];
}

/**
 * a / b with PostgreSQL's result scale: rscale = max(16 − 4·qweight, dscale(a), dscale(b), 0),
 * at most 1000. b must be non-zero.
 */
export function pgDivide(a: Decimal, b: Decimal): Decimal {
  const [w1, f1] = weightAndFirst(a);
  const [w2, f2] = weightAndFirst(b);
  let qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  let rscale = 16 - qweight * 4;
  rscale = Math.min(1000, Math.max(rscale, a.decimalPlaces(), b.decimalPlaces(), 0));
  const intDigits = Math.max(1, a.e - b.e + 2);
  Div.set({ precision: intDigits + rscale + 4 });
  const q = new Div(a).div(new Div(b));
  return new Decimal(q.toDecimalPlaces(rscale, Decimal.ROUND_HALF_UP));
}
