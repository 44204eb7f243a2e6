import { describe, expect, it } from 'vitest';
import { InternalError } from '../../common/errors.ts';
import { T } from '../../common/types.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { Materialize } from './materialize.ts';
import { lines, openOperator, renderBatch, rows, send } from './changelog-literal.ts';

const TY = [T.text, T.int4];

/** Applies a rendered changelog to a multiset of rendered rows (what a subscriber would keep). */
function applyTo(content: string[], batch: RowBatch): void {
  for (const line of renderBatch(batch)) {
    const row = line.slice(3);
    if (line.startsWith('+')) content.push(row);
    else content.splice(content.indexOf(row), 1);
  }
}

describe('Materialize', () => {
  it('keeps a multiset; snapshot plus later changes is the content', () => {
    const op = new Materialize({ types: TY });
    const out = openOperator(op);
    send(op, rows(TY, `+I a 1\n+I a 1\n+I b 2`));
    const seen: string[] = renderBatch(op.snapshot()).map((l) => l.slice(3));
    const unsubscribe = op.subscribe((b) => applyTo(seen, b));
    send(op, rows(TY, `-D a 1\n-U b 2\n+U b 3`));
    expect(seen.sort()).toEqual(renderBatch(op.snapshot()).map((l) => l.slice(3)).sort());
    expect(renderBatch(op.snapshot()).join('\n')).toBe(lines(`
      +I a 1
      +I b 3`));
    unsubscribe();
    send(op, rows(TY, `+I c 4`));
    expect(seen).toHaveLength(2);
    expect(out.take().split('\n')).toHaveLength(7); // changes are forwarded
  });

  it('replaces by upsert key', () => {
    const op = new Materialize({ types: TY, upsertKey: [0] });
    openOperator(op);
    send(op, rows(TY, `+I a 1\n+U a 2\n+I b 5\n-D b 5`));
    expect(renderBatch(op.snapshot()).join('\n')).toBe('+I a 2');
  });

  it('throws InternalError on retracting what is not there', () => {
    const op = new Materialize({ types: TY });
    openOperator(op);
    send(op, rows(TY, `+I a 1`));
    expect(() => send(op, rows(TY, `-D a 2`))).toThrow(InternalError);
    expect(() => send(op, rows(TY, `-D a 2`))).toThrow(/not present: \["a",2\]/);
  });
});
