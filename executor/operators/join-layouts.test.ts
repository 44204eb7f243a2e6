import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { InternalError } from '../../common/errors.ts';
import type { JoinType } from '../../planner/logical/plan.ts';
import { E } from '../../planner/logical/expr.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import { INSERT_ONLY, RETRACT } from '../../planner/physical/plan.ts';
import { RowKind, batchOf } from '../row/binary-row.ts';
import { HeapStateBackend } from '../state/heap-backend.ts';
import type { JoinInputInfo } from './join.ts';
import { Join } from './join.ts';
import type { JoinRows } from './join-state.ts';
import { CollectOutput, lines, openOperator, renderBatch, rows, send } from './changelog-literal.ts';
import { prng } from '../../tests/prng.ts';

// Both sides: (id, k, text); joined on k; the residual (when used) is l.v < r.w.
const S = [T.int4, T.int4, T.text];
const lessThan = E.call('text_lt', [E.col(2, T.text), E.col(5, T.text)], T.bool);

function makeJoin(joinType: JoinType, left?: JoinInputInfo, right?: JoinInputInfo, condition?: BoundExpr) {
  return new Join({ joinType, leftTypes: S, rightTypes: S, leftKeys: [1], rightKeys: [1], condition, leftInput: left, rightInput: right });
}

const append: JoinInputInfo = { mode: INSERT_ONLY };
const byId: JoinInputInfo = { mode: RETRACT, upsertKey: [0] };
const byK: JoinInputInfo = { mode: RETRACT, upsertKey: [1] };
const multiset: JoinInputInfo = { mode: RETRACT };

