import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import type { AggCall } from '../../planner/logical/plan.ts';
import { batchOf, RowKind } from '../row/binary-row.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { PartialsChannel } from '../aggregate/partials.ts';
import { HeapStateBackend } from '../state/heap-backend.ts';
import { GroupAggregate } from './group-agg.ts';
import { LocalGroupAggregate } from './local-group-agg.ts';
import { CollectOutput, lines, rows, send } from './changelog-literal.ts';
import type { StreamMessage, StreamOperator } from './operator.ts';
import { prng as rng } from '../../tests/prng.ts';

/** Input: (k8 int8, kt text, v int4, kn numeric). */
const IN: SqlType[] = [T.int8, T.text, T.int4, T.numeric];

function call(fn: string, args: number[], type: SqlType): AggCall {
  return { fn, args, distinct: false, filter: undefined, orderBy: [], type, name: fn };
}

/** Calls whose partials merge after retractions (the planner allows these on updating input). */
const RETRACTING = [call('count_star', [], T.int8), call('count', [2], T.int8), call('sum', [2], T.int8), call('avg', [2], T.numeric)];
/** Insert-only input also allows min/max. */
const INSERT_ONLY = [...RETRACTING, call('min', [2], T.int4), call('max', [1], T.text), call('min', [3], T.numeric)];


/**
 * A consistent random changelog: batches of inserts and (unless insert-only) retractions of rows
 * inserted before (-D, or -U then +U), over few keys (NULL among them) so that keys repeat.
 */
