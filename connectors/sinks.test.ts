import { describe, expect, it } from 'vitest';
import { T } from '../common/types.ts';
import { batchOf, RowKind } from '../executor/row/binary-row.ts';
import { connectorTable } from './testing.ts';
import { printConnector } from './print.ts';
import { blackholeConnector, blackholeCount, resetBlackholeCounts, BlackholeWriter } from './blackhole.ts';

const types = [T.int4, T.text, T.int8];
const batch = batchOf(types, [
  [RowKind.INSERT, [1, 'foo', null]],
  [RowKind.UPDATE_BEFORE, [1, 'foo', 2]],
  [RowKind.UPDATE_AFTER, [1, 'bar', 3]],
  [RowKind.DELETE, [2, 'a b', 4]],
]);
const cols = [['a', T.int4], ['b', T.text], { name: 'pt', type: T.timestamptz, nullable: true, computed: 'PROCTIME()' }, ['c', T.int8]] as const;

describe('print sink', () => {
  it('prints rows as Flink does', () => {
    const lines: string[] = [];
    const w = printConnector.createWriter!(connectorTable('p', cols, { connector: 'print' }), { log: (l) => lines.push(l) });
    w.write(batch);
    w.close();
    expect(lines).toEqual(['+I[1, foo, null]', '-U[1, foo, 2]', '+U[1, bar, 3]', '-D[2, a b, 4]']);
    expect(printConnector.sinkAcceptsUpdates).toBe(true);
  });

  it('prefixes the print-identifier', () => {
    const lines: string[] = [];
    const w = printConnector.createWriter!(connectorTable('p', cols, { connector: 'print', 'print-identifier': 'q1' }), { log: (l) => lines.push(l) });
    w.write(batch);
    expect(lines[0]).toBe('q1> +I[1, foo, null]');
  });

  it('prefixes the subtask (from 1) of a parallel writer, as Flink does; none for one writer', () => {
    const table = (opts: Record<string, string>) => connectorTable('p', cols, { connector: 'print', ...opts });
    const first = (opts: Record<string, string>, subtask?: { index: number; count: number }) => {
      const lines: string[] = [];
      printConnector.createWriter!(table(opts), { log: (l) => lines.push(l), subtask }).write(batch);
      return lines[0];
    };
    expect(first({}, { index: 1, count: 2 })).toBe('2> +I[1, foo, null]');
    expect(first({ 'print-identifier': 'q1' }, { index: 0, count: 2 })).toBe('q1:1> +I[1, foo, null]');
    expect(first({}, { index: 0, count: 1 })).toBe('+I[1, foo, null]');
    expect(printConnector.parallelSink).toBeDefined();
  });
});

describe('blackhole sink', () => {
  it('discards and counts', () => {
    resetBlackholeCounts();
    const w = blackholeConnector.createWriter!(connectorTable('bh', cols, { connector: 'blackhole' }), { log: () => {} }) as BlackholeWriter;
    w.write(batch);
    w.write(batch);
    expect(w.count).toBe(8);
    expect(blackholeCount('bh')).toBe(8);
    expect(blackholeConnector.sinkAcceptsUpdates).toBe(true);
  });
});
