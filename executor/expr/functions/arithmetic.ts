/**
 * Arithmetic operators `+ - * / % ^`, unary minus (`neg`) and `abs`/`@` for int2, int4, int8,
 * numeric, float4 and float8 (PostgreSQL docs §9.3). Integer results are range-checked (22003
 * `integer out of range` / `bigint out of range` / `smallint out of range`); int8 stays exact past
 * 2^53 through BigInt, in the canonical number|bigint form. Division by zero is 22012 for every type;
 * integer division truncates toward zero; `%` takes the sign of the dividend. Float results that
 * overflow raise 22003 `value out of range: overflow` (`underflow` likewise). numeric results carry
 * PostgreSQL's display scale (common/numeric-scale.ts): + − % the larger input scale, * the sum,
 * / at least 16 significant digits by numeric.c's select_div_scale.
 */
import { Decimal } from 'decimal.js';
import { SqlError, SqlState } from '../../../common/errors.ts';
import { dscaleOf, NUMERIC_MAX_DISPLAY_SCALE, withScale } from '../../../common/numeric-scale.ts';
import { T } from '../../../common/types.ts';
import { approx, big, canonInt8, checkInt2, checkInt4, divisionByZero, exact, nbaseHead, plain, toDecimal } from '../numeric-util.ts';
import { def, type FunctionImpl } from './types.ts';

type Num = number | bigint;

// ---- int8 (canonical number | bigint)

/** int8 + int8. */
export function int8Add(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return canonInt8(big(a) + big(b));
}
/** int8 - int8. */
export function int8Sub(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return canonInt8(big(a) - big(b));
}
/** int8 * int8. */
export function int8Mul(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return canonInt8(big(a) * big(b));
}
/** int8 / int8, truncating toward zero. */
export function int8Div(a: Num, b: Num): Num {
  if (b === 0) throw divisionByZero();
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) + 0;
  return canonInt8(big(a) / big(b));
}
/** int8 % int8, with the dividend's sign. */
export function int8Mod(a: Num, b: Num): Num {
  if (b === 0) throw divisionByZero();
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return canonInt8(big(a) % big(b));
}

// ---- float

function overflow(): SqlError {
  return new SqlError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
}
function underflow(): SqlError {
  return new SqlError(SqlState.numericValueOutOfRange, 'value out of range: underflow');
}
/** Checks a float result as PostgreSQL's float_overflow_error / float_underflow_error. */
function fchk(r: number, a: number, b: number, zeroOk: boolean): number {
  if (r === Infinity || r === -Infinity) {
    if (Number.isFinite(a) && Number.isFinite(b)) throw overflow();
  } else if (r === 0 && !zeroOk) throw underflow();
  return r;
}
const fadd = (a: number, b: number) => fchk(a + b, a, b, true);
const fsub = (a: number, b: number) => fchk(a - b, a, b, true);
const fmul = (a: number, b: number) => fchk(a * b, a, b, a === 0 || b === 0);
const fdiv = (a: number, b: number) => {
  if (b === 0 && !Number.isNaN(a)) throw divisionByZero();
  return fchk(a / b, a, b, a === 0 || !Number.isFinite(b));
};
const f4 = (f: (a: number, b: number) => number) => (a: number, b: number) => {
  const x = f(a, b);
  const r = Math.fround(x);
  if (!Number.isFinite(r) && Number.isFinite(x)) throw overflow();
  if (r === 0 && x !== 0) throw underflow();
  return r;
};

/** float8 ^ float8 with PostgreSQL's errors for 0 ^ negative and negative ^ fractional (2201F). */
export function floatPow(a: number, b: number): number {
  if (a === 0 && b < 0) throw new SqlError('2201F', 'zero raised to a negative power is undefined');
  if (a < 0 && Number.isFinite(b) && !Number.isInteger(b)) {
    throw new SqlError('2201F', 'a negative number raised to a non-integer power yields a complex result');
  }
  if (a === 1 || b === 0) return 1;
  return fchk(a ** b, a, b, true);
}

// ---- numeric

