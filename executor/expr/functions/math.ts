/**
 * Mathematical functions (PostgreSQL docs §9.3 Table 9.5): round, trunc, ceil/ceiling, floor,
 * sign, sqrt, cbrt, power/pow, exp, ln, log, log10, pi, random, degrees, radians. float8 versions
 * follow C's libm (round(float8) rounds half to even, as rint); numeric versions are decimal (round
 * half away from zero) and carry PostgreSQL's display scale (round(x, n) → n, ceil/floor → 0,
 * transcendental functions at least 16 significant digits as numeric.c chooses). Errors (2201F /
 * 2201E): square root of a negative number, logarithm of zero or of a negative number.
 */
import { Decimal } from 'decimal.js';
import { SqlError } from '../../../common/errors.ts';
import { T } from '../../../common/types.ts';
import { dscaleOf, NUMERIC_MAX_DISPLAY_SCALE, withScale } from '../../../common/numeric-scale.ts';
import { approx, exact, nbaseHead, plain, rint, toDecimal } from '../numeric-util.ts';
import { floatPow, log10Abs, numericPow } from './arithmetic.ts';
import { def, type FunctionImpl } from './types.ts';

const f8 = T.float8;
const num = T.numeric;
const int4 = T.int4;
const TEN = new Decimal(10);

function negSqrt(): SqlError {
  return new SqlError('2201F', 'cannot take square root of a negative number');
}
function logError(x: number | Decimal): SqlError {
  const zero = typeof x === 'number' ? x === 0 : x.isZero();
  return new SqlError('2201E', zero ? 'cannot take logarithm of zero' : 'cannot take logarithm of a negative number');
}

/** `d` rounded half away from zero to `rscale` (clamped to 0..1000), carrying it as its display scale. */
function atScale(d: Decimal, rscale: number): Decimal {
  const s = Math.min(Math.max(rscale, 0), NUMERIC_MAX_DISPLAY_SCALE);
  if (!d.isFinite()) return plain(d);
  return withScale(plain(d.toDecimalPlaces(s, Decimal.ROUND_HALF_UP)), s);
}
const NEAR_ONE_LO = new Decimal('0.9');
const NEAR_ONE_HI = new Decimal('1.1');
/**
 * numeric.c's estimate_ln_dweight: the decimal weight of ln(x) — for 0.9 ≤ x ≤ 1.1 that of x − 1
 * (floor log10, 0 for x = 1), else (int) log10 |ln x| (truncated toward zero). `ln` is ln(x).
 */
function lnDweight(x: Decimal, ln: Decimal): number {
  if (x.gte(NEAR_ONE_LO) && x.lte(NEAR_ONE_HI)) {
    const d = x.minus(1);
    return d.isZero() ? 0 : d.e;
  }
  return ln.isZero() ? 0 : Math.trunc(log10Abs(ln)) + 0;
}

/** sqrt: scale 16 − (2·weight + 1), weight the argument's NBASE weight (numeric.c numeric_sqrt). */
function numericSqrt(x: Decimal): Decimal {
  if (x.isNeg()) throw negSqrt();
  const sweight = 2 * nbaseHead(x)[0] + 1;
  return approx(60, (D) => atScale(new D(x).sqrt(), Math.max(16 - sweight, dscaleOf(x))));
}
/** ln: scale 16 − the estimated decimal weight of the result (numeric.c numeric_ln). */
function numericLn(x: Decimal): Decimal {
  if (x.lte(0)) throw logError(x);
  return approx(60, (D) => {
    const r = new D(x).ln();
    return atScale(r, Math.max(16 - lnDweight(x, r), dscaleOf(x)));
  });
}
/** log_b(x): scale 16 − (dweight(ln x) − dweight(ln b)), at least both input scales (numeric.c log_var). */
function numericLogBase(b: Decimal, x: Decimal): Decimal {
  if (b.lte(0)) throw logError(b);
  if (x.lte(0)) throw logError(x);
  if (b.eq(1)) throw new SqlError('22012', 'division by zero');
  return approx(60, (D) => {
    const lx = new D(x).ln();
    const lb = new D(b).ln();
    return atScale(lx.div(lb), Math.max(16 - (lnDweight(x, lx) - lnDweight(b, lb)), dscaleOf(b), dscaleOf(x)));
  });
}
function numericLog10(x: Decimal): Decimal {
  return numericLogBase(TEN, x);
}
/** exp: scale 16 − (int) (x · log10 e) (numeric.c numeric_exp). */
function numericExp(x: Decimal): Decimal {
  const w = Math.trunc(x.toNumber() * Math.LOG10E) + 0;
  return approx(60, (D) => atScale(new D(x).exp(), Math.max(16 - w, dscaleOf(x))));
}

