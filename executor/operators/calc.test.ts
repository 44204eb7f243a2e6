import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { E, type BoundExpr } from '../../planner/logical/expr.ts';
import { parseNumericText } from '../../common/numeric-scale.ts';
import { SqlError } from '../../common/errors.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { Calc } from './calc.ts';
import { Values } from './values.ts';
import { lines, openOperator, renderBatch, rows, send } from './changelog-literal.ts';

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

describe('Calc: Nexmark q1 projection (pass-through columns copied, numeric as a scaled integer)', () => {
  const IN_Q1 = [T.int8, T.int8, T.int8, T.timestamp, T.text];
  const castTo = (operand: BoundExpr, type = T.numeric): BoundExpr => ({ kind: 'Cast', operand, type, tryCast: false });
  const q1 = (numericType = T.numeric) => [
    E.col(0, T.int8),
    E.col(1, T.int8),
    castTo(E.call('numeric_mul', [E.lit(parseNumericText('0.908'), T.numeric), castTo(E.col(2, T.int8))], T.numeric), numericType),
    E.col(3, T.timestamp),
    E.col(4, T.text),
  ];
  const priceTexts = (b: RowBatch) => Array.from({ length: b.count }, (_, r) => (b.isNull(r, 2) ? null : new TextDecoder().decode(b.getVarBytes(r, 2))));

  it('writes 0.908 * price with scale 3 for zero, negative, NULL and beyond 2^53 (Decimal fallback)', () => {
    const op = new Calc({ inputTypes: IN_Q1, projection: q1() });
    const out = openOperator(op);
    send(op, rows(IN_Q1, `
      +I 1 2 1000 1700000000000000 abc
      -U 3 4 -7 0 ''
      +I 5 6 0 -1 x
      -D 7 8 null 2 null
      +U 9 10 9007199254740991 3 y
      +I 11 12 9223372036854775807 4 z
      +I 13 14 -9223372036854775808 5 w`));
    const b = (out.messages[0] as { batch: RowBatch }).batch;
    expect(priceTexts(b)).toEqual(['908.000', '-6.356', '0.000', null, '8178536923304819.828', '8374821809464136432.756', '-8374821809464136433.664']);
    expect(renderBatch(b).map((l) => l.split(' ').filter((_, i) => i !== 3).join(' '))).toEqual([
      '+I 1 2 1700000000000000 abc',
      "-U 3 4 0 ''",
      '+I 5 6 -1 x',
      '-D 7 8 2 null',
      '+U 9 10 3 y',
      '+I 11 12 4 z',
      '+I 13 14 5 w',
    ]);
  });

  it('raises numeric field overflow (22003) for numeric(p,s), as the Decimal path', () => {
    const op = new Calc({ inputTypes: IN_Q1, projection: q1({ id: 'numeric', precision: 6, scale: 3 }) });
    const out = openOperator(op);
    send(op, rows(IN_Q1, `+I 1 2 1101 0 a`));
    expect(priceTexts((out.messages[0] as { batch: RowBatch }).batch)).toEqual(['999.708']);
    let err: unknown;
    try {
      send(op, rows(IN_Q1, `+I 1 2 1102 0 a`));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqlError);
    expect((err as SqlError).code).toBe('22003');
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