/** numeric + numeric; display scale max(dscale(a), dscale(b)) (numeric.c add_var). */
export function numericAdd(a: Decimal, b: Decimal): Decimal {
  return withScale(plain(exact(a).plus(b)), Math.max(dscaleOf(a), dscaleOf(b)));
}
/** numeric - numeric; display scale max(dscale(a), dscale(b)). */
export function numericSub(a: Decimal, b: Decimal): Decimal {
  return withScale(plain(exact(a).minus(b)), Math.max(dscaleOf(a), dscaleOf(b)));
}
/** numeric * numeric, exact; display scale dscale(a) + dscale(b) (numeric.c mul_var). */
export function numericMul(a: Decimal, b: Decimal): Decimal {
  return withScale(plain(exact(a).times(b)), dscaleOf(a) + dscaleOf(b));
}

/**
 * numeric / numeric, rounded half away from zero to PostgreSQL's select_div_scale result scale:
 * max(16 − 4·qweight, dscale(a), dscale(b)) clamped to 0..1000, where qweight estimates the
 * quotient's NBASE (10000) weight. That scale is also the result's display scale (0 / 3.0 prints 20 zeros).
 */
export function numericDiv(a: Decimal, b: Decimal): Decimal {
  if (b.isZero()) throw divisionByZero();
  if (!a.isFinite() || !b.isFinite()) return a.div(b);
  const [w1, d1] = nbaseHead(a);
  const [w2, d2] = nbaseHead(b);
  let qweight = w1 - w2;
  if (d1 <= d2) qweight--;
  let rscale = 16 - qweight * 4;
  rscale = Math.min(Math.max(rscale, dscaleOf(a), dscaleOf(b), 0), NUMERIC_MAX_DISPLAY_SCALE);
  const intDigits = Math.max(1, (qweight + 1) * 4 + 1);
  const q = approx(intDigits + rscale + 4, (D) => plain(new D(a).div(b).toDecimalPlaces(rscale, Decimal.ROUND_HALF_UP)));
  return withScale(q, rscale);
}

/** numeric % numeric (sign of the dividend); display scale max(dscale(a), dscale(b)) (numeric.c mod_var). */
export function numericMod(a: Decimal, b: Decimal): Decimal {
  if (b.isZero()) throw divisionByZero();
  return withScale(plain(exact(a).mod(b)), Math.max(dscaleOf(a), dscaleOf(b)));
}

/** C's (int) cast of a double: truncation toward zero. */
const cInt = (x: number) => Math.trunc(x) + 0;

/** log10 |d| as a double, for d ≠ 0 of any magnitude. */
export function log10Abs(d: Decimal): number {
  const m = d.abs().toExponential(16);
  const e = m.indexOf('e');
  return Math.log10(Number(m.slice(0, e))) + Number(m.slice(e + 1));
}

/**
 * numeric ^ numeric. Result scale as numeric.c power_var / power_var_int: 16 − (int) log10|result|
 * (estimated as b · log10|a| for an integer exponent), at least dscale(a) and dscale(b), clamped to
 * 0..1000; exact before rounding for small non-negative integer exponents, else 16+ significant digits.
 */
export function numericPow(a: Decimal, b: Decimal): Decimal {
  if (a.isZero() && b.isNeg()) throw new SqlError('2201F', 'zero raised to a negative power is undefined');
  if (a.isNeg() && !b.isInteger()) {
    throw new SqlError('2201F', 'a negative number raised to a non-integer power yields a complex result');
  }
  const minScale = Math.max(dscaleOf(a), dscaleOf(b), 0);
  const scaleFor = (log10r: number) => Math.min(Math.max(16 - cInt(log10r), minScale), NUMERIC_MAX_DISPLAY_SCALE);
  if (b.isInteger() && !b.isNeg() && b.lte(1000)) {
    const rscale = scaleFor(a.isZero() ? 0 : b.toNumber() * log10Abs(a));
    return withScale(plain(exact(a).pow(b).toDecimalPlaces(rscale, Decimal.ROUND_HALF_UP)), rscale);
  }
  return approx(40, (D) => {
    const r = new D(a).pow(b);
    const rscale = scaleFor(r.isZero() || !r.isFinite() ? 0 : log10Abs(r));
    return withScale(plain(r.toDecimalPlaces(rscale, Decimal.ROUND_HALF_UP)), rscale);
  });
}

// ---- registration

