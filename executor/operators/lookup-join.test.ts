import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { E } from '../../planner/logical/expr.ts';
import { LookupJoin } from './lookup-join.ts';
import type { DimRows, LookupFunctionLike } from './lookup-join.ts';
import { CollectOutput, lines, rows, send } from './changelog-literal.ts';

const IN = [T.int4, T.text];
const DIM = [T.int4, T.text];
const table: Record<number, DimRows> = { 1: [[1, 'one']], 2: [[2, 'two'], [2, 'deux']] };

function syncLookup(): LookupFunctionLike {
  return { async: false, lookup: (k) => table[k[0] as number] ?? [], close: () => {} };
}

/** An asynchronous store whose answers the test releases by key; records the keys asked. */
function asyncLookup() {
  const waiting = new Map<string, () => void>();
  const asked: unknown[] = [];
  const fn: LookupFunctionLike = {
    async: true,
    lookup: (k, ks) => {
      asked.push(k[0]);
      return new Promise<DimRows>((resolve) => waiting.set(ks, () => resolve(table[k[0] as number] ?? [])));
    },
    close: () => {},
  };
  const release = async (key: number) => {
    const ks = [...waiting.keys()].find((s) => s.endsWith(String(key)))!;
    waiting.get(ks)!();
    waiting.delete(ks);
    await new Promise((r) => setImmediate(r));
  };
  return { fn, asked, release, waiting };
}

function open(op: LookupJoin) {
  const out = new CollectOutput();
  const saturation: boolean[] = [];
  const errors: unknown[] = [];
  op.open({
    output: out,
    state: undefined as never,
    config: new Map(),
    async: {
      guard: (f) => {
        try {
          f();
        } catch (e) {
          errors.push(e);
        }
      },
      setSaturated: (s) => saturation.push(s),
    },
  });
  return { out, saturation, errors };
}

describe('LookupJoin', () => {
  it('inner join: each match, the input row kind kept; missing and NULL keys dropped', () => {
    const op = new LookupJoin({ joinType: 'inner', inputTypes: IN, dimTypes: DIM, inputKeys: [0], condition: undefined, lookup: syncLookup(), capacity: 10 });
    const { out } = open(op);
    send(op, rows(IN, `+I 1 a\n+I 3 b\n-D 2 c\n+I null d`));
    expect(out.take()).toBe(lines(`
      +I 1 a 1 one
      -D 2 c 2 two
      -D 2 c 2 deux`));
  });

  it('left join pads NULLs, also when the residual condition rejects every match', () => {
    const cond = E.call('text_ne', [E.col(3, T.text), E.lit('deux', T.text)], T.bool);
    const op = new LookupJoin({ joinType: 'left', inputTypes: IN, dimTypes: DIM, inputKeys: [0], condition: cond, lookup: syncLookup(), capacity: 10 });
    const { out } = open(op);
    send(op, rows(IN, `+I 2 a\n+I 3 b\n+I null c`));
    expect(out.take()).toBe(lines(`
      +I 2 a 2 two
      +I 3 b null null
      +I null c null null`));
  });

  it('asynchronous: output in input order, barriers behind earlier rows, capacity and saturation', async () => {
    const store = asyncLookup();
    const op = new LookupJoin({ joinType: 'left', inputTypes: IN, dimTypes: DIM, inputKeys: [0], condition: undefined, lookup: store.fn, capacity: 2 });
    const { out, saturation } = open(op);
    send(op, rows(IN, `+I 1 a\n+I 2 b`));
    expect(saturation).toEqual([true]);
    send(op, rows(IN, `+I 3 c\n+I 1 d`));
    op.process({ kind: 'barrier', id: 7 }, 0);
    expect(store.asked).toEqual([1, 2]);
    await store.release(2);
    expect(out.take()).toBe('');
    expect(store.asked).toEqual([1, 2, 3]);
    await store.release(1);
    expect(out.take()).toBe(lines(`
      +I 1 a 1 one
      +I 2 b 2 two
      +I 2 b 2 deux`));
    await store.release(3);
    expect(out.take()).toBe(lines(`
      +I 3 c null null
      +I 1 d 1 one
      barrier 7`));
    expect(saturation).toEqual([true, false]);
    expect(store.asked).toEqual([1, 2, 3]);
  });

  it('asynchronous: a failed lookup is reported through the job guard', async () => {
    const fn: LookupFunctionLike = { async: true, lookup: () => Promise.reject(new Error('down')), close: () => {} };
    const op = new LookupJoin({ joinType: 'inner', inputTypes: IN, dimTypes: DIM, inputKeys: [0], condition: undefined, lookup: fn, capacity: 2 });
    const { errors } = open(op);
    send(op, rows(IN, `+I 1 a`));
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('down');
  });
});
