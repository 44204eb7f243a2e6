import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { Deduplicate } from './dedup.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

// (key, ts, value) rows.
const TY = [T.text, T.int8, T.text];
const ts = (desc: boolean) => [{ index: 1, desc, nullsFirst: desc }];

describe('Deduplicate', () => {
  it('proctime keep-first: the first row per key, append-only', () => {
    const op = new Deduplicate({ types: TY, keys: [0], policy: { kind: 'proctime', keep: 'first' } });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 5 x\n+I a 1 y\n+I b 2 z`));
    expect(out.take()).toBe(lines(`
      +I a 5 x
      +I b 2 z`));
    send(op, rows(TY, `+I a 0 w`));
    expect(out.take()).toBe('');
  });

  it('proctime keep-last: every row replaces the kept one', () => {
    const op = new Deduplicate({ types: TY, keys: [0], policy: { kind: 'proctime', keep: 'last' } });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 5 x\n+I a 1 y`));
    expect(out.take()).toBe(lines(`
      +I a 5 x
      -U a 5 x
      +U a 1 y`));
  });

  it('event-time keep-last: replaced when the new time is >= the kept one', () => {
    const op = new Deduplicate({ types: TY, keys: [0], policy: { kind: 'ordered', orderKeys: ts(true), ties: 'replace' } });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 5 x\n+I a 3 y\n+I a 5 z`));
    expect(out.take()).toBe(lines(`
      +I a 5 x
      -U a 5 x
      +U a 5 z`));
    send(op, rows(TY, `+I a 7 w`));
    expect(out.take()).toBe(lines(`
      -U a 5 z
      +U a 7 w`));
  });

  it('event-time keep-first: replaced only by an earlier row', () => {
    const op = new Deduplicate({ types: TY, keys: [0], policy: { kind: 'ordered', orderKeys: ts(false), ties: 'keep' } });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 5 x\n+I a 5 y\n+I a 7 z\n+I a 2 w`));
    expect(out.take()).toBe(lines(`
      +I a 5 x
      -U a 5 x
      +U a 2 w`));
  });

  it('the N = 1 TopN path appends rank 1, and rejects retractions', () => {
    const op = new Deduplicate({ types: TY, keys: [], policy: { kind: 'ordered', orderKeys: ts(true), ties: 'keep' }, outputRankNumber: true });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 5 x\n+I b 5 y\n+I c 6 z`));
    expect(out.take()).toBe(lines(`
      +I a 5 x 1
      -U a 5 x 1
      +U c 6 z 1`));
    expect(() => send(op, rows(TY, `-D c 6 z`))).toThrow(/insert-only/);
  });
});
