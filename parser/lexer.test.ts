import { describe, it, expect } from 'vitest';
import { SqlError } from '../common/errors.ts';
import { tokenize } from './lexer.ts';

const kv = (sql: string): [string, string][] => tokenize(sql).filter((t) => t.kind !== 'eof').map((t) => [t.kind, t.value]);

describe('lexer', () => {
  it('folds unquoted identifiers and keeps quoted ones', () => {
    expect(kv('SELECT Foo, "Bar", "a""b", `Baz`, `x``y`')).toEqual([
      ['ident', 'select'], ['ident', 'foo'], ['op', ','], ['ident', 'Bar'], ['op', ','], ['ident', 'a"b'], ['op', ','],
      ['ident', 'Baz'], ['op', ','], ['ident', 'x`y'],
    ]);
    const quoted = tokenize('"Select"')[0]!;
    expect(quoted.quoted).toBe(true);
  });

  it('records 0-based offsets', () => {
    const toks = tokenize('  select  x');
    expect(toks.map((t) => [t.pos, t.end])).toEqual([[2, 8], [10, 11], [11, 11]]);
  });

  it('reads numbers', () => {
    expect(kv('123 1.5 .5 1e-3 2E10 1.')).toEqual([
      ['number', '123'], ['number', '1.5'], ['number', '.5'], ['number', '1e-3'], ['number', '2E10'], ['number', '1.'],
    ]);
  });

  it('reads strings with escapes', () => {
    expect(kv("'a''b'")).toEqual([['string', "a'b"]]);
    expect(kv("E'a\\nb\\t\\'c\\\\'")).toEqual([['string', "a\nb\t'c\\"]]);
    expect(kv("e'\\x41\\101\\u0042'")).toEqual([['string', 'AAB']]);
    expect(kv("U&'\\0041\\+000042'")).toEqual([['string', 'AB']]);
    expect(kv('$$it\'s$$')).toEqual([['string', "it's"]]);
    expect(kv('$tag$a $$ b$tag$')).toEqual([['string', 'a $$ b']]);
    expect(kv("'a'\n  'b'")).toEqual([['string', 'ab']]);
    expect(kv("'a' 'b'")).toEqual([['string', 'a'], ['string', 'b']]);
  });

  it('reads parameters', () => {
    expect(kv('$1 + $12')).toEqual([['param', '1'], ['op', '+'], ['param', '12']]);
  });

  it('reads operators, longest match with PostgreSQL trimming', () => {
    expect(kv('a->>b #>> c @> d <@ e && f || g :: h != i <> j <= k >= l ~* m !~* n !~ o')).toEqual([
      ['ident', 'a'], ['op', '->>'], ['ident', 'b'], ['op', '#>>'], ['ident', 'c'], ['op', '@>'], ['ident', 'd'], ['op', '<@'],
      ['ident', 'e'], ['op', '&&'], ['ident', 'f'], ['op', '||'], ['ident', 'g'], ['op', '::'], ['ident', 'h'], ['op', '!='],
      ['ident', 'i'], ['op', '<>'], ['ident', 'j'], ['op', '<='], ['ident', 'k'], ['op', '>='], ['ident', 'l'], ['op', '~*'],
      ['ident', 'm'], ['op', '!~*'], ['ident', 'n'], ['op', '!~'], ['ident', 'o'],
    ]);
    // `=-1` is `=` then `-`; an operator cannot end in - unless it has one of ~ ! @ # % ^ & | ` ?
    expect(kv('a=-1')).toEqual([['ident', 'a'], ['op', '='], ['op', '-'], ['number', '1']]);
    expect(kv('a[1:2]')).toEqual([['ident', 'a'], ['op', '['], ['number', '1'], ['op', ':'], ['number', '2'], ['op', ']']]);
  });

  it('skips line and nested block comments', () => {
    expect(kv('a -- c\n b /* x /* y */ z */ c')).toEqual([['ident', 'a'], ['ident', 'b'], ['ident', 'c']]);
    expect(kv('a--b')).toEqual([['ident', 'a']]);
  });

  it('reports unterminated strings and comments with positions', () => {
    for (const [sql, pos] of [["select 'abc", 8], ['select "abc', 8], ['x /* y', 3], ['$$abc', 1]] as const) {
      try {
        tokenize(sql);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SqlError);
        expect((e as SqlError).code).toBe('42601');
        expect((e as SqlError).position).toBe(pos);
      }
    }
  });
});
