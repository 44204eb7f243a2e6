import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { dscaleOf, numericText, parseNumericText, SCALED_TEXT_MAX_BYTES, textScale, withScale, writeScaledText } from './numeric-scale.ts';
import { formatValue, parseValue } from './pg-text.ts';
import { T } from './types.ts';

describe('numeric display scale', () => {
  it('takes numeric_in scale from text: digits after the point minus the exponent', () => {
    expect(textScale('1.50')).toBe(2);
    expect(textScale('1e3')).toBe(0);
    expect(textScale('1.5e-2')).toBe(3);
    expect(textScale('1.50E1')).toBe(1);
    expect(textScale('.5')).toBe(1);
    expect(textScale('5.')).toBe(0);
    expect(textScale('-0.000')).toBe(3);
  });

  it('prints numeric_out text, never in exponent form', () => {
    const out = (s: string) => formatValue(T.numeric, parseValue(T.numeric, s));
    expect(out('1.50')).toBe('1.50');
    expect(out('1e3')).toBe('1000');
    expect(out('1.50e1')).toBe('15.0');
    expect(out('1e21')).toBe('1000000000000000000000');
    expect(out('1e-7')).toBe('0.0000001');
    expect(out('-0.00')).toBe('0.00');
    expect(out(' 12.340 ')).toBe('12.340');
    expect(out('NaN')).toBe('NaN');
    expect(out('-Infinity')).toBe('-Infinity');
    expect(formatValue({ id: 'numeric', precision: 10, scale: 3 }, new Decimal('1.5'))).toBe('1.500');
  });

  it('falls back to the decimal places of a Decimal without a scale', () => {
    expect(dscaleOf(new Decimal('1.25'))).toBe(2);
    expect(numericText(new Decimal('1e21'))).toBe('1000000000000000000000');
  });

  it('copies a value that already carries another scale', () => {
    const a = parseNumericText('1.5');
    const b = withScale(a, 3);
    expect(numericText(a)).toBe('1.5');
    expect(numericText(b)).toBe('1.500');
    expect(a.eq(b)).toBe(true);
  });
});

describe('writeScaledText', () => {
  /** The text written for unscaled `u` at `scale`, checked against Decimal's toFixed. */
  function text(u: number, scale: number): string {
    const b = new Uint8Array(SCALED_TEXT_MAX_BYTES + 2).fill(35);
    const n = writeScaledText(b, 1, u, scale);
    expect(b[0]).toBe(35); // nothing before pos
    expect(b[n + 1]).toBe(35); // nothing after the text
    const t = new TextDecoder().decode(b.subarray(1, 1 + n));
    expect(t).toBe(new Decimal(u).div(new Decimal(10).pow(scale)).toFixed(scale));
    return t;
  }

  it('writes the integer digits, the point and exactly `scale` digits', () => {
    expect(text(-6356, 3)).toBe('-6.356');
    expect(text(5, 3)).toBe('0.005');
    expect(text(-5, 3)).toBe('-0.005');
    expect(text(0, 2)).toBe('0.00');
    expect(text(-0, 2)).toBe('0.00');
    expect(text(0, 0)).toBe('0');
    expect(text(-0, 0)).toBe('0');
    expect(text(1000, 3)).toBe('1.000');
    expect(text(908_000, 3)).toBe('908.000');
    expect(text(-42, 0)).toBe('-42');
    expect(text(7, 15)).toBe('0.000000000000007');
  });

  it('is exact up to ±(2^53 − 1), above 2^31 too', () => {
    expect(text(Number.MAX_SAFE_INTEGER, 0)).toBe('9007199254740991');
    expect(text(-Number.MAX_SAFE_INTEGER, 3)).toBe('-9007199254740.991');
    expect(text(Number.MAX_SAFE_INTEGER, 15)).toBe('9.007199254740991');
    expect(text(2 ** 31, 2)).toBe('21474836.48');
    expect(text(2 ** 31 - 1, 9)).toBe('2.147483647');
    expect(text(1e15, 15)).toBe('1.000000000000000');
    let x = 0x2545f491;
    for (let i = 0; i < 2000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const u = Math.round(((x >>> 0) / 2 ** 32 - 0.5) * 2 * 10 ** ((i % 16) + 1));
      if (Number.isSafeInteger(u)) text(u, i % 16);
    }
  });
});
