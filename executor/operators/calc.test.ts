import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { E } from '../../planner/logical/expr.ts';
import { Calc } from './calc.ts';
import { Values } from './values.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

const IN = [T.int4, T.text];
const aAbove1 = E.call('int4_gt', [E.col(0, T.int4), E.lit(1, T.int4)], T.bool);

describe('Calc', () => {
  it('filters and projects, keeping each row kind', () => {
    const op = new Calc({ inputTypes: IN, filter: aAbove1, projection: [E.col(1, T.text), E.call('int4_add', [E.col(0, T.int4), E.lit(10, T.int4)], T.int4)] });
    const out = openOperator(op);
    send(op, rows(IN, `+I 1 a\n+I 2 b\n-U 2 b\n+U 3 b\n-D null c`));
    expect(out.take()).toBe(lines(`
      +I b 12
      -U b 12
      +U b 13`));
  });

  it('a filter-only Calc forwards a batch whose rows all pass, copies otherwise', () => {
    const op = new Calc({ inputTypes: IN, filter: aAbove1 });
    const out = openOperator(op);
    const all = rows(IN, `+I 2 a\n-D 3 b`);
    send(op, all);
    expect(out.messages[0]).toMatchObject({ kind: 'batch', batch: all });
    expect(out.take()).toBe(lines(`
      +I 2 a
      -D 3 b`));
    send(op, rows(IN, `+I 1 a\n-D 3 b`));
    send(op, rows(IN, `+I 0 a`));
    expect(out.take()).toBe('-D 3 b');
  });
});

describe('Values', () => {
  it('emits its rows once, as +I', () => {
    const op = new Values({ types: IN, rows: [[E.lit(1, T.int4), E.lit('x', T.text)], [E.call('int4_add', [E.lit(1, T.int4), E.lit(2, T.int4)], T.int4), E.lit(null, T.text)]] });
    const out = openOperator(op);
    op.emitAll();
    expect(out.take()).toBe(lines(`
      +I 1 x
      +I 3 null`));
  });
});
