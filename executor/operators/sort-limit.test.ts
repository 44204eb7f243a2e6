import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { SortLimit } from './sort-limit.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

const TY = [T.text, T.int4];

describe('SortLimit', () => {
  it('sorts at close, cancels retracted rows and applies OFFSET/LIMIT', () => {
    const op = new SortLimit({ types: TY, keys: [{ index: 1, desc: false, nullsFirst: false }], limit: 3, offset: 1 });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 5\n+I b null\n+I c 1\n+I d 3\n+I d 3`));
    send(op, rows(TY, `-D c 1\n+I e 4`));
    expect(out.take()).toBe('');
    op.close();
    expect(out.take()).toBe(lines(`
      +I d 3
      +I e 4
      +I a 5`));
  });

  it('without keys keeps arrival order (bare LIMIT)', () => {
    const op = new SortLimit({ types: TY, keys: [], limit: 2 });
    const out = openOperator(op);
    send(op, rows(TY, `+I z 1\n+I y 2\n+I x 3`));
    op.close();
    expect(out.take()).toBe(lines(`
      +I z 1
      +I y 2`));
  });
});
