import { describe, expect, it } from 'vitest';
import { HeapStateBackend } from './heap-backend.ts';

describe('HeapStateBackend', () => {
  it('gets, puts, deletes and scans in insertion order', () => {
    const b = new HeapStateBackend();
    const t = b.table<number>('t');
    t.put('b', 1);
    t.put('a', 2);
    t.put('c', 3);
    t.delete('c');
    expect(t.get('a')).toBe(2);
    expect(t.size).toBe(2);
    expect([...t.scan()]).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(b.table('t')).toBe(t);
  });

  it('restores a snapshot into the same table objects, deep-copied', () => {
    const b = new HeapStateBackend();
    const t = b.table<{ n: number; m: Map<string, bigint>; bytes: Uint8Array }>('agg');
    const v = { n: 1, m: new Map([['x', 10n]]), bytes: new Uint8Array([1, 2, 3]) };
    t.put('\x00\x01', v);
    b.table<string>('other').put('k', 'v');
    const snap = b.snapshot();
    v.n = 99; // mutations after the snapshot do not leak into it
    t.put('later', v);
    b.table<string>('other').clear();
    b.restore(snap);
    expect(t.size).toBe(1);
    expect(t.get('\x00\x01')).toEqual({ n: 1, m: new Map([['x', 10n]]), bytes: new Uint8Array([1, 2, 3]) });
    expect(b.table<string>('other').get('k')).toBe('v');
  });

  it('keeps number keys apart from string keys, through a snapshot, and counts them in the estimate', () => {
    const b = new HeapStateBackend();
    const t = b.table<string>('t');
    t.put(42, 'number');
    t.put('42', 'string');
    t.put('\x00', 'null key');
    const snap = b.snapshot();
    t.clear();
    b.restore(snap);
    expect(t.get(42)).toBe('number');
    expect(t.get('42')).toBe('string');
    expect(t.get('\x00')).toBe('null key');
    expect(Number.isFinite(b.approximateBytes())).toBe(true);
    expect(b.approximateBytes()).toBeGreaterThan(0);
  });

  it('estimates bytes roughly, growing with content', () => {
    const b = new HeapStateBackend();
    expect(b.approximateBytes()).toBe(0);
    const t = b.table<number[]>('t');
    for (let i = 0; i < 1000; i++) t.put(`key${i}`, [i, i]);
    const small = b.approximateBytes();
    for (let i = 1000; i < 2000; i++) t.put(`key${i}`, [i, i]);
    expect(small).toBeGreaterThan(10_000);
    expect(b.approximateBytes()).toBeGreaterThan(small * 1.5);
  });

  it('counts a few keys holding most of the state as what they are, sampled or not (q16 hot channels)', () => {
    // 4 hot groups with 50 000 distinct values each among 5 000 groups of 20: the hot keys first
    // (the sample always holds one), or at places the evenly spread sample skips.
    const group = (values: number) => [values, 3, new Map(Array.from({ length: values }, (_, i) => [i * 7, [1, 0, 1, 0]]))];
    for (const hotAt of [[0, 1, 2, 3], [1001, 2003, 3005, 4007]]) {
      const b = new HeapStateBackend();
      const t = b.table<unknown[]>('g');
      for (let k = 0; k < 5004; k++) t.put(`k${k}`, group(hotAt.includes(k) ? 50_000 : 20));
      // The same measure over every value, with no sampling of keys.
      const b1 = new HeapStateBackend();
      const one = b1.table<unknown[]>('g');
      let exhaustive = 0;
      for (const [k, v] of t.scan()) {
        one.clear();
        one.put(k, v);
        exhaustive += b1.approximateBytes();
      }
      const est = b.approximateBytes();
      expect(est).toBeGreaterThan(exhaustive / 2);
      expect(est).toBeLessThan(exhaustive * 2);
    }
  });
});
