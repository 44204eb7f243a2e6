/**
 * Flink's REGEXP_EXTRACT and SPLIT_INDEX (flink-string.ts) and the Java regex translation under them
 * (java-regex.ts). Every expected value was checked by running the same call in Apache Flink 1.20.3
 * (PyFlink, `SELECT REGEXP_EXTRACT(…)`); a comment marks the few that were not.
 */
import { describe, expect, it } from 'vitest';
import { regexpExtract, splitIndex } from './flink-string.ts';
import { javaRegExp } from './java-regex.ts';
import { getFunction } from './registry.ts';
import { errorText } from '../../../tests/error-text.ts';

const err = errorText;

describe('SPLIT_INDEX', () => {
  it('counts fields from 0 and keeps empty ones', () => {
    expect(splitIndex('a/b/c', '/', 1)).toBe('b');
    expect(splitIndex('a//b', '/', 1)).toBe('');
    expect(splitIndex('a/', '/', 1)).toBe('');
    expect(splitIndex('/', '/', 0)).toBe('');
    expect(splitIndex('/', '/', 1)).toBe('');
    expect(splitIndex('https://www.nexmark.com/xyz/abc/item.htm?query=1', '/', 3)).toBe('xyz');
    expect(splitIndex('https://www.nexmark.com/xyz/abc/item.htm?query=1', '/', 5)).toBe('item.htm?query=1');
  });
  it('splits at the whole separator, left to right', () => {
    expect(splitIndex('a::b::c', '::', 2)).toBe('c');
    expect(splitIndex('a:::b', '::', 1)).toBe(':b');
  });
  it('is NULL past the last field, for a negative index, and for an empty string', () => {
    expect(splitIndex('a/b/c', '/', 3)).toBe(null);
    expect(splitIndex('a/b/c', '/', -1)).toBe(null);
    expect(splitIndex('', '/', 0)).toBe(null);
  });
  it('splits at each whitespace character when the separator is empty', () => {
    expect(splitIndex('a b  c', '', 1)).toBe('b');
    expect(splitIndex('a b  c', '', 2)).toBe('');
    expect(splitIndex('abc', '', 0)).toBe('abc');
  });
  it('is strict: a NULL argument gives NULL without a call', () => {
    expect(getFunction('split_index').strict).toBe(true);
  });
});

describe('REGEXP_EXTRACT', () => {
  it('returns the group, 0 or no index for the whole match', () => {
    expect(regexpExtract('foothebar', 'foo(.*?)(bar)', 2)).toBe('bar');
    expect(regexpExtract('foothebar', 'foo(.*?)(bar)', 0)).toBe('foothebar');
    expect(regexpExtract('foothebar', 'foo(.*?)(bar)')).toBe('foothebar');
    expect(regexpExtract('abc', '', 0)).toBe('');
  });
  it('is NULL for no match, a group out of range, a group not taking part, an invalid regex', () => {
    expect(regexpExtract('foothebar', 'x(y)', 1)).toBe(null);
    expect(regexpExtract('foothebar', 'foo(.*?)(bar)', 3)).toBe(null);
    expect(regexpExtract('foothebar', 'foo(.*?)(bar)', -1)).toBe(null);
    expect(regexpExtract('ac', 'a(b)?c', 1)).toBe(null);
    expect(regexpExtract('foothebar', '(', 1)).toBe(null);
    expect(regexpExtract('a{b', 'a{', 0)).toBe(null);
    expect(regexpExtract('ab', '\\m', 0)).toBe(null);
  });
  it("extracts q21's channel id from Nexmark URLs", () => {
    const re = '(&|^)channel_id=([^&]*)';
    expect(regexpExtract('https://www.nexmark.com/a/b/c/item.htm?query=1&channel_id=1234', re, 2)).toBe('1234');
    expect(regexpExtract('channel_id=5&x=1', re, 2)).toBe('5');
    expect(regexpExtract('x=1&channel_id=', re, 2)).toBe('');
    expect(regexpExtract('https://www.nexmark.com/a/b/c/item.htm?query=1', re, 2)).toBe(null);
  });
});

describe('Java regular expressions', () => {
  const x = (s: string, p: string) => regexpExtract(s, p, 0);
  it('matches . ^ $ as Java does (line terminators, end before a final newline)', () => {
    expect(x('a\nb', 'a.b')).toBe(null);
    expect(x('a\rb', 'a.b')).toBe(null); // Java: \r is a line terminator (not run in Flink)
    expect(x('a\nb', '(?s)a.b')).toBe('a\nb');
    expect(x('a\n', 'a$')).toBe('a');
    expect(x('x\nab', '^ab')).toBe(null);
    expect(x('x\nab', '(?m)^ab')).toBe('ab'); // not run in Flink
    expect(x('ab\nc', '(?m)b$')).toBe('b'); // not run in Flink
    expect(x('𝄞x', '.x')).toBe('𝄞x');
  });
  it('takes Java-only syntax: \\Q…\\E, \\A, \\z, \\p{Alpha}, (?i), named groups', () => {
    expect(x('a.b', '\\Q.\\E')).toBe('.');
    expect(x('a.b', 'a\\Q.\\Eb')).toBe('a.b');
    expect(x('abc', '\\Aab')).toBe('ab');
    expect(x('abc', 'bc\\z')).toBe('bc');
    expect(x('abc1', '\\p{Alpha}+')).toBe('abc');
    expect(x('ABC', '(?i)b')).toBe('B');
    expect(regexpExtract('abc', '(?<x>b)', 1)).toBe('b');
    expect(x('a1', '\\d')).toBe('1');
    expect(x('a]b', ']')).toBe(']');
    expect(x('a-b', 'a\\-b')).toBe('a-b'); // not run in Flink
    expect(x('a b', 'a\\sb')).toBe('a b'); // not run in Flink
    expect(x('a\u00a0b', 'a\\sb')).toBe(null); // Java's \s is ASCII (not run in Flink)
    expect(x('x]y', '[]]')).toBe(']'); // not run in Flink
  });
  it('refuses valid Java syntax it cannot translate rather than match differently', () => {
    expect(err(() => x('aab', 'a*+b'))).toBe('0A000 Java regular expression possessive quantifier is not supported');
    expect(err(() => x('aab', '(?>a+)b'))).toBe('0A000 Java regular expression atomic group (?>…) is not supported');
    expect(err(() => x('abcd', '[a-d&&[^b]]+'))).toMatch(/^0A000 /);
    expect(err(() => x('abc1', '[[:alpha:]]+'))).toMatch(/^0A000 /);
  });
  it('caches compiled patterns', () => {
    expect(javaRegExp('a(b)')).toBe(javaRegExp('a(b)'));
    expect(javaRegExp('(')).toBe(undefined);
  });
});
