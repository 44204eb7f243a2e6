import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { Union } from './union.ts';
import { Sink } from './sink.ts';
import { lines, openOperator, renderBatch, rows, send } from './changelog-literal.ts';

const TY = [T.int4];

describe('Union', () => {
  it('forwards batches from every input and aligns barriers and watermarks', () => {
    const op = new Union({ inputs: 3 });
    const out = openOperator(op);
    send(op, rows(TY, `+I 1`), 0);
    op.process({ kind: 'barrier', id: 1 }, 0);
    send(op, rows(TY, `-D 2`), 2);
    op.process({ kind: 'barrier', id: 1 }, 1);
    op.process({ kind: 'watermark', ts: 10 }, 0);
    op.process({ kind: 'watermark', ts: 20 }, 1);
    op.process({ kind: 'barrier', id: 1 }, 2);
    op.process({ kind: 'watermark', ts: 15 }, 2);
    expect(out.take()).toBe(lines(`
      +I 1
      -D 2
      barrier 1
      watermark 10`));
  });
});

describe('Sink', () => {
  it('writes batches, flushes on barriers and closes', () => {
    const log: string[] = [];
    const writer = {
      write: (b: RowBatch) => log.push(...renderBatch(b)),
      flush: () => log.push('flush'),
      close: () => log.push('close'),
    };
    const op = new Sink({ writer });
    const out = openOperator(op);
    send(op, rows(TY, `+I 1\n-D 1`));
    op.process({ kind: 'barrier', id: 4 }, 0);
    op.close();
    expect(log).toEqual(['+I 1', '-D 1', 'flush', 'flush', 'close']);
    expect(out.take()).toBe('barrier 4');
  });
});
