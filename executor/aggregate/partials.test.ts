import { describe, expect, it } from 'vitest';
import type { StateKey } from '../state/state-backend.ts';
import { T } from '../../common/types.ts';
import { RowBatchBuilder, RowKind } from '../row/binary-row.ts';
import { makeKeyEncoder } from '../row/key-codec.ts';
import { PartialsChannel, decodePartials, encodePartials, type LocalPartial } from './partials.ts';

describe('partials between the local and global aggregation phases', () => {
  it('round-trips serialized partials', () => {
    expect(decodePartials(encodePartials([7, 'a', null, 3]))).toEqual([7, 'a', null, 3]);
  });

  it('hands a minibatch of partials to the connected receiver, synchronously, and gets an empty map back', () => {
    const ch = new PartialsChannel();
    const got: [StateKey, number, readonly number[]][] = [];
    const spare = new Map<StateKey, LocalPartial>();
    expect(() => ch.deliver(new Map(), [0])).toThrow(/no receiver/);
    ch.connect((partials, cols) => {
      for (const [k, p] of partials) got.push([k, p.accs![1] as number, cols]);
      return spare;
    });
    expect(() => ch.connect(() => new Map())).toThrow(/already/);
    const b = new RowBatchBuilder([T.int8]);
    b.beginRow(RowKind.INSERT);
    b.setValue(0, 1);
    b.endRow();
    const batch = b.finish();
    const m = new Map<string, LocalPartial>([['k', { accs: [2, -1], batch, row: 0 }]]);
    expect(ch.deliver(m, [3])).toBe(spare);
    expect(got).toEqual([['k', -1, [3]]]);
    spare.set('x', m.get('k')!);
    expect(() => ch.deliver(m, [3])).toThrow(/non-empty/);
  });

  it("the local phase's key encoding equals the global phase's over the partial rows", () => {
    // Local input (int4, text, int8) keyed by columns 2, 1; partial rows are (int8, text, bytea) keyed by 0, 1.
    const local = new RowBatchBuilder([T.int4, T.text, T.int8]);
    const partial = new RowBatchBuilder([T.int8, T.text, T.bytea]);
    const keys: [number | null, string | null][] = [[1, 'a'], [null, 'a'], [-5, null], [2 ** 40, 'é\u0000x'], [1, '']];
    for (const [n, s] of keys) {
      local.beginRow(RowKind.INSERT);
      local.setValue(0, 9);
      local.setValue(1, s);
      local.setValue(2, n);
      local.endRow();
      partial.beginRow(RowKind.INSERT);
      partial.setValue(0, n);
      partial.setValue(1, s);
      partial.setValue(2, new Uint8Array([1]));
      partial.endRow();
    }
    const lb = local.finish();
    const pb = partial.finish();
    const lk = makeKeyEncoder([T.int4, T.text, T.int8], [2, 1]);
    const pk = makeKeyEncoder([T.int8, T.text, T.bytea], [0, 1]);
    const seen = new Set<string>();
    for (let r = 0; r < keys.length; r++) {
      expect(lk(lb, r)).toBe(pk(pb, r));
      seen.add(lk(lb, r));
    }
    expect(seen.size).toBe(keys.length);
  });
});
