import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { dscaleOf, numericText, parseNumericText, textScale, withScale } from './numeric-scale.ts';
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