function randomBatches(seed: number, insertOnly: boolean, count: number): RowBatch[] {
  const r = rng(seed);
  const live: unknown[][] = [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const batches: RowBatch[] = [];
  for (let b = 0; b < count; b++) {
    const list: [number, unknown[]][] = [];
    const n = 1 + Math.floor(r() * 30);
    for (let i = 0; i < n; i++) {
      if (!insertOnly && live.length > 0 && r() < 0.35) {
        const j = Math.floor(r() * live.length);
        const old = live[j]!;
        if (r() < 0.5) {
          live.splice(j, 1);
          list.push([RowKind.DELETE, old]);
        } else {
          const now = [old[0], old[1], Math.floor(r() * 100) - 30, old[3]];
          live[j] = now;
          list.push([RowKind.UPDATE_BEFORE, old], [RowKind.UPDATE_AFTER, now]);
        }
        continue;
      }
      const row: unknown[] = [pick([1, 2, -3, 2 ** 40, null]), pick(['a', 'b', '', 'éx', null]), pick([1, 5, -7, 40, null]), pick(['1.5', '1.50', '-2', '7.125', null])];
      row[3] = row[3] === null ? null : rows([T.numeric], `+I ${row[3] as string}`).getValue(0, 0);
      live.push(row);
      list.push([RowKind.INSERT, row]);
    }
    batches.push(batchOf(IN, list));
  }
  return batches;
}

/** Replays a changelog into `m`, key → row (the first `nk` fields are the key); returns `m`. */
function materialize(changelog: string, nk: number, m = new Map<string, string>()): Map<string, string> {
  for (const l of changelog.split('\n').filter((x) => x && !x.startsWith('barrier'))) {
    const [kind, ...fields] = l.split(' ');
    const key = fields.slice(0, nk).join(' ');
    if (kind === '+I' || kind === '+U') m.set(key, fields.slice(nk).join(' '));
    else m.delete(key);
  }
  return m;
}

interface Pipeline {
  readonly first: StreamOperator;
  readonly ops: StreamOperator[];
  readonly out: CollectOutput;
  /** Two phases: what the local phase pushed to the global phase. */
  readonly between?: StreamMessage[];
}

/** LocalGroupAggregate → GlobalGroupAggregate, handing partials over in one thread (`channel`) or as rows. */
function twoPhase(groupKeys: number[], aggs: AggCall[], size: number, channel: boolean, needRetraction: boolean, state = new HeapStateBackend()): Pipeline {
  const ch = channel ? new PartialsChannel() : undefined;
  const keyTypes = groupKeys.map((k) => IN[k]!);
  const global = new GroupAggregate({
    inputTypes: [...keyTypes, T.bytea],
    groupKeys: keyTypes.map((_, i) => i),
    aggs,
    changelog: { emitUpdateBefore: true },
    miniBatch: { size },
    partialInput: { localInputTypes: IN, channel: ch },
    needRetraction,
  });
  const local = new LocalGroupAggregate({ inputTypes: IN, groupKeys, aggs, miniBatchSize: size, channel: ch, needRetraction });
  const out = new CollectOutput();
  global.open({ output: out, state, config: new Map() });
  const between: StreamMessage[] = [];
  local.open({
    output: {
      push: (m) => {
        between.push(m);
        global.process(m, 0);
      },
    },
    state: new HeapStateBackend(),
    config: new Map(),
  });
  return { first: local, ops: [local, global], out, between };
}

function onePhase(groupKeys: number[], aggs: AggCall[]): Pipeline {
  const op = new GroupAggregate({ inputTypes: IN, groupKeys, aggs, changelog: { emitUpdateBefore: true } });
  const out = new CollectOutput();
  op.open({ output: out, state: new HeapStateBackend(), config: new Map() });
  return { first: op, ops: [op], out };
}

const KEYS: number[][] = [[0], [1], [0, 1], [3], [1, 0, 3]];

describe('two-phase aggregation, partials handed over in one thread', () => {
  for (const seed of [11, 12, 13]) {
    for (const insertOnly of [false, true]) {
      for (const keys of KEYS) {
        it(`equals partial rows and one phase (seed ${seed}, ${insertOnly ? 'insert-only' : 'retracting'}, keys ${keys.join(',')})`, () => {
          const r = rng(seed * 7);
          const aggs = insertOnly ? INSERT_ONLY : RETRACTING;
          const size = 10 + Math.floor(r() * 40);
          const inThread = twoPhase(keys, aggs, size, true, !insertOnly);
          const asRows = twoPhase(keys, aggs, size, false, !insertOnly);
          const one = onePhase(keys, aggs);
          const all = [inThread, asRows, one];
          const twoView = new Map<string, string>();
          const oneView = new Map<string, string>();
          let id = 0;
          for (const batch of randomBatches(seed, insertOnly, 60)) {
            for (const p of all) send(p.first, batch);
            if (r() < 0.25) {
              id++;
              for (const p of all) p.first.process({ kind: 'barrier', id }, 0);
              const got = inThread.out.take();
              expect(got).toBe(asRows.out.take());
              expect(materialize(got, keys.length, twoView)).toEqual(materialize(one.out.take(), keys.length, oneView));
              // Barriers keep their place after the partials they follow.
              expect(got.split('\n').at(-1)).toBe(`barrier ${id}`);
            }
          }
          for (const p of all) for (const op of p.ops) op.close();
          // In one thread no partial rows pass between the phases, only barriers.
          expect(inThread.between!.filter((m) => m.kind === 'batch')).toEqual([]);
          expect(asRows.between!.some((m) => m.kind === 'batch')).toBe(true);
          const last = inThread.out.take();
          expect(last).toBe(asRows.out.take());
        });
      }
    }
  }

  it('keeps the result of every barrier equal to one phase over many keys (table growth)', () => {
    const aggs = [call('count_star', [], T.int8), call('sum', [2], T.int8)];
    const inThread = twoPhase([0], aggs, 5000, true, false);
    const one = onePhase([0], aggs);
    const view = new Map<string, string>();
    const expected = new Map<string, string>();
    for (let b = 0; b < 8; b++) {
      const list: [number, unknown[]][] = [];
      for (let i = 0; i < 3000; i++) list.push([RowKind.INSERT, [(i * 7919 + b) % 4001, 'x', i % 13, null]]);
      const batch = batchOf(IN, list);
      send(inThread.first, batch);
      send(one.first, batch);
      inThread.first.process({ kind: 'barrier', id: b }, 0);
      materialize(inThread.out.take(), 1, view);
      materialize(one.out.take(), 1, expected);
      expect(view).toEqual(expected);
    }
    expect(view.size).toBe(4001);
  });

  it('emits one +I per key for a minibatch and folds later ones into -U/+U', () => {
    const aggs = [call('count_star', [], T.int8), call('max', [2], T.int4)];
    const p = twoPhase([1], aggs, 100, true, false);
    send(p.first, rows(IN, `+I 1 a 5 null\n+I 2 b 7 null\n+I 3 a 9 null`));
    p.first.process({ kind: 'barrier', id: 1 }, 0);
    send(p.first, rows(IN, `+I 1 a 1 null`));
    p.first.process({ kind: 'barrier', id: 2 }, 0);
    expect(p.out.take()).toBe(
      lines(`
      +I a 2 9
      +I b 1 7
      barrier 1
      -U a 2 9
      +U a 3 9
      barrier 2`),
    );
  });

  it('applies state TTL in the global phase', () => {
    let now = 1_000;
    const state = new HeapStateBackend({ ttlMs: 100, clock: () => now });
    const aggs = [call('count_star', [], T.int8)];
    const p = twoPhase([1], aggs, 100, true, false, state);
    send(p.first, rows(IN, `+I 1 a 1 null\n+I 1 b 1 null`));
    p.first.process({ kind: 'barrier', id: 1 }, 0);
    now += 60;
    send(p.first, rows(IN, `+I 1 a 1 null`));
    p.first.process({ kind: 'barrier', id: 2 }, 0);
    now += 60; // b last written 120 ms ago: expired
    send(p.first, rows(IN, `+I 1 a 1 null\n+I 1 b 1 null`));
    p.first.process({ kind: 'barrier', id: 3 }, 0);
    expect(p.out.take()).toBe(
      lines(`
      +I a 1
      +I b 1
      barrier 1
      -U a 1
      +U a 2
      barrier 2
      -U a 2
      +U a 3
      +I b 1
      barrier 3`),
    );
  });

  it('renders numeric keys as written (string-keyed partials)', () => {
    const p = twoPhase([3], [call('count_star', [], T.int8)], 100, true, false);
    send(p.first, rows(IN, `+I 1 a 1 1.5\n+I 1 a 1 1.50\n+I 1 a 1 2`));
    p.first.close();
    p.ops[1]!.close();
    const got = p.out.take().split('\n');
    // 1.5 = 1.50: one group, keyed by the first row seen.
    expect(got).toEqual(['+I 1.5 2', '+I 2 1']);
  });

  it('hands a key of one row over as the row itself, and a key of more rows as accumulators', () => {
    const channel = new PartialsChannel();
    const local = new LocalGroupAggregate({ inputTypes: IN, groupKeys: [0], aggs: RETRACTING, miniBatchSize: 100, channel });
    const got: [string, unknown, number][] = [];
    channel.connect((partials) => {
      for (const [k, p] of partials) got.push([String(k), p.accs === null ? null : p.accs[p.accs.length - 1], p.batch.getValue(p.row, 2) as number]);
      partials.clear();
      return partials;
    });
    local.open({ output: new CollectOutput() } as unknown as Parameters<StreamOperator['open']>[0]);
    send(local, rows(IN, `+I 1 a 5 null\n+I 2 a 7 null\n+I 2 b 9 null\n-D 3 a 4 null`));
    local.process({ kind: 'barrier', id: 1 }, 0);
    // Keys 1 and 3 (one row each, a retraction among them) pass their row; key 2 passes a row count of 2.
    expect(got.map(([, accs, v]) => [accs, v])).toEqual([
      [null, 5],
      [2, 7],
      [null, 4],
    ]);
  });
});
