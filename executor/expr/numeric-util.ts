/**
 * Integer range checks, the canonical int8 representation (number when safe, else bigint; see
 * common/types.ts) and exact decimal arithmetic for numeric, shared by casts and functions.
 * Errors follow PostgreSQL: 22003 `integer out of range` / `bigint out of range` /
 * `smallint out of range`, 22012 `division by zero`.
 */
import { Decimal } from 'decimal.js';
import { SqlError, SqlState } from '../../common/errors.ts';
import { withScale } from '../../common/numeric-scale.ts';

/**
 * A private Decimal constructor for exact add/sub/mul (no rounding below a billion digits).
 * Results are converted back with `plain()` so that no instance of it leaks: a later `.div()` on
 * one would compute a billion digits.
 */
const Exact = Decimal.clone({ precision: 1e9, rounding: Decimal.ROUND_HALF_UP, modulo: Decimal.ROUND_DOWN });
/** A private Decimal constructor whose precision is set per call (division, roots, logarithms). */
const Approx = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_DOWN, modulo: Decimal.ROUND_DOWN });

/** `v` as a plain Decimal instance (the shared constructor's). */
export function plain(v: Decimal): Decimal {
  return v.constructor === Decimal ? v : new Decimal(v);
}

/** `v` (number, bigint or Decimal) as an exact-arithmetic Decimal. */
export function exact(v: unknown): Decimal {
  if (v instanceof Decimal) return new Exact(v);
  return new Exact(typeof v === 'bigint' ? v.toString() : (v as number));
}

/** Decimal for a number/bigint/Decimal value; an integer becomes a numeric of display scale 0 (PostgreSQL int8_numeric). */
export function toDecimal(v: unknown): Decimal {
  if (v instanceof Decimal) return v;
  const d = new Decimal(typeof v === 'bigint' ? v.toString() : (v as number));
  return typeof v === 'bigint' || Number.isInteger(v) ? withScale(d, 0) : d;
}

/** Runs `f` with the approximate constructor at `precision` significant digits (rounding down). */
export function approx<T>(precision: number, f: (D: typeof Decimal) => T): T {
  Approx.set({ precision: Math.max(1, Math.min(precision, 100_000)) });
  return f(Approx);
}

/** 22003 with PostgreSQL's message for an out-of-range integer type. */
export function outOfRange(type: 'int2' | 'int4' | 'int8'): SqlError {
  const name = type === 'int2' ? 'smallint' : type === 'int4' ? 'integer' : 'bigint';
  return new SqlError(SqlState.numericValueOutOfRange, `${name} out of range`);
}

/** 22012 `division by zero`. */
export function divisionByZero(): SqlError {
  return new SqlError(SqlState.divisionByZero, 'division by zero');
}

/** `n` if it fits int2, else 22003. */
export function checkInt2(n: number): number {
  if (n > 32767 || n < -32768 || n !== n) throw outOfRange('int2');
  return n + 0;
}

/** `n` if it fits int4, else 22003. */
export function checkInt4(n: number): number {
  if (n > 2147483647 || n < -2147483648 || n !== n) throw outOfRange('int4');
  return n + 0;
}

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint in the int8 range in canonical form (number when safe), else 22003 `bigint out of range`. */
export function canonInt8(b: bigint): number | bigint {
  if (b >= -MAX_SAFE && b <= MAX_SAFE) return Number(b);
  if (b < INT8_MIN || b > INT8_MAX) throw outOfRange('int8');
  return b;
}

/** Any integer value (number or bigint) as bigint. */
export function big(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** Rounds half to even, as C's rint() in the default rounding mode (PostgreSQL float → int, round(float8)). */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r === 0 ? 0 * Math.sign(x) : r;
}

/** A float's value as int2/int4/int8 (rint, then range check), as PostgreSQL's dtoi4 and friends. */
export function floatToInt(x: number, type: 'int2' | 'int4' | 'int8'): number | bigint {
  const r = rint(x);
  if (!Number.isFinite(r)) throw outOfRange(type);
  if (type === 'int2') return checkInt2(r);
  if (type === 'int4') return checkInt4(r);
  if (Number.isSafeInteger(r)) return r + 0;
  if (r >= 9223372036854775808 || r < -9223372036854775808) throw outOfRange('int8');
  return canonInt8(BigInt(r));
}

/** A numeric's value as int2/int4/int8, rounding half away from zero (PostgreSQL numeric_int4). */
export function decimalToInt(d: Decimal, type: 'int2' | 'int4' | 'int8'): number | bigint {
  if (d.isNaN()) throw new SqlError(SqlState.featureNotSupported, `cannot convert NaN to ${type === 'int2' ? 'smallint' : type === 'int4' ? 'integer' : 'bigint'}`);
  if (!d.isFinite()) throw new SqlError(SqlState.featureNotSupported, `cannot convert infinity to ${type === 'int2' ? 'smallint' : type === 'int4' ? 'integer' : 'bigint'}`);
  const r = d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (type === 'int8') {
    if (r.abs().gt('9223372036854775808')) throw outOfRange('int8');
    return canonInt8(BigInt(r.toFixed(0)));
  }
  const n = r.toNumber();
  return type === 'int2' ? checkInt2(n) : checkInt4(n);
}

/**
 * Float formatted with `digits` significant digits (C's %.*g) as a numeric, as PostgreSQL
 * float8_numeric: the display scale is that of the %g text, which drops trailing zeros (1.5 → 1,
 * 1e20 → 0, 1.5e-5 → 6), i.e. the decimal places of the rounded value.
 */
export function floatToDecimal(x: number, digits: number): Decimal {
  if (Number.isNaN(x)) return new Decimal(NaN);
  if (!Number.isFinite(x)) return new Decimal(x);
  const d = new Decimal(x.toPrecision(digits));
  return withScale(d, d.decimalPlaces());
}

/** A numeric value's NBASE (10000) weight and first NBASE digit, as PostgreSQL's NumericVar. */
export function nbaseHead(d: Decimal): [number, number] {
  if (d.isZero()) return [0, 0];
  const e = d.e; // decimal exponent of the first digit
  const weight = Math.floor(e / 4);
  const k = e - weight * 4 + 1; // digits of the first NBASE digit
  const digits = d.abs().toFixed().replace('.', '').replace(/^0+/, '');
  return [weight, Number(digits.slice(0, k).padEnd(k, '0'))];
}
