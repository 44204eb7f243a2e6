import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { numericText, withScale } from '../../common/numeric-scale.ts';
import { intAverage } from './int-avg.ts';
import { pgDivide } from './numeric-math.ts';

const viaDecimal = (s: number, c: number) => numericText(pgDivide(withScale(new Decimal(s.toString()), 0), withScale(new Decimal(c), 0)));

describe('intAverage', () => {
  it('matches numeric division (value and display scale)', () => {
    const cases: [number, number][] = [
      [0, 1],
      [0, 7],
      [1, 3],
      [-1, 3],
      [-5, 2],
      [5, 2],
      [9999, 1],
      [10000, 1],
      [9999, 10000],
      [10000, 10000],
      [999, 1000],
      [100000000, 3],
      [Number.MAX_SAFE_INTEGER, 1],
      [Number.MIN_SAFE_INTEGER, 3],
      [1, Number.MAX_SAFE_INTEGER],
    ];
    let seed = 1;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 2000; i++) {
      const s = Math.round((rnd() - 0.3) * 10 ** Math.floor(rnd() * 16));
      cases.push([s, 1 + Math.floor(rnd() * 10 ** Math.floor(rnd() * 10))]);
    }
    for (const [s, c] of cases) expect(numericText(intAverage(s, c)), `${s} / ${c}`).toBe(viaDecimal(s, c));
  });

  it('prints avg(1, 2) as PostgreSQL does', () => {
    expect(numericText(intAverage(3, 2))).toBe('1.5000000000000000');
  });
});
