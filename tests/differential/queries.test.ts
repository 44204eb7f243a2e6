/** Checks of the differential query list itself (no servers): unique names, enough queries. */
import { describe, expect, it } from 'vitest';
import { QUERIES } from './queries.ts';

describe('differential query list', () => {
  it('has at least 40 queries with unique kebab-case names', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(40);
    const names = QUERIES.map((q) => q.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it('covers every operator family of issue 3', () => {
    const covered = new Set(QUERIES.flatMap((q) => q.covers));
    for (const op of ['aggregate-nulls', 'string-agg', 'bool-agg', 'count-distinct', 'having', 'inner-join', 'left-join', 'right-join', 'full-join',
      'join-residual', 'multi-way-join', 'semi-join', 'anti-join', 'correlated', 'top-n', 'rank', 'dense-rank', 'order-limit', 'dedup', 'union',
      'union-all', 'intersect', 'except', 'set-op-all', 'scalar-subquery', 'over-window', 'distinct', 'distinct-on', 'case', 'coalesce', 'nullif'] as const) {
      expect(covered.has(op), op).toBe(true);
    }
  });
});
