import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { JoinType } from '../../planner/logical/plan.ts';
import { E } from '../../planner/logical/expr.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import { Join } from './join.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

const L = [T.int4, T.text];
const R = [T.int4, T.text];

function join(joinType: JoinType, condition?: BoundExpr) {
  const op = new Join({ joinType, leftTypes: L, rightTypes: R, leftKeys: [0], rightKeys: [0], condition });
  const out = openOperator(op);
  return {
    left: (text: string) => send(op, rows(L, text), 0),
    right: (text: string) => send(op, rows(R, text), 1),
    take: () => out.take(),
    op,
  };
}

describe('Join', () => {
  it('inner: updates on both sides, duplicates multiply', () => {
    const j = join('inner');
    j.left(`+I 1 a`);
    expect(j.take()).toBe('');
    j.right(`+I 1 x\n+I 1 x\n+I 2 y`);
    expect(j.take()).toBe(lines(`
      +I 1 a 1 x
      +I 1 a 1 x`));
    j.left(`-U 1 a\n+U 1 b`);
    expect(j.take()).toBe(lines(`
      -D 1 a 1 x
      -D 1 a 1 x
      +I 1 b 1 x
      +I 1 b 1 x`));
    j.right(`-D 1 x`);
    expect(j.take()).toBe('-D 1 b 1 x');
  });

  it('left: NULL padding is retracted at the first match and restored after the last', () => {
    const j = join('left');
    j.left(`+I 1 a`);
    expect(j.take()).toBe('+I 1 a null null');
    j.right(`+I 1 x`);
    expect(j.take()).toBe(lines(`
      -D 1 a null null
      +I 1 a 1 x`));
    j.right(`+I 1 y`);
    expect(j.take()).toBe('+I 1 a 1 y');
    j.right(`-D 1 x\n-D 1 y`);
    expect(j.take()).toBe(lines(`
      -D 1 a 1 x
      -D 1 a 1 y
      +I 1 a null null`));
    j.left(`-D 1 a`);
    expect(j.take()).toBe('-D 1 a null null');
    j.right(`+I 3 z`);
    expect(j.take()).toBe('');
  });

  it('right and full: both sides padded', () => {
    const r = join('right');
    r.right(`+I 1 x`);
    r.left(`+I 1 a\n+I 2 b`);
    expect(r.take()).toBe(lines(`
      +I null null 1 x
      -D null null 1 x
      +I 1 a 1 x`));
    const f = join('full');
    f.left(`+I 1 a\n+I 2 b`);
    f.right(`+I 2 y\n+I 3 z`);
    f.left(`-D 2 b`);
    expect(f.take()).toBe(lines(`
      +I 1 a null null
      +I 2 b null null
      -D 2 b null null
      +I 2 b 2 y
      +I null null 3 z
      -D 2 b 2 y
      +I null null 2 y`));
  });

  it('NULL keys never match but outer rows still appear', () => {
    const j = join('full');
    j.left(`+I null a`);
    j.right(`+I null x`);
    j.left(`-D null a`);
    expect(j.take()).toBe(lines(`
      +I null a null null
      +I null null null x
      -D null a null null`));
    const i = join('inner');
    i.left(`+I null a`);
    i.right(`+I null x`);
    expect(i.take()).toBe('');
  });

  it('applies the residual condition', () => {
    // l.text < r.text
    const cond = E.call('text_lt', [E.col(1, T.text), E.col(3, T.text)], T.bool);
    const j = join('left', cond);
    j.left(`+I 1 m`);
    j.right(`+I 1 a\n+I 1 z`);
    expect(j.take()).toBe(lines(`
      +I 1 m null null
      -D 1 m null null
      +I 1 m 1 z`));
  });

  it('semi and anti: left rows flip as matches come and go', () => {
    const s = join('semi');
    const a = join('anti');
    for (const j of [s, a]) {
      j.left(`+I 1 a\n+I 1 a\n+I 2 b`);
      j.right(`+I 1 x`);
      j.right(`+I 1 y`);
      j.right(`-D 1 x\n-D 1 y`);
      j.left(`-D 2 b`);
    }
    expect(s.take()).toBe(lines(`
      +I 1 a
      +I 1 a
      -D 1 a
      -D 1 a`));
    expect(a.take()).toBe(lines(`
      +I 1 a
      +I 1 a
      +I 2 b
      -D 1 a
      -D 1 a
      +I 1 a
      +I 1 a
      -D 2 b`));
  });

  it('forwards a barrier once both inputs delivered it', () => {
    const j = join('inner');
    j.op.process({ kind: 'barrier', id: 1 }, 0);
    expect(j.take()).toBe('');
    j.op.process({ kind: 'barrier', id: 1 }, 1);
    expect(j.take()).toBe('barrier 1');
  });
});