type IntT = 'int2' | 'int4';
function smallInt(t: IntT): FunctionImpl[] {
  const ty = T[t];
  const chk = t === 'int2' ? checkInt2 : checkInt4;
  return [
    def(`${t}_add`, '+', [ty, ty], ty, (a: number, b: number) => chk(a + b)),
    def(`${t}_sub`, '-', [ty, ty], ty, (a: number, b: number) => chk(a - b)),
    def(`${t}_mul`, '*', [ty, ty], ty, (a: number, b: number) => chk(a * b)),
    def(`${t}_div`, '/', [ty, ty], ty, (a: number, b: number) => {
      if (b === 0) throw divisionByZero();
      return chk(Math.trunc(a / b));
    }),
    def(`${t}_mod`, '%', [ty, ty], ty, (a: number, b: number) => {
      if (b === 0) throw divisionByZero();
      return (a % b) + 0;
    }),
    def(`${t}_mod_fn`, 'mod', [ty, ty], ty, (a: number, b: number) => {
      if (b === 0) throw divisionByZero();
      return (a % b) + 0;
    }),
    def(`${t}_neg`, 'neg', [ty], ty, (a: number) => chk(-a)),
    def(`${t}_abs`, 'abs', [ty], ty, (a: number) => chk(Math.abs(a))),
    def(`${t}_abs_op`, '@', [ty], ty, (a: number) => chk(Math.abs(a))),
  ];
}

const numericAbs = (a: Decimal): Decimal => withScale(toDecimal(a).abs(), dscaleOf(a));
const int8Abs = (a: Num): Num => (typeof a === 'number' ? Math.abs(a) : canonInt8(a < 0n ? -a : a));
const int8Neg = (a: Num): Num => (typeof a === 'number' ? -a + 0 : canonInt8(-a));

const float8 = T.float8;
const float4 = T.float4;
const numeric = T.numeric;
const int8 = T.int8;

/** The arithmetic overloads. */
export const ARITHMETIC_FUNCTIONS: readonly FunctionImpl[] = [
  ...smallInt('int2'),
  ...smallInt('int4'),
  def('int8_add', '+', [int8, int8], int8, int8Add),
  def('int8_sub', '-', [int8, int8], int8, int8Sub),
  def('int8_mul', '*', [int8, int8], int8, int8Mul),
  def('int8_div', '/', [int8, int8], int8, int8Div),
  def('int8_mod', '%', [int8, int8], int8, int8Mod),
  def('int8_mod_fn', 'mod', [int8, int8], int8, int8Mod),
  def('int8_neg', 'neg', [int8], int8, int8Neg),
  def('int8_abs', 'abs', [int8], int8, int8Abs),
  def('int8_abs_op', '@', [int8], int8, int8Abs),

  def('float8_add', '+', [float8, float8], float8, fadd),
  def('float8_sub', '-', [float8, float8], float8, fsub),
  def('float8_mul', '*', [float8, float8], float8, fmul),
  def('float8_div', '/', [float8, float8], float8, fdiv),
  def('float8_pow', '^', [float8, float8], float8, floatPow),
  def('float8_neg', 'neg', [float8], float8, (a: number) => -a),
  def('float8_abs', 'abs', [float8], float8, Math.abs),
  def('float8_abs_op', '@', [float8], float8, Math.abs),

  def('float4_add', '+', [float4, float4], float4, f4(fadd)),
  def('float4_sub', '-', [float4, float4], float4, f4(fsub)),
  def('float4_mul', '*', [float4, float4], float4, f4(fmul)),
  def('float4_div', '/', [float4, float4], float4, f4(fdiv)),
  def('float4_neg', 'neg', [float4], float4, (a: number) => -a),
  def('float4_abs', 'abs', [float4], float4, Math.abs),
  def('float4_abs_op', '@', [float4], float4, Math.abs),

  def('numeric_add', '+', [numeric, numeric], numeric, numericAdd),
  def('numeric_sub', '-', [numeric, numeric], numeric, numericSub),
  def('numeric_mul', '*', [numeric, numeric], numeric, numericMul),
  def('numeric_div', '/', [numeric, numeric], numeric, numericDiv),
  def('numeric_mod', '%', [numeric, numeric], numeric, numericMod),
  def('numeric_mod_fn', 'mod', [numeric, numeric], numeric, numericMod),
  def('numeric_pow', '^', [numeric, numeric], numeric, numericPow),
  def('numeric_neg', 'neg', [numeric], numeric, (a: Decimal) => withScale(toDecimal(a).neg(), dscaleOf(a))),
  def('numeric_abs', 'abs', [numeric], numeric, numericAbs),
  def('numeric_abs_op', '@', [numeric], numeric, numericAbs),
];
