import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { SetOp } from './set-op.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

const TY = [T.int4];

function run(op: 'intersect' | 'except', all: boolean): string {
  const s = new SetOp({ op, all, types: TY });
  const out = openOperator(s);
  send(s, rows(TY, `+I 1\n+I 1\n+I 1\n+I 2\n+I null`), 0);
  send(s, rows(TY, `+I 1\n+I 3\n+I null`), 1);
  send(s, rows(TY, `-D 1`), 1);
  return out.take();
}

describe('SetOp', () => {
  it('INTERSECT ALL keeps min(l, r) copies', () => {
    expect(run('intersect', true)).toBe(lines(`
      +I 1
      +I null
      -D 1`));
  });
  it('INTERSECT keeps one copy of rows on both sides', () => {
    expect(run('intersect', false)).toBe(lines(`
      +I 1
      +I null
      -D 1`));
  });
  it('EXCEPT ALL keeps max(l - r, 0) copies', () => {
    expect(run('except', true)).toBe(lines(`
      +I 1
      +I 1
      +I 1
      +I 2
      +I null
      -D 1
      -D null
      +I 1`));
  });
  it('EXCEPT keeps one copy of rows only on the left', () => {
    expect(run('except', false)).toBe(lines(`
      +I 1
      +I 2
      +I null
      -D 1
      -D null
      +I 1`));
  });
});
