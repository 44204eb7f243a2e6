/**
 * Flink's string functions that PostgreSQL lacks, with Flink's semantics (Flink docs, "System
 * (Built-in) Functions", string functions; checked against Flink 1.20):
 *
 * - `REGEXP_EXTRACT(str, regex [, index])`: group `index` (default 0, the whole match) of the first
 *   match of the Java regular expression `regex` in `str` (java-regex.ts). NULL when an argument is
 *   NULL, the regex is invalid, nothing matches, the index is negative or above the number of groups,
 *   or the group took no part in the match. E.g. `REGEXP_EXTRACT('foothebar', 'foo(.*?)(bar)', 2)`
 *   = 'bar'.
 * - `SPLIT_INDEX(str, sep, index)`: field `index` (0-based) of `str` split at every occurrence of the
 *   whole string `sep`, empty fields kept (`'a//b'` has fields a, '', b). NULL when an argument is
 *   NULL, `index` is negative or past the last field, or `str` is empty (no fields). An empty `sep`
 *   splits at each whitespace character, as Flink's (Commons Lang's splitByWholeSeparatorPreserveAllTokens).
 */
import { T } from '../../../common/types.ts';
import { javaRegExp } from './java-regex.ts';
import { def, type FunctionImpl } from './types.ts';

/** REGEXP_EXTRACT; see the module comment. */
export function regexpExtract(s: string, regex: string, index = 0): string | null {
  if (index < 0) return null;
  const re = javaRegExp(regex);
  if (re === undefined) return null;
  const m = re.exec(s);
  if (m === null || index >= m.length) return null;
  return m[index] ?? null;
}

/** Java's Character.isWhitespace, the separator of an empty `sep`. */
const JAVA_WHITESPACE = /[\t\n\x0B\f\r\x1C-\x1F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]/;

/** SPLIT_INDEX; see the module comment. */
export function splitIndex(s: string, sep: string, index: number): string | null {
  if (index < 0 || s.length === 0) return null;
  if (sep.length === 0) {
    const fields = s.split(JAVA_WHITESPACE);
    return index < fields.length ? fields[index]! : null;
  }
  // Walks to field `index` without splitting the whole string.
  let start = 0;
  for (let k = 0; k < index; k++) {
    const at = s.indexOf(sep, start);
    if (at < 0) return null;
    start = at + sep.length;
  }
  const end = s.indexOf(sep, start);
  return end < 0 ? s.slice(start) : s.slice(start, end);
}

const text = T.text;

/** The Flink string overloads. */
export const FLINK_STRING_FUNCTIONS: readonly FunctionImpl[] = [
  def('regexp_extract2', 'regexp_extract', [text, text], text, regexpExtract),
  def('regexp_extract3', 'regexp_extract', [text, text, T.int4], text, regexpExtract),
  def('split_index', 'split_index', [text, text, T.int4], text, splitIndex),
];
