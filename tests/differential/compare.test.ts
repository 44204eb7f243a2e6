/** Unit tests of the multiset comparison with numeric tolerance (no servers). */
import { describe, expect, it } from 'vitest';
import { compareResults, numbersEqual } from './compare.ts';
import type { ResultSet } from './compare.ts';

const INT4 = 23;
const NUMERIC = 1700;
const TEXT = 25;
const rs = (types: number[], rows: (string | null)[][]): ResultSet => ({ types, rows });

describe('numbersEqual', () => {
  it('compares numeric text by value within 1e-9 relative', () => {
    expect(numbersEqual('20', '20.0000000000000000')).toBe(true);
    expect(numbersEqual('0.1', '0.10000000000000001')).toBe(true);
    expect(numbersEqual('1000000000', '1000000000.5')).toBe(true);
    expect(numbersEqual('1', '1.00001')).toBe(false);
    expect(numbersEqual('-0', '0')).toBe(true);
    expect(numbersEqual('NaN', 'NaN')).toBe(true);
    expect(numbersEqual('Infinity', '1e308')).toBe(false);
  });
});

describe('compareResults', () => {
  it('ignores row order and matches duplicates as a multiset', () => {
    const a = rs([INT4, TEXT], [['1', 'a'], ['1', 'a'], ['2', null]]);
    const b = rs([INT4, TEXT], [['2', null], ['1', 'a'], ['1', 'a']]);
    expect(compareResults(a, b).equal).toBe(true);
    const c = rs([INT4, TEXT], [['2', null], ['1', 'a'], ['2', null]]);
    const v = compareResults(a, c);
    expect(v.equal).toBe(false);
    if (!v.equal) {
      expect(v.missing).toEqual([['1', 'a']]);
      expect(v.extra).toEqual([['2', null]]);
    }
  });
  it('compares text exactly, NULL only with NULL, numbers by value', () => {
    expect(compareResults(rs([TEXT], [['1.0']]), rs([TEXT], [['1']])).equal).toBe(false);
    expect(compareResults(rs([NUMERIC], [['1.0']]), rs([NUMERIC], [['1']])).equal).toBe(true);
    expect(compareResults(rs([NUMERIC], [[null]]), rs([NUMERIC], [['0']])).equal).toBe(false);
    expect(compareResults(rs([TEXT], [[null]]), rs([TEXT], [['']])).equal).toBe(false);
  });
  it('reports a different column count', () => {
    expect(compareResults(rs([INT4], []), rs([INT4, INT4], [])).equal).toBe(false);
  });
});