describe('Join state layouts', () => {
  it('chooses the layout from the input: insert-only appends, an upsert key finds rows by it, else a multiset', () => {
    expect(makeJoin('inner', append, byId).layouts).toEqual([{ kind: 'append' }, { kind: 'unique', key: [0], inJoinKey: false }]);
    expect(makeJoin('inner', byK, multiset).layouts).toEqual([{ kind: 'unique', key: [1], inJoinKey: true }, { kind: 'multiset' }]);
    expect(makeJoin('inner').layouts).toEqual([{ kind: 'multiset' }, { kind: 'multiset' }]);
  });

  it('append-only inner sides: duplicates are separate packed slots, no counts, hashes or assoc', () => {
    const state = new HeapStateBackend();
    const j = makeJoin('inner', append, append, undefined);
    const out = openOperator(j, state);
    send(j, rows(S, `+I 1 7 a\n+I 1 7 a\n+I 2 7 b\n+I 3 8 c`), 0);
    send(j, rows(S, `+I 9 7 x`), 1);
    expect(out.take()).toBe(lines(`
      +I 1 7 a 9 7 x
      +I 1 7 a 9 7 x
      +I 2 7 b 9 7 x`));
    const left = state.table<JoinRows>('join-left');
    expect(left.size).toBe(2);
    const k7 = [...left.scan()][0]![1];
    expect(k7.slots).toBe(3);
    expect(k7.counts).toBeNull();
    expect(k7.hashes).toBeNull();
    expect(k7.assoc).toBeNull();
    // The estimate counts the packed buffers by their capacity.
    let buffers = 0;
    for (const t of ['join-left', 'join-right']) for (const [, v] of state.table<JoinRows>(t).scan()) buffers += v.bytes.byteLength + v.starts.byteLength;
    expect(state.approximateBytes()).toBeGreaterThanOrEqual(buffers);
    expect(() => send(j, rows(S, `-D 1 7 a`), 0)).toThrow(InternalError);
  });

  it('an upsert-keyed side replaces the held row of a key, retracting its joined rows first', () => {
    const j = makeJoin('inner', byId, append, undefined);
    const out = openOperator(j);
    send(j, rows(S, `+I 5 1 y\n+I 6 2 z`), 1);
    send(j, rows(S, `+I 1 1 a`), 0);
    expect(out.take()).toBe('+I 1 1 a 5 1 y');
    // A well-formed update moving id 1 to key 2.
    send(j, rows(S, `-U 1 1 a\n+U 1 2 b`), 0);
    expect(out.take()).toBe(lines(`
      -D 1 1 a 5 1 y
      +I 1 2 b 6 2 z`));
    // An addition for a held key without its retraction: an upsert.
    send(j, rows(S, `+I 1 2 c`), 0);
    expect(out.take()).toBe(lines(`
      -D 1 2 b 6 2 z
      +I 1 2 c 6 2 z`));
    // A retraction of a key not held is ignored.
    send(j, rows(S, `-D 3 2 q`), 0);
    expect(out.take()).toBe('');
  });

  it('outer sides keep assoc per packed slot: padding of appended duplicates is retracted and restored', () => {
    const j = makeJoin('full', append, multiset, undefined);
    const out = openOperator(j);
    send(j, rows(S, `+I 1 7 a\n+I 1 7 a`), 0);
    send(j, rows(S, `+I 9 7 x\n+I 9 7 x`), 1);
    send(j, rows(S, `-D 9 7 x`), 1);
    send(j, rows(S, `-D 9 7 x\n-D 9 7 x`), 1);
    expect(out.take()).toBe(lines(`
      +I 1 7 a null null null
      +I 1 7 a null null null
      -D 1 7 a null null null
      +I 1 7 a 9 7 x
      -D 1 7 a null null null
      +I 1 7 a 9 7 x
      +I 1 7 a 9 7 x
      +I 1 7 a 9 7 x
      -D 1 7 a 9 7 x
      -D 1 7 a 9 7 x
      -D 1 7 a 9 7 x
      +I 1 7 a null null null
      -D 1 7 a 9 7 x
      +I 1 7 a null null null`));
  });

  it('a multiset side compacts its buffer as rows leave, and keeps counting copies', () => {
    const state = new HeapStateBackend();
    const j = makeJoin('inner', multiset, multiset, undefined);
    openOperator(j, state);
    for (let i = 0; i < 200; i++) {
      send(j, rows(S, `+I ${i} 1 a\n+I ${i} 1 a`), 0);
      send(j, rows(S, `-D ${i} 1 a`), 0);
      if (i > 0) send(j, rows(S, `-D ${i - 1} 1 a`), 0);
    }
    const entries = [...state.table<JoinRows>('join-left').scan()];
    expect(entries.length).toBe(1);
    const held = entries[0]![1];
    expect(held.live).toBe(1);
    expect(held.slots).toBeLessThan(8);
    expect(held.counts![held.slots - 1]).toBe(1);
  });

  it('continues from a restored snapshot', () => {
    const state = new HeapStateBackend();
    const j = makeJoin('left', byId, multiset, lessThan);
    const out = openOperator(j, state);
    send(j, rows(S, `+I 1 1 a\n+I 2 1 m`), 0);
    send(j, rows(S, `+I 9 1 k\n+I 9 1 k`), 1);
    out.take();
    const snap = state.snapshot();
    const restored = new HeapStateBackend();
    restored.restore(snap);
    const j2 = makeJoin('left', byId, multiset, lessThan);
    const out2 = openOperator(j2, restored);
    send(j2, rows(S, `-D 9 1 k`), 1);
    send(j2, rows(S, `-U 2 1 m\n+U 2 1 b`), 0);
    expect(out2.take()).toBe(lines(`
      -D 1 1 a 9 1 k
      -D 2 1 m null null null
      +I 2 1 b 9 1 k`));
  });

  it('honours state TTL per join key', () => {
    let now = 0;
    const j = makeJoin('inner', append, append, undefined);
    const out = openOperator(j, new HeapStateBackend({ ttlMs: 10, clock: () => now }));
    send(j, rows(S, `+I 1 1 a`), 0);
    now = 5;
    send(j, rows(S, `+I 9 1 x`), 1);
    expect(out.take()).toBe('+I 1 1 a 9 1 x');
    now = 12; // the left key was written at 0: expired
    send(j, rows(S, `+I 8 1 y`), 1);
    expect(out.take()).toBe('');
  });
});


