import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { WindowCall } from '../../planner/logical/plan.ts';
import type { OverAggOptions } from './over-agg.ts';
import { OverAggregate } from './over-agg.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

// (part text, ord int4, x int4)
const TY = [T.text, T.int4, T.int4];
const ASC = [{ index: 1, desc: false, nullsFirst: false }];
const sum = (frame: WindowCall['frame']): WindowCall => ({ fn: 'sum', args: [2], frame, type: T.int8, name: 's' });
const rowsPreceding = (n: number | 'unbounded'): WindowCall['frame'] => ({ units: 'rows', start: n === 'unbounded' ? n : -n, end: 0 });
const over = (calls: WindowCall[], o: Partial<OverAggOptions> = {}) =>
  new OverAggregate({ types: TY, partitionKeys: [0], orderKeys: ASC, calls, emit: 'changelog', ...o });

describe('OverAggregate, changelog (retracting)', () => {
  it('ROWS 1 PRECEDING: an insert in the middle of a partition updates the rows whose frames see it', () => {
    const op = over([sum(rowsPreceding(1))]);
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1 10\n+I a 3 30\n+I a 4 40\n+I b 1 5`));
    expect(out.take()).toBe(lines(`
      +I a 1 10 10
      +I a 3 30 40
      +I a 4 40 70
      +I b 1 5 5`));
    send(op, rows(TY, `+I a 2 20`));
    expect(out.take()).toBe(lines(`
      +I a 2 20 30
      -U a 3 30 40
      +U a 3 30 50`));
  });

  it('updates and deletes in the middle; a retraction of an unknown row is ignored', () => {
    const op = over([sum(rowsPreceding('unbounded')), { fn: 'row_number', args: [], frame: undefined, type: T.int8, name: 'rn' }]);
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1 1\n+I a 2 2\n+I a 3 3`));
    expect(out.take()).toBe(lines(`
      +I a 1 1 1 1
      +I a 2 2 3 2
      +I a 3 3 6 3`));
    send(op, rows(TY, `-U a 2 2\n+U a 2 5`));
    expect(out.take()).toBe(lines(`
      -D a 2 2 3 2
      +I a 2 5 6 2
      -U a 3 3 6 3
      +U a 3 3 9 3`));
    send(op, rows(TY, `-D a 1 1`));
    expect(out.take()).toBe(lines(`
      -D a 1 1 1 1
      -U a 2 5 6 2
      +U a 2 5 5 1
      -U a 3 3 9 3
      +U a 3 3 8 2`));
    send(op, rows(TY, `-D a 9 9`));
    expect(out.take()).toBe('');
  });

  it('RANGE UNBOUNDED PRECEDING includes peers; RANK and DENSE_RANK number ties alike', () => {
    const range: WindowCall['frame'] = { units: 'range', start: 'unbounded', end: 0 };
    const op = over([sum(range), { fn: 'rank', args: [], frame: undefined, type: T.int8, name: 'r' }, { fn: 'dense_rank', args: [], frame: undefined, type: T.int8, name: 'd' }]);
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1 1\n+I a 2 10\n+I a 3 100`));
    expect(out.take()).toBe(lines(`
      +I a 1 1 1 1 1
      +I a 2 10 11 2 2
      +I a 3 100 111 3 3`));
    // A peer of ord 2 arriving later changes the earlier peer's sum, and the rank of ord 3.
    send(op, rows(TY, `+I a 2 20`));
    expect(out.take()).toBe(lines(`
      -U a 2 10 11 2 2
      +U a 2 10 31 2 2
      +I a 2 20 31 2 2
      -U a 3 100 111 3 3
      +U a 3 100 131 4 3`));
    // Deleting the last peer of a group updates the one left.
    send(op, rows(TY, `-D a 2 20`));
    expect(out.take()).toBe(lines(`
      -D a 2 20 31 2 2
      -U a 2 10 31 2 2
      +U a 2 10 11 2 2
      -U a 3 100 131 4 3
      +U a 3 100 111 3 3`));
  });

  it('duplicate rows are separate positions; no ORDER BY frames the whole partition', () => {
    const op = over([{ fn: 'count_star', args: [], frame: { units: 'rows', start: 'unbounded', end: 'unbounded' }, type: T.int8, name: 'c' }], { orderKeys: [] });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1 1\n+I a 1 1`));
    expect(out.take()).toBe(lines(`
      +I a 1 1 2
      +I a 1 1 2`));
    send(op, rows(TY, `+I a 5 5`));
    expect(out.take()).toBe(lines(`
      -U a 1 1 2
      +U a 1 1 3
      -U a 1 1 2
      +U a 1 1 3
      +I a 5 5 3`));
    send(op, rows(TY, `-D a 1 1`));
    expect(out.take()).toBe(lines(`
      -D a 1 1 3
      -U a 1 1 3
      +U a 1 1 2
      -U a 5 5 3
      +U a 5 5 2`));
  });

  it('RANGE with offsets compares ORDER BY values; min/max slide with retraction', () => {
    const range: WindowCall['frame'] = { units: 'range', start: -2, end: 0 };
    const op = over([{ fn: 'max', args: [2], frame: range, type: T.int4, name: 'm' }]);
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1 9\n+I a 2 1\n+I a 4 2\n+I a 7 3\n+I a null 4`));
    expect(out.take()).toBe(lines(`
      +I a 1 9 9
      +I a 2 1 9
      +I a 4 2 2
      +I a 7 3 3
      +I a null 4 4`));
  });
});

describe('OverAggregate, append and at-end', () => {
  it('append: each row once; a RANGE frame holds the last peer group until a later row or a barrier', () => {
    const op = over([sum({ units: 'range', start: 'unbounded', end: 0 })], { emit: 'append' });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1 1\n+I a 2 2`));
    expect(out.take()).toBe(lines(`+I a 1 1 1`));
    send(op, rows(TY, `+I a 2 3\n+I a 3 4`));
    expect(out.take()).toBe(lines(`
      +I a 2 2 6
      +I a 2 3 6`));
    op.process({ kind: 'barrier', id: 1 }, 0);
    expect(out.take()).toBe(lines(`
      +I a 3 4 10
      barrier 1`));
  });

  it('at-end: applies retractions silently and emits +I at close', () => {
    const op = over([sum(rowsPreceding(1))], { emit: 'at-end' });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1 1\n+I a 2 2\n+I a 3 3\n-D a 2 2`));
    expect(out.take()).toBe('');
    op.close();
    expect(out.take()).toBe(lines(`
      +I a 1 1 1
      +I a 3 3 4`));
  });
});
