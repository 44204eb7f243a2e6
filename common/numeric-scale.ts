/**
 * The display scale of numeric values (PostgreSQL docs §8.1.2; `dscale` in
 * src/backend/utils/adt/numeric.c): the number of digits after the decimal point a value prints
 * with, kept beside its value. A numeric is a decimal.js `Decimal` (which drops trailing zeros);
 * producers attach the display scale PostgreSQL's rules give (`withScale`), and every consumer
 * reads it back with `dscaleOf` — a Decimal with none attached prints with its own decimal places.
 * `numericText` is numeric_out (never exponent notation); `parseNumericText` is numeric_in's scale rule
 * (digits after the point minus the exponent, at least 0: `1.50` → 2, `1e3` → 0, `1.5e-2` → 3).
 * Equal values with different scales are equal SQL values (1.5 = 1.50): comparisons and keys use
 * the value only (`Decimal#cmp`, `Decimal#toString`).
 */
import { Decimal } from 'decimal.js';

/** A Decimal carrying a display scale. */
type Scaled = Decimal & { dscale?: number };

/** PostgreSQL's largest display scale (NUMERIC_MAX_DISPLAY_SCALE). */
export const NUMERIC_MAX_DISPLAY_SCALE = 1000;

/**
 * `d` with display scale `dscale` (digits after the point, 0..1000). Sets it in place, so `d` must
 * be a value its caller made (not one it was given); a value already carrying another scale is copied.
 */
export function withScale(d: Decimal, dscale: number): Decimal {
  const s = d as Scaled;
  if (s.dscale === undefined || s.dscale === dscale) {
    s.dscale = dscale;
    return s;
  }
  const c = new Decimal(d) as Scaled;
  c.dscale = dscale;
  return c;
}

/** The display scale of `d`: the attached one, else its decimal places (0 for NaN and ±Infinity). */
export function dscaleOf(d: Decimal): number {
  const s = (d as Scaled).dscale;
  if (s !== undefined) return s;
  return d.isFinite() ? d.decimalPlaces() : 0;
}

/** numeric_out: `d` with exactly its display scale of digits after the point; `NaN`, `Infinity`, `-Infinity`. */
export function numericText(d: Decimal): string {
  if (!d.isFinite()) return d.isNaN() ? 'NaN' : d.isNeg() ? '-Infinity' : 'Infinity';
  return d.toFixed(dscaleOf(d));
}

/**
 * The display scale numeric_in gives a numeric text already known to be valid (`[+-]digits[.digits][e±n]`):
 * digits after the point minus the exponent, clamped to 0..1000.
 */
export function textScale(s: string): number {
  const dot = s.indexOf('.');
  let e = s.indexOf('e');
  if (e < 0) e = s.indexOf('E');
  let scale = dot < 0 ? 0 : (e < 0 ? s.length : e) - dot - 1;
  if (e >= 0) scale -= Number(s.slice(e + 1));
  return scale < 0 ? 0 : scale > NUMERIC_MAX_DISPLAY_SCALE ? NUMERIC_MAX_DISPLAY_SCALE : scale;
}

/**
 * A valid numeric text (as `numericText` writes, or a literal's digits) as a Decimal with
 * numeric_in's display scale. `NaN`, `Infinity` and `-Infinity` are accepted as decimal.js reads them.
 */
export function parseNumericText(s: string): Decimal {
  const d = new Decimal(s) as Scaled;
  d.dscale = d.isFinite() ? textScale(s) : 0;
  return d;
}

/** Bytes `writeScaledText` may write: a sign, 16 digits of a safe integer, a point and a leading `0` (scale ≤ 15). */
export const SCALED_TEXT_MAX_BYTES = 20;

const POW10 = Array.from({ length: 17 }, (_, i) => 10 ** i);

/**
 * Writes the numeric text (numericText's form: `-`, integer digits, `.` and exactly `scale` digits)
 * of the scaled integer `u` (the value × 10^scale) as ASCII into `bytes` at `pos`, and returns the
 * number of bytes written (at most SCALED_TEXT_MAX_BYTES). `u` must be a safe integer and `scale`
 * 0..15; `-0` prints as `0`. No string is made: `writeScaledText(b, 0, -6356, 3)` writes `-6.356` and returns 6.
 * The caller ensures room for SCALED_TEXT_MAX_BYTES bytes.
 */
export function writeScaledText(bytes: Uint8Array, pos: number, u: number, scale: number): number {
  const neg = u < 0;
  let a = neg ? -u : u;
  // Digits of a, at least scale + 1 (the integer part's `0`).
  let digits = scale + 1;
  while (digits < 16 && a >= POW10[digits]!) digits++;
  const len = (neg ? 1 : 0) + digits + (scale > 0 ? 1 : 0);
  let i = pos + len - 1;
  let k = 0;
  // Above 2^31 the digits come from double arithmetic (exact for safe integers), below from int32.
  while (a > 0x7fffffff) {
    const q = Math.floor(a / 10);
    bytes[i--] = 48 + (a - q * 10);
    a = q;
    if (++k === scale) bytes[i--] = 46;
  }
  let n = a | 0;
  for (; i >= pos + (neg ? 1 : 0); ) {
    const q = (n / 10) | 0;
    bytes[i--] = 48 + (n - q * 10);
    n = q;
    if (++k === scale) bytes[i--] = 46;
  }
  if (neg) bytes[pos] = 45;
  return len;
}