type Row = [number, number | null, string | null];
type Kind = 'append' | 'byId' | 'byK' | 'multiset';

/** A random well-formed changelog for an input of kind `kind`; `held` is the input's current multiset. */
function nextChanges(kind: Kind, held: Row[], rnd: () => number, shape = { keys: 4, ids: 6 }): [number, Row][] {
  const pick = <X>(xs: readonly X[]) => xs[Math.floor(rnd() * xs.length)]!;
  const fresh = (id: number): Row => [id, rnd() < 0.1 ? null : Math.floor(rnd() * shape.keys), rnd() < 0.1 ? null : pick(['a', 'c', 'e', 'g'])];
  const out: [number, Row][] = [];
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    if (kind === 'append') {
      const row = held.length > 0 && rnd() < 0.3 ? [...pick(held)] as Row : fresh(Math.floor(rnd() * shape.ids));
      out.push([RowKind.INSERT, row]);
      held.push(row);
      continue;
    }
    const r = rnd();
    if (kind === 'multiset') {
      if (held.length > 0 && r < 0.4) {
        const at = Math.floor(rnd() * held.length);
        out.push([RowKind.DELETE, held[at]!]);
        held.splice(at, 1);
      } else {
        const row = held.length > 0 && r < 0.6 ? [...pick(held)] as Row : fresh(Math.floor(rnd() * shape.ids));
        out.push([RowKind.INSERT, row]);
        held.push(row);
      }
      continue;
    }
    // Upsert-keyed: at most one held row per key (id, or k for byK).
    const keyOf = (row: Row) => (kind === 'byId' ? row[0] : row[1]);
    const id = Math.floor(rnd() * shape.ids);
    let row = fresh(id);
    if (kind === 'byK' && row[1] === null) row = [id, 0, row[2]];
    const at = held.findIndex((h) => keyOf(h) === keyOf(row));
    if (at < 0) {
      out.push([RowKind.INSERT, row]);
      held.push(row);
    } else if (r < 0.4) {
      out.push([RowKind.DELETE, held[at]!]);
      held.splice(at, 1);
    } else {
      // An update: -U old, +U new (byId may move the row to another join key).
      if (kind === 'byK') row = [row[0], held[at]![1], row[2]];
      out.push([RowKind.UPDATE_BEFORE, held[at]!], [RowKind.UPDATE_AFTER, row]);
      held[at] = row;
    }
  }
  return out;
}

/** The join's result over the inputs' current rows, computed naively, as a multiset of rendered rows. */
function expected(joinType: JoinType, left: Row[], right: Row[], pred: boolean): Map<string, number> {
  const res = new Map<string, number>();
  const add = (vals: unknown[]) => {
    const k = vals.map((v) => (v === null ? 'null' : String(v))).join(' ');
    res.set(k, (res.get(k) ?? 0) + 1);
  };
  const match = (l: Row, r: Row) => l[1] !== null && l[1] === r[1] && (!pred || (l[2] !== null && r[2] !== null && l[2] < r[2]));
  const nulls = [null, null, null];
  for (const l of left) {
    const ms = right.filter((r) => match(l, r));
    if (joinType === 'semi' || joinType === 'anti') {
      if ((ms.length > 0) === (joinType === 'semi')) add(l);
      continue;
    }
    for (const r of ms) add([...l, ...r]);
    if (ms.length === 0 && (joinType === 'left' || joinType === 'full')) add([...l, ...nulls]);
  }
  if (joinType === 'right' || joinType === 'full') for (const r of right) if (!left.some((l) => match(l, r))) add([...nulls, ...r]);
  return res;
}

const infos: Record<Kind, JoinInputInfo> = { append, byId, byK, multiset };

