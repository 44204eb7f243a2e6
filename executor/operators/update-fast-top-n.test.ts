import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { UpdateFastTopN } from './update-fast-top-n.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

// (auction, count) rows of a GroupAggregate keyed by auction; ranked by count DESC.
const TY = [T.int8, T.int8];
const opts = { types: TY, partitionKeys: [], upsertKey: [0], orderKeys: [{ index: 1, desc: true, nullsFirst: true }], rankType: 'ROW_NUMBER', rankStart: 1, rankEnd: 2 } as const;

describe('UpdateFastTopN', () => {
  it('replaces a row by its upsert key, lets a growing row in, ignores -U (no-ranking output)', () => {
    const op = new UpdateFastTopN({ ...opts, outputRankNumber: false });
    const out = openOperator(op);
    send(op, rows(TY, `+I 1 1\n+I 2 1\n+I 3 1`));
    expect(out.take()).toBe(lines(`
      +I 1 1
      +I 2 1`));
    send(op, rows(TY, `-U 3 1\n+U 3 2`));
    expect(out.take()).toBe(lines(`
      -D 2 1
      +I 3 2`));
    send(op, rows(TY, `-U 1 1\n+U 1 5`));
    expect(out.take()).toBe(lines(`
      -D 1 1
      +I 1 5`));
  });

  it('with the row number: -U/+U per position as rows overtake each other, retractions first', () => {
    const op = new UpdateFastTopN({ ...opts, outputRankNumber: true });
    const out = openOperator(op);
    send(op, rows(TY, `+I 1 3\n+I 2 2`));
    expect(out.take()).toBe(lines(`
      +I 1 3 1
      +I 2 2 2`));
    // Every -U before any +U: a reader keyed by the input's key (1 or 2) never sees +U 2 4 1 before -U 2 2 2.
    send(op, rows(TY, `+U 2 4`));
    expect(out.take()).toBe(lines(`
      -U 1 3 1
      -U 2 2 2
      +U 2 4 1
      +U 1 3 2`));
    send(op, rows(TY, `+U 2 5`));
    expect(out.take()).toBe(lines(`
      -U 2 4 1
      +U 2 5 1`));
    send(op, rows(TY, `-D 1 3`));
    expect(out.take()).toBe('-D 1 3 2');
  });

  it('N = 1', () => {
    const op = new UpdateFastTopN({ ...opts, rankEnd: 1, outputRankNumber: false });
    const out = openOperator(op);
    send(op, rows(TY, `+I 1 1\n+I 2 1`));
    expect(out.take()).toBe('+I 1 1');
    send(op, rows(TY, `+U 2 2`));
    expect(out.take()).toBe(lines(`
      -D 1 1
      +I 2 2`));
    send(op, rows(TY, `+U 2 3\n+U 1 2`));
    expect(out.take()).toBe(lines(`
      -D 2 2
      +I 2 3`));
  });
});
