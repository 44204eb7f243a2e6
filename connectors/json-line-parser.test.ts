import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T } from '../common/types.ts';
import type { SqlType } from '../common/types.ts';
import { connectorTable } from './testing.ts';
import { JsonLinesReader } from './filesystem.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const COLS: readonly (readonly [string, SqlType])[] = [
  ['id', T.int8],
  ['name', T.text],
  ['x', T.float8],
  ['n', T.int4],
  ['ok', T.bool],
  ['ts', { id: 'timestamp', precision: 3 }],
  ['dec', { id: 'numeric', precision: 20, scale: 2 }],
];

function file(content: string): string {
  const d = mkdtempSync(join(tmpdir(), 'strom-jlp-'));
  dirs.push(d);
  const f = join(d, 'in.json');
  writeFileSync(f, content);
  return f;
}

/** Rows, skipped count, or the error message, read with or without the fast path. */
function read(path: string, fast: boolean, ignore = false): { rows: unknown[][]; skipped: number } | string {
  const t = connectorTable('t', COLS, { connector: 'filesystem', path, format: 'json' });
  const r = new JsonLinesReader(t, 0, 1, ignore, fast);
  const rows: unknown[][] = [];
  try {
    for (;;) {
      const b = r.read(3);
      if (typeof b === 'string') return { rows, skipped: r.skipped };
      for (let i = 0; i < b.count; i++) rows.push(b.getRow(i));
    }
  } catch (e) {
    return (e as Error).message;
  } finally {
    r.close();
  }
}

/** Reads `content` both ways and checks they agree; returns the fast path's result. */
function both(content: string, ignore = false): ReturnType<typeof read> {
  const path = file(content);
  const fast = read(path, true, ignore);
  expect(fast).toEqual(read(path, false, ignore));
  return fast;
}

function rowsOf(content: string): unknown[][] {
  const r = both(content);
  if (typeof r === 'string') throw new Error(r);
  return r.rows;
}