describe('Join state layouts against a naive join of random changelogs', () => {
  const kinds: Kind[] = ['append', 'byId', 'byK', 'multiset'];
  const types: JoinType[] = ['inner', 'left', 'right', 'full', 'semi', 'anti'];
  for (const jt of types) {
    it(`${jt}: every pair of layouts, with and without a residual`, () => {
      let seed = 1;
      for (const lk of kinds) {
        for (const rk of kinds) {
          for (const pred of [false, true]) {
            const rnd = prng(seed++);
            const j = makeJoin(jt, infos[lk], infos[rk], pred ? lessThan : undefined);
            const out = new CollectOutput();
            j.open({ output: out, state: new HeapStateBackend(), config: new Map() });
            const left: Row[] = [];
            const right: Row[] = [];
            const acc = new Map<string, number>();
            const log: string[] = [];
            for (let step = 0; step < 60; step++) {
              const input = rnd() < 0.5 ? 0 : 1;
              const changes = nextChanges(input === 0 ? lk : rk, input === 0 ? left : right, rnd);
              j.process({ kind: 'batch', batch: batchOf(S, changes) }, input);
              log.push(`${input}: ${changes.map(([k, r]) => `${k} ${r.join(' ')}`).join(', ')}`);
              for (const m of out.messages) {
                if (m.kind !== 'batch') continue;
                for (const line of renderBatch(m.batch)) {
                  const key = line.slice(3);
                  const c = (acc.get(key) ?? 0) + (line.startsWith('+') ? 1 : -1);
                  expect(c, `${lk}/${rk} pred=${pred} step ${step}: retraction of a row not emitted: ${line}`).toBeGreaterThanOrEqual(0);
                  if (c === 0) acc.delete(key);
                  else acc.set(key, c);
                }
              }
              out.messages = [];
              expect(acc, `${jt} ${lk}/${rk} pred=${pred} step ${step}\n${log.join('\n')}`).toEqual(expected(jt, left, right, pred));
            }
          }
        }
      }
    });
  }
});

describe('Join state layouts with hot keys (indexed lookups, compaction)', () => {
  for (const jt of ['inner', 'full', 'anti'] as JoinType[]) {
    it(`${jt}: many rows per join key on updating sides`, () => {
      let seed = 100;
      for (const [lk, rk] of [['multiset', 'byId'], ['byId', 'multiset'], ['multiset', 'append']] as [Kind, Kind][]) {
        const rnd = prng(seed++);
        const state = new HeapStateBackend();
        const j = makeJoin(jt, infos[lk], infos[rk], undefined);
        const out = new CollectOutput();
        j.open({ output: out, state, config: new Map() });
        const left: Row[] = [];
        const right: Row[] = [];
        const acc = new Map<string, number>();
        let indexed = 0;
        for (let step = 0; step < 400; step++) {
          const input = rnd() < 0.5 ? 0 : 1;
          const changes = nextChanges(input === 0 ? lk : rk, input === 0 ? left : right, rnd, { keys: 2, ids: 60 });
          j.process({ kind: 'batch', batch: batchOf(S, changes) }, input);
          for (const m of out.messages) {
            if (m.kind !== 'batch') continue;
            for (const line of renderBatch(m.batch)) {
              const key = line.slice(3);
              const c = (acc.get(key) ?? 0) + (line.startsWith('+') ? 1 : -1);
              expect(c).toBeGreaterThanOrEqual(0);
              if (c === 0) acc.delete(key);
              else acc.set(key, c);
            }
          }
          out.messages = [];
          if (step % 20 === 0) {
            expect(acc, `${jt} ${lk}/${rk} step ${step}`).toEqual(expected(jt, left, right, false));
            for (const t of ['join-left', 'join-right']) for (const [, v] of state.table<JoinRows>(t).scan()) if (v.index !== null) indexed++;
          }
        }
        expect(acc).toEqual(expected(jt, left, right, false));
        expect(indexed).toBeGreaterThan(0);
      }
    });
  }
});
