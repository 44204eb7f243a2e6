import { describe, expect, it } from 'vitest';
import { T } from '../common/types.ts';
import { SqlError } from '../common/errors.ts';
import { connectorTable } from './testing.ts';
import { connectorNames, getConnector, validateTableOptions } from './registry.ts';

function err(f: () => unknown): SqlError {
  try {
    f();
  } catch (e) {
    return e as SqlError;
  }
  throw new Error('no error');
}

describe('connector registry', () => {
  it('finds connectors and lists them on a miss', () => {
    expect(getConnector('nexmark').canSource).toBe(true);
    expect(getConnector('PRINT').name).toBe('print');
    const e = err(() => getConnector('kafka'));
    expect(e.code).toBe('42704');
    expect(e.message).toBe('connector "kafka" does not exist');
    expect(e.detail).toBe(`available connectors: ${connectorNames().join(', ')}`);
    expect(connectorNames()).toEqual(['blackhole', 'datagen', 'filesystem', 'jdbc', 'nexmark', 'postgres', 'print', 'sqlite']);
  });

  it('rejects unknown options listing the supported ones, sorted', () => {
    const e = err(() => validateTableOptions(connectorTable('b', [['price', T.int8]], { connector: 'nexmark', 'nexmark.table.type': 'bid', 'events.numb': '5' })));
    expect(e.code).toBe('22023');
    expect(e.message).toBe('unsupported option "events.numb" for connector "nexmark"');
    expect(e.detail).toBe(
      'supported options: auction.proportion, base-time, bid.proportion, connector, events.num, first-event.rate, nexmark.table.type, next-event.rate, person.proportion, rate, seed',
    );
  });

  it('requires required options and checks values', () => {
    const e = err(() => validateTableOptions(connectorTable('b', [['price', T.int8]], { connector: 'nexmark' })));
    expect(e.code).toBe('22023');
    expect(e.message).toBe('missing required option "nexmark.table.type" for connector "nexmark"');
    const v = err(() => validateTableOptions(connectorTable('b', [['price', T.int8]], { connector: 'nexmark', 'nexmark.table.type': 'bid', 'events.num': 'ten' })));
    expect(v.code).toBe('22023');
    expect(v.message).toBe('invalid value "ten" for option "events.num"');
    expect(() => validateTableOptions(connectorTable('b', [['price', T.int8]], { connector: 'nexmark', 'nexmark.table.type': 'bid', 'first-event.rate': '1000', 'base-time': '2024-01-01 00:00:00' }))).not.toThrow();
    expect(() => validateTableOptions(connectorTable('p', [['a', T.int4]], { connector: 'print', 'print-identifier': 'x' }))).not.toThrow();
    expect(err(() => validateTableOptions(connectorTable('p', [['a', T.int4]], { connector: 'blackhole', path: '/x' }))).detail).toBe('supported options: connector');
  });
});
