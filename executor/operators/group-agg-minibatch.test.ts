import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import { GroupAggregate } from './group-agg.ts';
import { LocalGroupAggregate } from './local-group-agg.ts';
import { HeapStateBackend } from '../state/heap-backend.ts';
import { CollectOutput, lines, openOperator, rows, send } from './changelog-literal.ts';
import type { StreamOperator } from './operator.ts';
import { prng as rng } from '../../tests/prng.ts';

const IN = [T.text, T.int4];

function call(fn: string, args: number[], type: SqlType): AggCall {
  return { fn, args, distinct: false, filter: undefined, orderBy: [], type, name: fn };
}

const AGGS = [call('count_star', [], T.int8), call('sum', [1], T.int8), call('min', [1], T.int4), call('max', [1], T.int4)];

describe('GroupAggregate with minibatch', () => {
  it('folds rows across batches and emits once per key at the marker', () => {
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: [call('count_star', [], T.int8)], changelog: { emitUpdateBefore: true }, miniBatch: { size: 1000 } });
    const out = openOperator(op);
    send(op, rows(IN, `+I a 1`));
    send(op, rows(IN, `+I a 1`));
    send(op, rows(IN, `+I a 1`));
    expect(out.take()).toBe('');
    op.process({ kind: 'barrier', id: 7 }, 0);
    expect(out.take()).toBe(lines(`
      +I a 3
      barrier 7`));
    send(op, rows(IN, `+I a 1\n+I a 2`));
    send(op, rows(IN, `+I b 1`));
    op.process({ kind: 'barrier', id: 8 }, 0);
    expect(out.take()).toBe(lines(`
      -U a 3
      +U a 5
      +I b 1
      barrier 8`));
  });

  it('emits when `size` rows are buffered, and at close', () => {
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: [call('count_star', [], T.int8)], changelog: { emitUpdateBefore: false }, miniBatch: { size: 3 } });
    const out = openOperator(op);
    send(op, rows(IN, `+I a 1\n+I a 1`));
    expect(out.take()).toBe('');
    send(op, rows(IN, `+I a 1`));
    expect(out.take()).toBe('+I a 3');
    send(op, rows(IN, `+I a 1`));
    op.close();
    expect(out.take()).toBe('+U a 4');
  });

  it('a key inserted and deleted within one minibatch emits nothing', () => {
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: AGGS, changelog: { emitUpdateBefore: true }, miniBatch: { size: 100 } });
    const out = openOperator(op);
    send(op, rows(IN, `+I a 1`));
    send(op, rows(IN, `-D a 1`));
    op.close();
    expect(out.take()).toBe('');
  });
});


/** Replays a changelog into a map key → row text (the result a keyed materialization holds). */
function materialize(changelog: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of changelog.split('\n').filter((x) => x && !x.startsWith('barrier'))) {
    const [kind, key, ...rest] = l.split(' ');
    if (kind === '+I' || kind === '+U') m.set(key!, rest.join(' '));
    else m.delete(key!);
  }
  return m;
}

describe('two-phase aggregation', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`LocalGroupAggregate → global equals one phase on random input (seed ${seed})`, () => {
      const r = rng(seed);
      // Insert-only input, as the planner requires for min/max in two phases.
      const aggs = [...AGGS, call('avg', [1], T.numeric)];
      const one = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs, changelog: { emitUpdateBefore: true } });
      const oneOut = openOperator(one);
      const local = new LocalGroupAggregate({ inputTypes: IN, groupKeys: [0], aggs, miniBatchSize: 50 });
      const global = new GroupAggregate({ inputTypes: [T.text, T.bytea], groupKeys: [0], aggs, changelog: { emitUpdateBefore: true }, miniBatch: { size: 50 }, partialInput: { localInputTypes: IN } });
      const twoOut = new CollectOutput();
      global.open({ output: twoOut, state: new HeapStateBackend(), config: new Map() });
      local.open({ output: { push: (m) => global.process(m, 0) }, state: new HeapStateBackend(), config: new Map() });
      for (let b = 0; b < 40; b++) {
        const text = Array.from({ length: 1 + Math.floor(r() * 20) }, () => `+I k${Math.floor(r() * 8)} ${Math.floor(r() * 100) - 50}`).join('\n');
        send(one, rows(IN, text));
        send(local, rows(IN, text));
        if (r() < 0.2) local.process({ kind: 'barrier', id: b }, 0);
      }
      for (const op of [local, global] as StreamOperator[]) op.close();
      expect(materialize(twoOut.take())).toEqual(materialize(oneOut.take()));
    });
  }

  it('merges retractions for count and sum', () => {
    const aggs = [call('count_star', [], T.int8), call('sum', [1], T.int8)];
    const local = new LocalGroupAggregate({ inputTypes: IN, groupKeys: [0], aggs, miniBatchSize: 100 });
    const global = new GroupAggregate({ inputTypes: [T.text, T.bytea], groupKeys: [0], aggs, changelog: { emitUpdateBefore: true }, miniBatch: { size: 100 }, partialInput: { localInputTypes: IN } });
    const out = new CollectOutput();
    global.open({ output: out, state: new HeapStateBackend(), config: new Map() });
    local.open({ output: { push: (m) => global.process(m, 0) }, state: new HeapStateBackend(), config: new Map() });
    send(local, rows(IN, `+I a 1\n+I a 2\n+I b 5`));
    local.process({ kind: 'barrier', id: 1 }, 0);
    send(local, rows(IN, `-D a 1\n-D b 5`));
    local.process({ kind: 'barrier', id: 2 }, 0);
    expect(out.take()).toBe(lines(`
      +I a 2 3
      +I b 1 5
      barrier 1
      -U a 2 3
      +U a 1 2
      -D b 1 5
      barrier 2`));
  });
});

describe('GroupAggregate with state TTL', () => {
  it('treats state not written for longer than the TTL as absent', () => {
    let now = 1_000;
    const state = new HeapStateBackend({ ttlMs: 100, clock: () => now });
    const op = new GroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: [call('count_star', [], T.int8)], changelog: { emitUpdateBefore: true } });
    const out = openOperator(op, state);
    send(op, rows(IN, `+I a 1\n+I b 1`));
    expect(out.take()).toBe(lines(`
      +I a 1
      +I b 1`));
    now += 60;
    send(op, rows(IN, `+I a 1`));
    expect(out.take()).toBe(lines(`
      -U a 1
      +U a 2`));
    now += 60; // b last written 120 ms ago: expired; a 60 ms ago: alive
    send(op, rows(IN, `+I a 1\n+I b 1`));
    expect(out.take()).toBe(lines(`
      -U a 2
      +U a 3
      +I b 1`));
    now += 500;
    expect(state.sweepExpired()).toBe(2);
    send(op, rows(IN, `-D a 1`));
    expect(out.take()).toBe('');
  });
});
