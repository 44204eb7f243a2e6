import { describe, expect, it } from 'vitest';
import { SqlError } from '../common/errors.ts';
import { valueKey } from '../executor/row/value-key.ts';
import type { LookupSource } from './connector.ts';
import { cachedLookup } from './lookup-cache.ts';
import type { LookupConfig } from './lookup-options.ts';

/** A synchronous store of (k, v) rows counting its queries; `failures` makes the next calls throw. */
function store(rows: unknown[][]) {
  const s = {
    rows,
    queries: 0,
    scans: 0,
    failures: 0,
    async: false as boolean,
    lookup(key: readonly unknown[]) {
      s.queries++;
      if (s.failures > 0) {
        s.failures--;
        throw new SqlError('08006', 'down');
      }
      return s.rows.filter((r) => r[0] === key[0]);
    },
    scanAll() {
      s.scans++;
      return s.rows;
    },
    close() {},
  };
  return s;
}

const base: LookupConfig = { cache: 'none', maxRows: Infinity, expireAfterWriteMs: undefined, expireAfterAccessMs: undefined, cacheMissingKey: true, reloadIntervalMs: 1000, maxRetries: 3 };
const get = (f: ReturnType<typeof cachedLookup>, k: number, now: number) => f.lookup([k], valueKey([k]), now);

describe('lookup cache', () => {
  it('PARTIAL: serves cached rows until expire-after-write; caches missing keys', () => {
    const s = store([[1, 'a']]);
    const f = cachedLookup(s as LookupSource, { ...base, cache: 'partial', expireAfterWriteMs: 100 }, 't', [0]);
    expect(get(f, 1, 0)).toEqual([[1, 'a']]);
    expect(get(f, 2, 0)).toEqual([]);
    s.rows = [[1, 'b'], [2, 'c']];
    expect(get(f, 1, 99)).toEqual([[1, 'a']]);
    expect(get(f, 2, 99)).toEqual([]);
    expect(s.queries).toBe(2);
    expect(get(f, 1, 100)).toEqual([[1, 'b']]);
    expect(get(f, 2, 100)).toEqual([[2, 'c']]);
  });

  it('PARTIAL: max-rows evicts the least recently used key; cache-missing-key false asks again', () => {
    const s = store([[1, 'a'], [2, 'b'], [3, 'c']]);
    const f = cachedLookup(s as LookupSource, { ...base, cache: 'partial', maxRows: 2, cacheMissingKey: false }, 't', [0]);
    get(f, 1, 0);
    get(f, 2, 0);
    get(f, 1, 0);
    get(f, 3, 0); // evicts 2
    s.queries = 0;
    get(f, 1, 0);
    get(f, 3, 0);
    expect(s.queries).toBe(0);
    get(f, 2, 0);
    get(f, 9, 0);
    get(f, 9, 0);
    expect(s.queries).toBe(3);
  });

  it('FULL: loads once, reloads after the interval', () => {
    const s = store([[1, 'a'], [1, 'a2']]);
    const f = cachedLookup(s as LookupSource, { ...base, cache: 'full', reloadIntervalMs: 50 }, 't', [0]);
    expect(get(f, 1, 0)).toEqual([[1, 'a'], [1, 'a2']]);
    s.rows = [[1, 'z']];
    expect(get(f, 1, 49)).toEqual([[1, 'a'], [1, 'a2']]);
    expect(get(f, 1, 50)).toEqual([[1, 'z']]);
    expect(s.scans).toBe(2);
    expect(s.queries).toBe(0);
  });

  it('retries max-retries times, then fails naming the table and the attempts', () => {
    const s = store([[1, 'a']]);
    const f = cachedLookup(s as LookupSource, { ...base, maxRetries: 2 }, 'dim', [0]);
    s.failures = 2;
    expect(get(f, 1, 0)).toEqual([[1, 'a']]);
    s.failures = 3;
    expect(() => get(f, 1, 0)).toThrow('lookup in "dim" failed after 3 attempts: down');
  });

  it('asynchronous sources retry with a back-off and keep the SQLSTATE', async () => {
    const s = store([[1, 'a']]);
    s.async = true;
    const inner = s.lookup;
    const src = { ...s, async: true, lookup: async (k: readonly unknown[]) => inner(k) } as LookupSource;
    const f = cachedLookup(src, { ...base, maxRetries: 1 }, 'dim', [0]);
    s.failures = 2;
    const e = await (get(f, 1, 0) as Promise<unknown>).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SqlError);
    expect((e as SqlError).code).toBe('08006');
    expect((e as SqlError).message).toBe('lookup in "dim" failed after 2 attempts: down');
  });
});
