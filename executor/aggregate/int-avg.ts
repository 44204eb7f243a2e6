/**
 * avg of integers as PostgreSQL's numeric division of the exact sum by the count
 * (numeric.c select_div_scale and div_var, rounding half away from zero), computed with BigInt
 * when both are safe integers: the same value and display scale as `pgDivide`, without decimal.js
 * arithmetic per result.
 */
import { Decimal } from 'decimal.js';
import { withScale } from '../../common/numeric-scale.ts';

/** NBASE (10000) weight and first NBASE digit of a non-negative safe integer, as PostgreSQL's NumericVar. */
function head(n: number): [number, number] {
  if (n === 0) return [0, 0];
  const e = Math.floor(Math.log10(n));
  // log10 can be off by one next to a power of ten.
  const digits = 10 ** e > n ? e - 1 : 10 ** (e + 1) <= n ? e + 1 : e;
  const weight = Math.floor(digits / 4);
  return [weight, Math.floor(n / 10 ** (weight * 4))];
}

const POW10: bigint[] = [];
function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) POW10[n] = p = 10n ** BigInt(n);
  return p;
}

/** sum ÷ count (count > 0, both safe integers) as numeric with PostgreSQL's division scale. */
export function intAverage(sum: number, count: number): Decimal {
  const [w1, d1] = head(Math.abs(sum));
  const [w2, d2] = head(count);
  let qweight = w1 - w2;
  if (d1 <= d2) qweight--;
  const rscale = Math.min(Math.max(16 - qweight * 4, 0), 1000);
  const c = BigInt(count);
  const n = BigInt(Math.abs(sum)) * pow10(rscale);
  let q = n / c;
  if ((n % c) * 2n >= c) q++;
  let text = q.toString();
  if (rscale > 0) {
    text = text.padStart(rscale + 1, '0');
    text = `${text.slice(0, text.length - rscale)}.${text.slice(text.length - rscale)}`;
  }
  return withScale(new Decimal(sum < 0 ? `-${text}` : text), rscale);
}
