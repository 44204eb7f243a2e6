import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { SqlError } from '../../common/errors.ts';
import type { PhysicalNode } from './plan.ts';
import { INSERT_ONLY, RETRACT } from './plan.ts';
import { planDeduplicate, rankStrategy } from './plan-rank.ts';

const scan = (mode = INSERT_ONLY, upsertKey?: number[]): PhysicalNode => ({ kind: 'Values', rows: [], types: [T.int8, T.int8], names: ['k', 'v'], mode, upsertKey });
const agg = (fn: string): PhysicalNode => ({
  kind: 'GroupAggregate',
  input: scan(),
  groupKeys: [0],
  aggs: [{ fn, args: [1], distinct: false, filter: undefined, orderBy: [], type: T.int8, name: fn }],
  emitUpdateBefore: true,
  types: [T.int8, T.int8],
  names: ['k', fn],
  mode: RETRACT,
  upsertKey: [0],
});
const shape = (desc: boolean, partitionKeys: number[] = []) => ({ rankType: 'ROW_NUMBER', partitionKeys, orderKeys: [{ index: 1, desc, nullsFirst: desc }], rankStart: 1, rankEnd: 3, outputRankNumber: false }) as const;

describe('rank strategy (Flink RankProcessStrategy)', () => {
  it('AppendFast for insert-only input', () => expect(rankStrategy(scan(), shape(true))).toBe('AppendFastStrategy'));
  it('UpdateFast when the sort key moves towards the top and the upsert key contains the partition key', () => {
    expect(rankStrategy(agg('count_star'), shape(true))).toBe('UpdateFastStrategy');
    expect(rankStrategy(agg('max'), shape(true, [0]))).toBe('UpdateFastStrategy');
    expect(rankStrategy(agg('min'), shape(false))).toBe('UpdateFastStrategy');
  });
  it('Retract otherwise', () => {
    expect(rankStrategy(agg('sum'), shape(true))).toBe('RetractStrategy');
    expect(rankStrategy(agg('count_star'), shape(false))).toBe('RetractStrategy');
    expect(rankStrategy(agg('count_star'), shape(true, [1]))).toBe('RetractStrategy');
    expect(rankStrategy(scan(RETRACT, [0]), shape(true))).toBe('RetractStrategy');
  });
});

describe('deduplication planning', () => {
  const key = { index: 1, desc: true, nullsFirst: true };
  it('proctime on updating input is 0A000; event time falls back to a retracting Rank', () => {
    const err = (() => {
      try {
        planDeduplicate(scan(RETRACT), { keys: [0], keep: 'last', time: 'proctime', orderKey: key }, [T.int8, T.int8], ['k', 'v']);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SqlError);
    expect((err as SqlError).code).toBe('0A000');
    const n = planDeduplicate(scan(RETRACT), { keys: [0], keep: 'last', time: 'rowtime', orderKey: key }, [T.int8, T.int8], ['k', 'v']);
    expect(n.kind === 'Rank' && n.strategy).toBe('RetractStrategy');
  });
  it('keep-first by proctime is append-only, the others update', () => {
    expect(planDeduplicate(scan(), { keys: [0], keep: 'first', time: 'proctime', orderKey: key }, [T.int8, T.int8], ['k', 'v']).mode).toEqual(INSERT_ONLY);
    expect(planDeduplicate(scan(), { keys: [0], keep: 'last', time: 'proctime', orderKey: key }, [T.int8, T.int8], ['k', 'v']).mode).toEqual(RETRACT);
  });
});
