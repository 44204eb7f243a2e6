/**
 * Mathematical functions (PostgreSQL docs §9.3 Table 9.5): round, trunc, ceil/ceiling, floor,
 * sign, sqrt, cbrt, power/pow, exp, ln, log, log10, pi, random, degrees, radians. float8 versions
 * follow C's libm (round(float8) rounds half to even, as rint); numeric versions are decimal (round
 * half away from zero). Errors (2201F / 2201E): square root of a negative number, logarithm of zero
 * or of a negative number.
 */
import { Decimal } from 'decimal.js';
import { SqlError } from '../../../common/errors.ts';
import { T } from '../../../common/types.ts';
import { approx, exact, plain, rint, toDecimal } from '../numeric-util.ts';
import { floatPow, numericPow } from './arithmetic.ts';
import { def, type FunctionImpl } from './types.ts';

const f8 = T.float8;
const num = T.numeric;
const int4 = T.int4;

function negSqrt(): SqlError {
  return new SqlError('2201F', 'cannot take square root of a negative number');
}
function logError(x: number | Decimal): SqlError {
  const zero = typeof x === 'number' ? x === 0 : x.isZero();
  return new SqlError('2201E', zero ? 'cannot take logarithm of zero' : 'cannot take logarithm of a negative number');
}

/** A numeric result rounded to at least 16 significant digits (PostgreSQL's transcendental scale rule, approximately). */
function sig16(d: Decimal, minScale: number): Decimal {
  if (d.isZero() || !d.isFinite()) return plain(d);
  const scale = Math.min(Math.max(16 - (d.e + 1), minScale, 0), 1000);
  return plain(d.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP));
}

function numericSqrt(x: Decimal): Decimal {
  if (x.isNeg()) throw negSqrt();
  return approx(60, (D) => sig16(new D(x).sqrt(), x.decimalPlaces()));
}
function numericLn(x: Decimal): Decimal {
  if (x.lte(0)) throw logError(x);
  return approx(60, (D) => sig16(new D(x).ln(), x.decimalPlaces()));
}
function numericLog10(x: Decimal): Decimal {
  if (x.lte(0)) throw logError(x);
  return approx(60, (D) => sig16(new D(x).log(10), x.decimalPlaces()));
}
function numericLogBase(b: Decimal, x: Decimal): Decimal {
  if (b.lte(0)) throw logError(b);
  if (x.lte(0)) throw logError(x);
  if (b.eq(1)) throw new SqlError('22012', 'division by zero');
  return approx(60, (D) => sig16(new D(x).ln().div(new D(b).ln()), Math.max(b.decimalPlaces(), x.decimalPlaces())));
}
function numericExp(x: Decimal): Decimal {
  return approx(60, (D) => sig16(new D(x).exp(), x.decimalPlaces()));
}

function roundNumeric(x: Decimal, s = 0): Decimal {
  const d = toDecimal(x);
  if (!d.isFinite()) return d;
  if (s >= 0) return d.toDecimalPlaces(s, Decimal.ROUND_HALF_UP);
  return plain(exact(d).times(`1e${s}`).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(`1e${-s}`));
}
function truncNumeric(x: Decimal, s = 0): Decimal {
  const d = toDecimal(x);
  if (!d.isFinite()) return d;
  if (s >= 0) return d.toDecimalPlaces(s, Decimal.ROUND_DOWN);
  return plain(exact(d).times(`1e${s}`).toDecimalPlaces(0, Decimal.ROUND_DOWN).times(`1e${-s}`));
}

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
  def('numeric_ceil', 'ceil', [num], num, (x: Decimal) => toDecimal(x).ceil()),
  def('numeric_ceiling', 'ceiling', [num], num, (x: Decimal) => toDecimal(x).ceil()),
  def('float8_floor', 'floor', [f8], f8, Math.floor),
  def('numeric_floor', 'floor', [num], num, (x: Decimal) => toDecimal(x).floor()),
  def('float8_sign', 'sign', [f8], f8, (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN)),
  def('numeric_sign', 'sign', [num], num, (x: Decimal) => new Decimal(toDecimal(x).isZero() ? 0 : toDecimal(x).isNeg() ? -1 : 1)),
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
