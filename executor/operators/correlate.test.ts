import { describe, expect, it } from 'vitest';
import { T, arrayOf } from '../../common/types.ts';
import { E } from '../../planner/logical/expr.ts';
import { Correlate } from './correlate.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

const IN = [T.int4, T.text];
const series = { fn: 'generate_series', args: [E.lit(1, T.int4), E.col(0, T.int4)], type: T.int4 };

describe('Correlate', () => {
  it('emits each input row once per value, keeping its row kind (a retraction retracts the same rows)', () => {
    const op = new Correlate({ inputTypes: IN, calls: [series], ordinality: false });
    const out = openOperator(op);
    send(op, rows(IN, `+I 2 a\n+I 0 b\n-D 2 a`));
    expect(out.take()).toBe(lines(`
      +I 2 a 1
      +I 2 a 2
      -D 2 a 1
      -D 2 a 2`));
  });

  it('zips several calls to the longest, NULL-padded, with ordinality', () => {
    const letters = { fn: 'unnest', args: [E.lit(['x', 'y', 'z'], arrayOf(T.text))], type: T.text };
    const op = new Correlate({ inputTypes: IN, calls: [series, letters], ordinality: true });
    const out = openOperator(op);
    send(op, rows(IN, `+I 1 a`));
    expect(out.take()).toBe(lines(`
      +I 1 a 1 x 1
      +I 1 a null y 2
      +I 1 a null z 3`));
  });

  it("generate_subscripts counts an array's positions; a NULL array yields no row", () => {
    const subs = { fn: 'generate_subscripts', args: [E.lit([5, 6], arrayOf(T.int2)), E.lit(1, T.int4)], type: T.int4 };
    const nul = { fn: 'unnest', args: [E.lit(null, arrayOf(T.int2))], type: T.int2 };
    const op = new Correlate({ inputTypes: IN, calls: [subs], ordinality: false });
    const out = openOperator(op);
    send(op, rows(IN, `+I 1 a`));
    expect(out.take()).toBe(lines(`
      +I 1 a 1
      +I 1 a 2`));
    const none = new Correlate({ inputTypes: IN, calls: [nul], ordinality: false });
    const out2 = openOperator(none);
    send(none, rows(IN, `+I 1 a`));
    expect(out2.take()).toBe('');
  });

  it('with constant arguments (the split-distinct expansion) copies every row n times, NULLs and kinds kept', () => {
    const three = { fn: 'generate_series', args: [E.lit(1, T.int4), E.lit(3, T.int4)], type: T.int4 };
    const op = new Correlate({ inputTypes: IN, calls: [three], ordinality: true });
    const out = openOperator(op);
    send(op, rows(IN, `+I 7 a\n-U null b`));
    expect(out.take()).toBe(lines(`
      +I 7 a 1 1
      +I 7 a 2 2
      +I 7 a 3 3
      -U null b 1 1
      -U null b 2 2
      -U null b 3 3`));
  });
});
