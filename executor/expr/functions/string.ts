/**
 * String functions and operators (PostgreSQL docs §9.4): `||`, lower, upper, length, octet_length,
 * substring/substr, position/strpos, concat, concat_ws, trim family, replace, split_part, left,
 * right, lpad, rpad, repeat, reverse, initcap, translate, md5, starts_with, chr, ascii, quote_ident,
 * quote_literal (Flink's SPLIT_INDEX is in flink-string.ts). Lengths and positions count characters (code points), not
 * UTF-16 units. Errors: 22011 negative substring length, 22023 split_part field zero, 54000 chr(0).
 */
import { createHash } from 'node:crypto';
import { SqlError, SqlState } from '../../../common/errors.ts';
import { T } from '../../../common/types.ts';
import { ANY_TYPE, def, type FunctionImpl } from './types.ts';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Characters (code points) of `s`. */
export function chars(s: string): string[] {
  return Array.from(s);
}

/** Length of `s` in characters. */
export function charLength(s: string): number {
  return SURROGATE.test(s) ? Array.from(s).length : s.length;
}

/** Characters [from, to) of `s` (0-based, clamped). */
function sliceChars(s: string, from: number, to?: number): string {
  if (!SURROGATE.test(s)) return s.slice(Math.max(0, from), to === undefined ? undefined : Math.max(0, to));
  return Array.from(s)
    .slice(Math.max(0, from), to === undefined ? undefined : Math.max(0, to))
    .join('');
}

/** substring(s, start [, count]) with PostgreSQL's rules for start < 1 (docs §9.4, text_substr). */
export function substr(s: string, start: number, count?: number): string {
  if (count === undefined) return sliceChars(s, start - 1);
  if (count < 0) throw new SqlError('22011', 'negative substring length not allowed');
  const end = start + count; // exclusive, 1-based
  if (end <= 1) return '';
  return sliceChars(s, Math.max(start, 1) - 1, end - 1);
}

/** 1-based character position of `sub` in `s`, 0 when absent. */
export function strpos(s: string, sub: string): number {
  const i = s.indexOf(sub);
  if (i < 0) return 0;
  return charLength(s.slice(0, i)) + 1;
}

function trimSet(s: string, set: string, left: boolean, right: boolean): string {
  const cs = new Set(chars(set));
  const a = chars(s);
  let i = 0;
  let j = a.length;
  if (left) while (i < j && cs.has(a[i]!)) i++;
  if (right) while (j > i && cs.has(a[j - 1]!)) j--;
  return a.slice(i, j).join('');
}

const btrim1 = (s: string) => s.replace(/^ +| +$/g, '');
const ltrim1 = (s: string) => s.replace(/^ +/, '');
const rtrim1 = (s: string) => s.replace(/ +$/, '');

function splitPart(s: string, delim: string, n: number): string {
  if (n === 0) throw new SqlError(SqlState.invalidParameterValue, 'field position must not be zero');
  const parts = delim === '' ? (s === '' ? [] : [s]) : s.split(delim);
  const idx = n > 0 ? n - 1 : parts.length + n;
  return idx >= 0 && idx < parts.length ? parts[idx]! : '';
}

function leftChars(s: string, n: number): string {
  const len = charLength(s);
  return sliceChars(s, 0, n >= 0 ? n : len + n);
}

function rightChars(s: string, n: number): string {
  const len = charLength(s);
  return sliceChars(s, n >= 0 ? len - n : -n);
}

function pad(s: string, len: number, fill: string, left: boolean): string {
  if (len <= 0) return '';
  const a = chars(s);
  if (a.length >= len) return a.slice(0, len).join('');
  const f = chars(fill);
  if (f.length === 0) return s;
  const need = len - a.length;
  let p = '';
  for (let i = 0; i < need; i++) p += f[i % f.length];
  return left ? p + s : s + p;
}

function repeat(s: string, n: number): string {
  if (n <= 0) return '';
  if (s.length * n > 256 * 1024 * 1024) throw new SqlError(SqlState.programLimitExceeded, 'requested length too large');
  return s.repeat(n);
}

function initcap(s: string): string {
  let out = '';
  let inWord = false;
  for (const c of s) {
    const alnum = /[\p{L}\p{N}]/u.test(c);
    out += alnum ? (inWord ? c.toLowerCase() : c.toUpperCase()) : c;
    inWord = alnum;
  }
  return out;
}

function translate(s: string, from: string, to: string): string {
  const f = chars(from);
  const t = chars(to);
  const map = new Map<string, string>();
  f.forEach((c, i) => {
    if (!map.has(c)) map.set(c, t[i] ?? '');
  });
  let out = '';
  for (const c of s) out += map.has(c) ? map.get(c) : c;
  return out;
}

function chr(n: number): string {
  if (n === 0) throw new SqlError(SqlState.programLimitExceeded, 'null character not permitted');
  if (n < 0) throw new SqlError(SqlState.programLimitExceeded, 'character number must be positive');
  if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw new SqlError(SqlState.programLimitExceeded, `requested character too large for encoding: ${n}`);
  return String.fromCodePoint(n);
}

