import { describe, expect, it } from 'vitest';
import { HeapStateBackend } from './heap-backend.ts';

describe('HeapStateBackend with TTL', () => {
  it('expires entries not written for the TTL: get treats them as absent, scan skips them, sweep drops them', () => {
    let now = 0;
    const b = new HeapStateBackend({ ttlMs: 10, clock: () => now });
    const t = b.table<number>('t');
    t.put('a', 1);
    now = 5;
    t.put('b', 2);
    now = 9;
    expect(t.get('a')).toBe(1); // reads do not refresh (OnCreateAndWrite)
    now = 10;
    expect([...t.scan()]).toEqual([['b', 2]]);
    expect(t.get('a')).toBeUndefined();
    expect(t.size).toBe(1);
    t.put('b', 3); // a write refreshes
    now = 19;
    expect(t.get('b')).toBe(3);
    now = 30;
    expect(b.sweepExpired()).toBe(1);
    expect(t.size).toBe(0);
  });

  it('refreshes on read when asked (OnReadAndWrite), and never expires with ttl 0', () => {
    let now = 0;
    const r = new HeapStateBackend({ ttlMs: 10, refreshOnRead: true, clock: () => now }).table<number>('t');
    r.put('a', 1);
    for (now = 5; now < 50; now += 5) expect(r.get('a')).toBe(1);
    const never = new HeapStateBackend({ ttlMs: 0, clock: () => now }).table<number>('t');
    never.put('a', 1);
    now = 1e12;
    expect(never.get('a')).toBe(1);
  });
});
