import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { INSERT_ONLY, RETRACT } from '../../planner/physical/plan.ts';
import type { TopNOptions } from './top-n.ts';
import { TopN } from './top-n.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

const TY = [T.text, T.int4];
const DESC = [{ index: 1, desc: true, nullsFirst: true }];
const base = { types: TY, partitionKeys: [0], orderKeys: DESC, rankType: 'ROW_NUMBER', rankStart: 1, outputRankNumber: false } as const;
const topN = (o: Partial<TopNOptions> & { rankEnd: number; inputMode: TopNOptions['inputMode'] }) => new TopN({ ...base, ...o });

describe('TopN, RetractStrategy', () => {
  it('emits rows entering and leaving the top n per partition (no-ranking output)', () => {
    const op = topN({ rankEnd: 2, inputMode: RETRACT });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1\n+I a 5\n+I b 3`));
    expect(out.take()).toBe(lines(`
      +I a 5
      +I a 1
      +I b 3`));
    send(op, rows(TY, `+I a 3`));
    expect(out.take()).toBe(lines(`
      -D a 1
      +I a 3`));
    send(op, rows(TY, `+I a 0`));
    expect(out.take()).toBe('');
    send(op, rows(TY, `-D a 5`));
    expect(out.take()).toBe(lines(`
      -D a 5
      +I a 1`));
    send(op, rows(TY, `-U a 1\n+U a 9`));
    expect(out.take()).toBe(lines(`
      -D a 1
      +I a 9`));
  });

  it('counts duplicates, keeps ties in arrival order and honours a rank range (OFFSET)', () => {
    const op = topN({ partitionKeys: [], rankStart: 2, rankEnd: 3, inputMode: RETRACT });
    const out = openOperator(op);
    send(op, rows(TY, `+I x 5\n+I y 5\n+I z 5`));
    expect(out.take()).toBe(lines(`
      +I y 5
      +I z 5`));
    send(op, rows(TY, `+I w 7`));
    expect(out.take()).toBe(lines(`
      -D z 5
      +I x 5`));
    send(op, rows(TY, `+I w 7`));
    expect(out.take()).toBe(lines(`
      -D y 5
      +I w 7`));
    send(op, rows(TY, `-D q 1`));
    expect(out.take()).toBe('');
  });

  it('with the row number: -U/+U per rank position (retractions first); a deleted top row brings the next one back', () => {
    const op = topN({ rankEnd: 2, outputRankNumber: true, inputMode: RETRACT });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1\n+I a 2`));
    expect(out.take()).toBe(lines(`
      +I a 2 1
      +I a 1 2`));
    send(op, rows(TY, `+I a 9\n+I a 0`));
    expect(out.take()).toBe(lines(`
      -U a 2 1
      -U a 1 2
      +U a 9 1
      +U a 2 2`));
    send(op, rows(TY, `-D a 9`));
    expect(out.take()).toBe(lines(`
      -U a 9 1
      -U a 2 2
      +U a 2 1
      +U a 1 2`));
    send(op, rows(TY, `-D a 2\n-D a 1\n-D a 0`));
    expect(out.take()).toBe(lines(`
      -D a 2 1
      -D a 1 2`));
  });

  it('RANK and DENSE_RANK number ties alike and keep every row within the rank bound', () => {
    const r2 = topN({ partitionKeys: [], rankType: 'RANK', rankEnd: 2, outputRankNumber: true, inputMode: RETRACT });
    const o2 = openOperator(r2);
    send(r2, rows(TY, `+I a 5\n+I b 5\n+I c 3`));
    expect(o2.take()).toBe(lines(`
      +I a 5 1
      +I b 5 1`));
    send(r2, rows(TY, `-D b 5`));
    expect(o2.take()).toBe(lines(`
      -D b 5 1
      +I c 3 2`));
    send(r2, rows(TY, `+I d 9`));
    expect(o2.take()).toBe(lines(`
      -U a 5 1
      -D c 3 2
      +I d 9 1
      +U a 5 2`));
    const dense = topN({ partitionKeys: [], rankType: 'DENSE_RANK', rankEnd: 2, outputRankNumber: true, inputMode: RETRACT });
    const o3 = openOperator(dense);
    send(dense, rows(TY, `+I a 5\n+I b 5\n+I c 3\n+I d 1`));
    expect(o3.take()).toBe(lines(`
      +I a 5 1
      +I b 5 1
      +I c 3 2`));
  });
});

describe('TopN, AppendFastStrategy', () => {
  it('keeps only the top rows per partition in state and emits -D/+I as rows are pushed out', () => {
    const op = topN({ rankEnd: 2, inputMode: INSERT_ONLY });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1\n+I a 5\n+I a 3\n+I b 2`));
    expect(out.take()).toBe(lines(`
      +I a 5
      +I a 3
      +I b 2`));
    send(op, rows(TY, `+I a 2\n+I a 3`));
    expect(out.take()).toBe('');
    send(op, rows(TY, `+I a 4`));
    expect(out.take()).toBe(lines(`
      -D a 3
      +I a 4`));
  });

  it('with the row number, and rejects a retraction', () => {
    const op = topN({ rankEnd: 3, outputRankNumber: true, inputMode: INSERT_ONLY });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1\n+I a 5`));
    expect(out.take()).toBe(lines(`
      +I a 5 1
      +I a 1 2`));
    send(op, rows(TY, `+I a 3`));
    expect(out.take()).toBe(lines(`
      -U a 1 2
      +U a 3 2
      +I a 1 3`));
    expect(() => send(op, rows(TY, `-D a 5`))).toThrow(/retraction/);
  });

  it('DENSE_RANK keeps the peers of its last rank', () => {
    const op = topN({ partitionKeys: [], rankType: 'DENSE_RANK', rankEnd: 1, inputMode: INSERT_ONLY });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 5\n+I b 3`));
    expect(out.take()).toBe('+I a 5');
    send(op, rows(TY, `+I c 5\n+I d 4`));
    expect(out.take()).toBe('+I c 5');
    send(op, rows(TY, `+I e 6`));
    expect(out.take()).toBe(lines(`
      -D a 5
      -D c 5
      +I e 6`));
  });
});