describe('fast JSON line parser', () => {
  it('decodes string escapes like JSON.parse', () => {
    const rows = rowsOf(
      [String.raw`{"id":1,"name":"a\"b\\c\nd\/e\t"}`, String.raw`{"id":2,"name":"caf\u00e9 \ud83d\ude00 x"}`, '{"id":3,"name":"naïve 😀"}', String.raw`{"id":4,"name":"\u00E9\b\f\r"}`, String.raw`{"id":5,"name":"lone \ud800 surrogate"}`].join('\n'),
    );
    expect(rows.map((r) => r[1])).toEqual(['a"b\\c\nd/e\t', 'café 😀 x', 'naïve 😀', 'é\b\f\r', 'lone \ufffd surrogate']);
  });

  it('converts numbers exactly as Number does', () => {
    const rows = rowsOf(
      [
        '{"id":-42,"x":-1.5e3,"n":-7}',
        '{"id":9007199254740993,"x":1E-7,"n":0}',
        '{"id":12345678901234567,"x":0.1,"n":2147483647}',
        '{"id":-0,"x":-0.0,"n":1.0}',
        '{"id":1e3,"x":123456789012345678901234567890,"n":3}',
        '{"id":1,"x":2.2250738585072014e-308,"n":4}',
        '{"id":2,"x":0.30000000000000004,"n":5}',
      ].join('\n'),
    );
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      [-42, null, -1500, -7],
      [9007199254740992n, null, 1e-7, 0],
      [12345678901234568n, null, 0.1, 2147483647],
      [0, null, -0, 1],
      [1000, null, 1.2345678901234568e29, 3],
      [1, null, 2.2250738585072014e-308, 4],
      [2, null, 0.30000000000000004, 5],
    ]);
  });

  it('handles null, missing and unknown fields in any order', () => {
    const rows = rowsOf(
      [
        '{"id":null,"name":null,"ok":true}',
        '{"ok":false,"extra":"x","n":5,"more":[1]}',
        '{"n":6,"zzz":{"a":1},"id":7,"dec":"12.50","ts":"2024-01-02 03:04:05.678"}',
        '{ "dec" : 3.25 , "ts" : 1700000000000 , "other" : -1.5e2, "flag": null, "t": true }',
        '{}',
        '{"ID":8,"Name":"case-insensitive"}',
      ].join('\n'),
    );
    expect(rows[0]).toEqual([null, null, null, null, true, null, null]);
    expect(rows[1]!.slice(0, 5)).toEqual([null, null, null, 5, false]);
    expect(rows[2]!.slice(0, 4)).toEqual([7, null, null, 6]);
    expect(String(rows[2]![6])).toBe('12.5');
    expect(rows[2]![5]).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678) * 1000);
    expect(rows[3]![5]).toBe(1700000000000 * 1000);
    expect(rows[4]).toEqual([null, null, null, null, null, null, null]);
    expect(rows[5]!.slice(0, 2)).toEqual([8, 'case-insensitive']);
  });

  it('remembers keys that name no column, never one that names a column in another case', () => {
    const lines: string[] = [];
    for (let i = 0; i < 80; i++) lines.push(`{"k${i % 40}":${i},"channel":"c","id":${i},"Name":"n${i}","NAME2":1}`);
    lines.push('{"channel":"c","ID":99}');
    const rows = rowsOf(lines.join('\n'));
    expect(rows.map((r) => r[0])).toEqual([...Array.from({ length: 80 }, (_, i) => i), 99]);
    expect(rows.slice(0, 3).map((r) => r[1])).toEqual(['n0', 'n1', 'n2']);
  });

  it('reads timestamps, including rolled-over and odd forms', () => {
    const rows = rowsOf(
      ['{"ts":"2024-02-30 23:59:59.999"}', '{"ts":"0099-12-31 00:00:00.000"}', '{"ts":"2024-01-01T12:00:00.5"}', '{"ts":"2024-01-01 24:00:00.000"}', '{"ts":"1969-12-31 23:59:59.001"}'].join('\n'),
    );
    expect(rows[0]![5]).toBe(Date.UTC(2024, 2, 1, 23, 59, 59, 999) * 1000);
    expect(rows[4]![5]).toBe(-999_000);
  });

  it('handles CRLF line ends, blank lines and a final line without newline', () => {
    const rows = rowsOf('{"id":1}\r\n\r\n  \n{"id":2,"name":"x"}  \r\n{"id":3}');
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3]);
  });

  it('counts or reports malformed lines as JSON.parse does', () => {
    const bad = ['{"id":1}', '{"id":2', '{"id":01}', '{"id":"x"}', '[1]', '{"id":1,}', '{"name":"a\\x"}', '{"n":1}{"n":2}', '{"ok":"maybe"}', '{"id":3}', '{"name":"raw\ttab"}', '"s"'];
    const skipped = both(bad.join('\n'), true);
    expect(skipped).toEqual({ rows: expect.any(Array), skipped: 10 });
    const err = both(bad.join('\n'));
    expect(err).toBe(`malformed JSON line 2 of file "${(dirs.at(-1) ?? '') + '/in.json'}"`);
  });

  it('takes the last of duplicate keys and skips nested values of columns via the slow path', () => {
    const rows = rowsOf('{"id":1,"id":2}\n{"name":{"a":[1,2]},"id":3}\n{"name":5,"ok":"true"}');
    expect(rows.map((r) => r.slice(0, 2))).toEqual([[2, null], [3, '{"a":[1,2]}'], [null, '5']]);
    expect(rows[2]![4]).toBe(true);
  });

  it('reads lines longer than the read chunk', () => {
    const long = 'y'.repeat(3 << 20);
    const rows = rowsOf(`{"id":1,"name":"${long}"}\n{"id":2}\n`);
    expect(rows.map((r) => [r[0], (r[1] as string | null)?.length ?? null])).toEqual([[1, long.length], [2, null]]);
  });
});