/** round(x, s) / trunc(x, s): display scale max(s, 0) (numeric.c numeric_round / numeric_trunc). */
function roundOrTrunc(x: Decimal, s: number, rm: Decimal.Rounding): Decimal {
  const d = toDecimal(x);
  if (!d.isFinite()) return d;
  if (s >= 0) return withScale(d.toDecimalPlaces(Math.min(s, NUMERIC_MAX_DISPLAY_SCALE), rm), Math.min(s, NUMERIC_MAX_DISPLAY_SCALE));
  return withScale(plain(exact(d).times(`1e${s}`).toDecimalPlaces(0, rm).times(`1e${-s}`)), 0);
}
const roundNumeric = (x: Decimal, s = 0) => roundOrTrunc(x, s, Decimal.ROUND_HALF_UP);
const truncNumeric = (x: Decimal, s = 0) => roundOrTrunc(x, s, Decimal.ROUND_DOWN);
/** ceil / floor: display scale 0. */
const ceilNumeric = (x: Decimal) => withScale(toDecimal(x).ceil(), 0);
const floorNumeric = (x: Decimal) => withScale(toDecimal(x).floor(), 0);
/** sign: -1, 0 or 1 of display scale 0. */
const signNumeric = (x: Decimal) => withScale(new Decimal(x.isZero() ? 0 : x.isNeg() ? -1 : 1), 0);

function fsqrt(x: number): number {
  if (x < 0) throw negSqrt();
  return Math.sqrt(x);
}
function fln(x: number): number {
  if (x <= 0) throw logError(x);
  return Math.log(x);
}
function flog10(x: number): number {
  if (x <= 0) throw logError(x);
  return Math.log10(x);
}
function fexp(x: number): number {
  const r = Math.exp(x);
  if (r === Infinity && Number.isFinite(x)) throw new SqlError('22003', 'value out of range: overflow');
  if (r === 0 && Number.isFinite(x)) throw new SqlError('22003', 'value out of range: underflow');
  return r;
}

/** The math overloads. */
export const MATH_FUNCTIONS: readonly FunctionImpl[] = [
  def('float8_round', 'round', [f8], f8, rint),
  def('numeric_round', 'round', [num], num, (x: Decimal) => roundNumeric(x)),
  def('numeric_round_scale', 'round', [num, int4], num, roundNumeric),
  def('float8_trunc', 'trunc', [f8], f8, (x: number) => Math.trunc(x)),
  def('numeric_trunc', 'trunc', [num], num, (x: Decimal) => truncNumeric(x)),
  def('numeric_trunc_scale', 'trunc', [num, int4], num, truncNumeric),
  def('float8_ceil', 'ceil', [f8], f8, Math.ceil),
  def('float8_ceiling', 'ceiling', [f8], f8, Math.ceil),
  def('numeric_ceil', 'ceil', [num], num, ceilNumeric),
  def('numeric_ceiling', 'ceiling', [num], num, ceilNumeric),
  def('float8_floor', 'floor', [f8], f8, Math.floor),
  def('numeric_floor', 'floor', [num], num, floorNumeric),
  def('float8_sign', 'sign', [f8], f8, (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN)),
  def('numeric_sign', 'sign', [num], num, signNumeric),
  def('float8_sqrt', 'sqrt', [f8], f8, fsqrt),
  def('numeric_sqrt', 'sqrt', [num], num, numericSqrt),
  def('float8_cbrt', 'cbrt', [f8], f8, Math.cbrt),
  def('float8_power', 'power', [f8, f8], f8, floatPow),
  def('float8_pow_fn', 'pow', [f8, f8], f8, floatPow),
  def('numeric_power', 'power', [num, num], num, numericPow),
  def('numeric_pow_fn', 'pow', [num, num], num, numericPow),
  def('float8_exp', 'exp', [f8], f8, fexp),
  def('numeric_exp', 'exp', [num], num, numericExp),
  def('float8_ln', 'ln', [f8], f8, fln),
  def('numeric_ln', 'ln', [num], num, numericLn),
  def('float8_log', 'log', [f8], f8, flog10),
  def('float8_log10', 'log10', [f8], f8, flog10),
  def('numeric_log', 'log', [num], num, numericLog10),
  def('numeric_log10', 'log10', [num], num, numericLog10),
  def('numeric_log_base', 'log', [num, num], num, numericLogBase),
  def('pi', 'pi', [], f8, () => Math.PI),
  def('random', 'random', [], f8, () => Math.random(), { volatile: true }),
  def('degrees', 'degrees', [f8], f8, (x: number) => (x * 180) / Math.PI),
  def('radians', 'radians', [f8], f8, (x: number) => (x * Math.PI) / 180),
];
