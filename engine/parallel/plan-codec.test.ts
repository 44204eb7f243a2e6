import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { numericText, parseNumericText } from '../../common/numeric-scale.ts';
import { decodeValue, encodeValue } from './plan-codec.ts';

describe('plan codec', () => {
  it('round-trips plain data through structured clone: Decimals with their scale, Maps, Sets, strings of any length', () => {
    const long = 'x'.repeat(1000);
    const value = {
      kind: 'Calc',
      types: [T.int8, T.text, { id: 'numeric', precision: 10, scale: 2 }],
      literal: parseNumericText('1.50'),
      names: ['auction', '__proto__', '123', long],
      options: new Map([['connector', 'nexmark']]),
      keys: new Set(['a']),
      bytes: new Uint8Array([1, 2]),
    };
    const back = decodeValue(structuredClone(encodeValue(value))) as typeof value;
    expect(numericText(back.literal)).toBe('1.50');
    expect(back.types).toEqual(value.types);
    expect(back.names).toEqual(value.names);
    expect(back.options).toEqual(value.options);
    expect(back.keys).toEqual(value.keys);
    expect(back.bytes).toEqual(value.bytes);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });
});
