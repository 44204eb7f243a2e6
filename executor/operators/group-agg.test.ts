import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import { GroupAggregate } from './group-agg.ts';
import { HeapStateBackend } from '../state/heap-backend.ts';
import { lines, openOperator, rows, send } from './changelog-literal.ts';

const IN = [T.text, T.int4, T.bool];

function call(fn: string, args: number[], type: SqlType, more: Partial<AggCall> = {}): AggCall {
  return { fn, args, distinct: false, filter: undefined, orderBy: [], type, name: fn, ...more };
}

const AGGS = [call('count_star', [], T.int8), call('sum', [1], T.int8), call('min', [1], T.int4), call('max', [1], T.int4)];

describe('GroupAggregate', () => {
  it('emits +I, -U/+U and -D per key, retracting min and max', () => {
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: AGGS, changelog: { emitUpdateBefore: true } });
    const out = openOperator(op);
    send(op, rows(IN, `+I a 5 t\n+I a 3 t\n+I b 7 t`));
    expect(out.take()).toBe(lines(`
      +I a 2 8 3 5
      +I b 1 7 7 7`));
    send(op, rows(IN, `-U a 3 t\n+U a 4 t`));
    expect(out.take()).toBe(lines(`
      -U a 2 8 3 5
      +U a 2 9 4 5`));
    send(op, rows(IN, `-D a 5 t`));
    expect(out.take()).toBe(lines(`
      -U a 2 9 4 5
      +U a 1 4 4 4`));
    send(op, rows(IN, `-D a 4 t\n-D b 7 t`));
    expect(out.take()).toBe(lines(`
      -D a 1 4 4 4
      -D b 1 7 7 7`));
    send(op, rows(IN, `+I a 1 t`));
    expect(out.take()).toBe('+I a 1 1 1 1');
  });

  it('folds a batch per key and emits nothing when the result is unchanged', () => {
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: AGGS, changelog: { emitUpdateBefore: true } });
    const out = openOperator(op);
    send(op, rows(IN, `+I a 1 t\n+I a 2 t\n-D a 1 t`));
    expect(out.take()).toBe('+I a 1 2 2 2');
    send(op, rows(IN, `-U a 2 t\n+U a 2 t`));
    expect(out.take()).toBe('');
    send(op, rows(IN, `+I c 1 t\n-D c 1 t`));
    expect(out.take()).toBe('');
  });

  it('drops -U when the changelog mode has no update-before, and ignores unknown retractions', () => {
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: [call('count', [1], T.int8)], changelog: { emitUpdateBefore: false } });
    const out = openOperator(op);
    send(op, rows(IN, `-D z 1 t\n+I a 1 t`));
    expect(out.take()).toBe('+I a 1');
    send(op, rows(IN, `+I a null t\n+I a 2 t`));
    expect(out.take()).toBe('+U a 2');
  });

  it('a global aggregation starts with the empty-input row and never deletes it', () => {
    const aggs = [call('count_star', [], T.int8), call('sum', [1], T.int8), call('avg', [1], T.numeric)];
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [], aggs, changelog: { emitUpdateBefore: true } });
    const out = openOperator(op);
    expect(out.take()).toBe('+I 0 null null');
    send(op, rows(IN, `+I a 1 t\n+I b 2 t`));
    expect(out.take()).toBe(lines(`
      -U 0 null null
      +U 2 3 1.5`));
    send(op, rows(IN, `-D a 1 t\n-D b 2 t`));
    expect(out.take()).toBe(lines(`
      -U 2 3 1.5
      +U 0 null null`));
  });

  it('applies FILTER and DISTINCT', () => {
    const aggs = [call('count', [1], T.int8, { distinct: true }), call('sum', [1], T.int8, { filter: 2 })];
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs, changelog: { emitUpdateBefore: true } });
    const out = openOperator(op);
    send(op, rows(IN, `+I a 1 t\n+I a 1 f\n+I a 2 null`));
    expect(out.take()).toBe('+I a 2 1');
    send(op, rows(IN, `-D a 1 t`));
    expect(out.take()).toBe(lines(`
      -U a 2 1
      +U a 2 null`));
  });

  it('forwards barriers after the batch results', () => {
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: AGGS, changelog: { emitUpdateBefore: true } });
    const out = openOperator(op);
    send(op, rows(IN, `+I a 1 t`));
    op.process({ kind: 'barrier', id: 7 }, 0);
    expect(out.take()).toBe(lines(`
      +I a 1 1 1 1
      barrier 7`));
  });

  it('continues from a restored state snapshot', () => {
    const state = new HeapStateBackend();
    const first = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: AGGS, changelog: { emitUpdateBefore: true } });
    openOperator(first, state);
    send(first, rows(IN, `+I a 5 t\n+I a 3 t`));
    const snap = state.snapshot();
    const restored = new HeapStateBackend();
    restored.restore(snap);
    const second = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: AGGS, changelog: { emitUpdateBefore: true } });
    const out = openOperator(second, restored);
    send(second, rows(IN, `-D a 3 t`));
    expect(out.take()).toBe(lines(`
      -U a 2 8 3 5
      +U a 1 5 5 5`));
  });
});