const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast char ' +
    'character check coalesce collate collation column concurrently constraint create cross current_catalog current_date ' +
    'current_role current_schema current_time current_timestamp current_user dec decimal default deferrable desc distinct do ' +
    'else end except exists extract false fetch float for foreign freeze from full grant greatest group grouping having ilike in ' +
    'initially inner inout int integer intersect interval into is isnull join lateral leading least left like limit localtime ' +
    'localtimestamp national natural nchar none normalize not notnull null nullif numeric offset on only or order out outer ' +
    'overlaps overlay placing position precision primary real references returning right row select session_user setof ' +
    'similar smallint some substring symmetric table tablesample then time timestamp to trailing treat trim true union unique ' +
    'user using values varchar variadic verbose when where window with'
  ).split(' '),
);

/** quote_ident: the identifier double-quoted when it is not a plain lower-case name or is a keyword. */
export function quoteIdent(s: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(s) && !RESERVED.has(s)) return s;
  return '"' + s.replace(/"/g, '""') + '"';
}

/** quote_literal: single-quoted with quotes doubled; `E'…'` with doubled backslashes when it has any. */
export function quoteLiteral(s: string): string {
  const q = "'" + s.replace(/'/g, "''").replace(/\\/g, '\\\\') + "'";
  return s.includes('\\') ? 'E' + q : q;
}

const text = T.text;
const int4 = T.int4;

/** The string overloads. */
export const STRING_FUNCTIONS: readonly FunctionImpl[] = [
  def('text_concat', '||', [text, text], text, (a: string, b: string) => a + b),
  def('lower', 'lower', [text], text, (s: string) => s.toLowerCase()),
  def('upper', 'upper', [text], text, (s: string) => s.toUpperCase()),
  def('length', 'length', [text], int4, charLength),
  def('char_length', 'char_length', [text], int4, charLength),
  def('character_length', 'character_length', [text], int4, charLength),
  def('octet_length', 'octet_length', [text], int4, (s: string) => Buffer.byteLength(s, 'utf8')),
  def('bytea_length', 'length', [T.bytea], int4, (b: Uint8Array) => b.length),
  def('bytea_octet_length', 'octet_length', [T.bytea], int4, (b: Uint8Array) => b.length),
  def('substring2', 'substring', [text, int4], text, substr),
  def('substring3', 'substring', [text, int4, int4], text, substr),
  def('substr2', 'substr', [text, int4], text, substr),
  def('substr3', 'substr', [text, int4, int4], text, substr),
  def('position', 'position', [text, text], int4, strpos),
  def('strpos', 'strpos', [text, text], int4, strpos),
  def('concat', 'concat', [], text, (...a: (string | null)[]) => a.filter((x) => x !== null).join(''), { strict: false, variadic: ANY_TYPE }),
  def(
    'concat_ws',
    'concat_ws',
    [text],
    text,
    (sep: string | null, ...a: (string | null)[]) => (sep === null ? null : a.filter((x) => x !== null).join(sep)),
    { strict: false, variadic: ANY_TYPE },
  ),
  def('btrim1', 'btrim', [text], text, btrim1),
  def('btrim2', 'btrim', [text, text], text, (s: string, c: string) => trimSet(s, c, true, true)),
  def('trim1', 'trim', [text], text, btrim1),
  def('trim2', 'trim', [text, text], text, (s: string, c: string) => trimSet(s, c, true, true)),
  def('ltrim1', 'ltrim', [text], text, ltrim1),
  def('ltrim2', 'ltrim', [text, text], text, (s: string, c: string) => trimSet(s, c, true, false)),
  def('rtrim1', 'rtrim', [text], text, rtrim1),
  def('rtrim2', 'rtrim', [text, text], text, (s: string, c: string) => trimSet(s, c, false, true)),
  def('replace', 'replace', [text, text, text], text, (s: string, f: string, t: string) => (f === '' ? s : s.split(f).join(t))),
  def('split_part', 'split_part', [text, text, int4], text, splitPart),
  def('left', 'left', [text, int4], text, leftChars),
  def('right', 'right', [text, int4], text, rightChars),
  def('lpad2', 'lpad', [text, int4], text, (s: string, n: number) => pad(s, n, ' ', true)),
  def('lpad3', 'lpad', [text, int4, text], text, (s: string, n: number, f: string) => pad(s, n, f, true)),
  def('rpad2', 'rpad', [text, int4], text, (s: string, n: number) => pad(s, n, ' ', false)),
  def('rpad3', 'rpad', [text, int4, text], text, (s: string, n: number, f: string) => pad(s, n, f, false)),
  def('repeat', 'repeat', [text, int4], text, repeat),
  def('reverse', 'reverse', [text], text, (s: string) => chars(s).reverse().join('')),
  def('initcap', 'initcap', [text], text, initcap),
  def('translate', 'translate', [text, text, text], text, translate),
  def('md5', 'md5', [text], text, (s: string) => createHash('md5').update(s, 'utf8').digest('hex')),
  def('bytea_md5', 'md5', [T.bytea], text, (b: Uint8Array) => createHash('md5').update(b).digest('hex')),
  def('starts_with', 'starts_with', [text, text], T.bool, (s: string, p: string) => s.startsWith(p)),
  def('chr', 'chr', [int4], text, chr),
  def('ascii', 'ascii', [text], int4, (s: string) => (s.length === 0 ? 0 : s.codePointAt(0)!)),
  def('quote_ident', 'quote_ident', [text], text, quoteIdent),
  def('quote_literal', 'quote_literal', [text], text, quoteLiteral),
];
