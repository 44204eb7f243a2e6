import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { TopN } from './top-n.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

const TY = [T.text, T.int4];
const DESC = [{ index: 1, desc: true, nullsFirst: true }];

describe('TopN', () => {
  it('emits rows entering and leaving the top n per partition', () => {
    const op = new TopN({ types: TY, partitionKeys: [0], orderKeys: DESC, limit: 2 });
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

  it('counts duplicates, keeps ties in arrival order and honours OFFSET', () => {
    const op = new TopN({ types: TY, partitionKeys: [], orderKeys: DESC, limit: 2, offset: 1 });
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
});
