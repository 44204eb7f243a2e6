/**
 * Pattern matching (PostgreSQL docs §9.7): LIKE / ILIKE / NOT LIKE / NOT ILIKE (also `~~` `~~*`
 * `!~~` `!~~*`) with an optional ESCAPE, POSIX regular expression operators `~ ~* !~ !~*`,
 * regexp_replace (flags g, i, c, n), regexp_match (text[]), substring(text, pattern) (Flink's
 * REGEXP_EXTRACT, with Java's regex syntax, is in flink-string.ts). Patterns are compiled to RegExp once and cached. PostgreSQL's ARE syntax is
 * mapped onto JavaScript's (`[[:alpha:]]` classes, `\m` `\M` `\y` word boundaries); `.` matches
 * newlines as in PostgreSQL's default mode. Errors: 22025 LIKE pattern ending in the escape
 * character, 2201B invalid regular expression, 22023 invalid regexp option.
 */
import { SqlError, SqlState } from '../../../common/errors.ts';
import { arrayOf, T } from '../../../common/types.ts';
import { def, type FunctionImpl } from './types.ts';

const cache = new Map<string, RegExp>();
function cached(key: string, make: () => RegExp): RegExp {
  let re = cache.get(key);
  if (!re) {
    if (cache.size > 2000) cache.clear();
    re = make();
    cache.set(key, re);
  }
  return re;
}

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** A LIKE pattern as an anchored RegExp (`%` any run, `_` one character, `escape` quotes the next). */
export function likeToRegExp(pattern: string, escape: string, caseInsensitive: boolean): RegExp {
  return cached(`L${caseInsensitive ? 'i' : ''}\u0000${escape}\u0000${pattern}`, () => {
    if (escape.length > 1) throw new SqlError(SqlState.invalidEscapeSequence, 'invalid escape string', { hint: 'Escape string must be empty or one character.' });
    let src = '^';
    const cs = Array.from(pattern);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (escape !== '' && c === escape) {
        if (i + 1 >= cs.length) throw new SqlError(SqlState.invalidEscapeSequence, 'LIKE pattern must not end with escape character');
        src += cs[++i]!.replace(REGEX_SYNTAX, '\\$&');
      } else if (c === '%') src += '.*';
      else if (c === '_') src += '.';
      else src += c.replace(REGEX_SYNTAX, '\\$&');
    }
    return new RegExp(src + '$', caseInsensitive ? 'isu' : 'su');
  });
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
};

/** A PostgreSQL (ARE) regular expression as a JS RegExp with `flags`; 2201B when invalid. */
export function pgRegExp(pattern: string, flags: string): RegExp {
  return cached(`R${flags}\u0000${pattern}`, () => {
    const src = pattern
      .replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m)
      .replace(/\\[mMy]/g, '\\b');
    try {
      return new RegExp(src, flags);
    } catch (e) {
      throw new SqlError(SqlState.invalidRegularExpression, `invalid regular expression: ${(e as Error).message}`);
    }
  });
}

/** JS RegExp flags for PostgreSQL regexp option letters; `allowGlobal` false rejects `g`. */
function regexFlags(opts: string, fn: string, allowGlobal: boolean): string {
  let i = false;
  let g = false;
  let n = false;
  for (const c of opts) {
    switch (c) {
      case 'g':
        if (!allowGlobal) {
          throw new SqlError(SqlState.invalidParameterValue, `${fn}() does not support the "global" option`, { hint: 'Use the regexp_matches function instead.' });
        }
        g = true;
        break;
      case 'i':
        i = true;
        break;
      case 'c':
        i = false;
        break;
      case 'n':
      case 'm':
        n = true;
        break;
      case 's':
        n = false;
        break;
      case 'x':
      case 'p':
      case 'w':
      case 'q':
      case 't':
        break;
      default:
        throw new SqlError(SqlState.invalidParameterValue, `invalid regular expression option: "${c}"`);
    }
  }
  return (g ? 'g' : '') + (i ? 'i' : '') + (n ? 'm' : 's');
}

/** PostgreSQL replacement text (`\1`…`\9`, `\&`, `\\`) as JS replacement text (`$1`, `$&`). */
function jsReplacement(r: string): string {
  let out = '';
  for (let k = 0; k < r.length; k++) {
    const c = r[k]!;
    if (c === '$') out += '$$';
    else if (c === '\\' && k + 1 < r.length) {
      const d = r[k + 1]!;
      if (d >= '1' && d <= '9') out += '$' + d;
      else if (d === '&') out += '$&';
      else out += d === '\\' ? '\\' : '\\' + d;
      k++;
    } else out += c;
  }
  return out;
}

function regexpReplace(s: string, p: string, r: string, flags = ''): string {
  return s.replace(pgRegExp(p, regexFlags(flags, 'regexp_replace', true)), jsReplacement(r));
}

function regexpMatch(s: string, p: string, flags = ''): (string | null)[] | null {
  const m = pgRegExp(p, regexFlags(flags, 'regexp_match', false)).exec(s);
  if (!m) return null;
  if (m.length === 1) return [m[0]];
  return m.slice(1).map((x) => x ?? null);
}

function substringRegex(s: string, p: string): string | null {
  const m = pgRegExp(p, 's').exec(s);
  if (!m) return null;
  return m.length > 1 ? (m[1] ?? null) : m[0];
}

const like = (s: string, p: string, e = '\\') => likeToRegExp(p, e, false).test(s);
const ilike = (s: string, p: string, e = '\\') => likeToRegExp(p, e, true).test(s);
const re = (s: string, p: string) => pgRegExp(p, 's').test(s);
const rei = (s: string, p: string) => pgRegExp(p, 'is').test(s);

const text = T.text;
const bool = T.bool;

function likeFamily(id: string, names: readonly string[], f: (s: string, p: string, e?: string) => boolean): FunctionImpl[] {
  return names.flatMap((name, i) => [
    def(i === 0 ? id : `${id}_${i}`, name, [text, text], bool, f),
    def(i === 0 ? `${id}_esc` : `${id}_esc_${i}`, name, [text, text, text], bool, f),
  ]);
}

/** The pattern-matching overloads. */
export const PATTERN_FUNCTIONS: readonly FunctionImpl[] = [
  ...likeFamily('text_like', ['like', '~~'], like),
  ...likeFamily('text_not_like', ['not like', '!~~'], (s, p, e) => !like(s, p, e)),
  ...likeFamily('text_ilike', ['ilike', '~~*'], ilike),
  ...likeFamily('text_not_ilike', ['not ilike', '!~~*'], (s, p, e) => !ilike(s, p, e)),
  def('text_regex', '~', [text, text], bool, re),
  def('text_regex_i', '~*', [text, text], bool, rei),
  def('text_not_regex', '!~', [text, text], bool, (s: string, p: string) => !re(s, p)),
  def('text_not_regex_i', '!~*', [text, text], bool, (s: string, p: string) => !rei(s, p)),
  def('regexp_replace3', 'regexp_replace', [text, text, text], text, regexpReplace),
  def('regexp_replace4', 'regexp_replace', [text, text, text, text], text, regexpReplace),
  def('regexp_match2', 'regexp_match', [text, text], arrayOf(text), regexpMatch),
  def('regexp_match3', 'regexp_match', [text, text, text], arrayOf(text), regexpMatch),
  def('substring_regex', 'substring', [text, text], text, substringRegex),
];
