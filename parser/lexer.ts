/**
 * The SQL lexer: source text → tokens with 0-based offsets, following PostgreSQL's lexical rules
 * (PostgreSQL docs §4.1 "Lexical Structure"), plus Flink's `backtick` quoted identifiers.
 *
 * - Unquoted identifiers and keywords are case-folded to lower case (ASCII only, as PostgreSQL);
 *   "quoted" identifiers keep their case ("" escapes a quote), as do `backtick` identifiers (`` escapes).
 * - Strings: 'a''b', E'\n' (C-style escapes), U&'\0041' (Unicode escapes), $$dollar$$ and $tag$…$tag$;
 *   two standard strings separated only by whitespace containing a newline are concatenated (§4.1.2.2).
 * - Numbers: 123, 1.5, .5, 1., 1e-3 (kept as written).
 * - Operators: the longest run of operator characters, trimmed as PostgreSQL does (§4.1.3: a
 *   multi-character operator cannot contain -- or /*, nor end in + or - unless it also contains one
 *   of ~ ! @ # % ^ & | ` ?), plus the punctuation ( ) [ ] , ; . : ::.
 * - Comments: -- to end of line, and nested /* … *\/ blocks.
 */
import { SqlError, SqlState } from '../common/errors.ts';

/** Token kinds: `ident` (keywords too; check `quoted`), `string`, `number`, `param` ($n), `op` (operators and punctuation), `eof`. */
export type TokenKind = 'ident' | 'string' | 'number' | 'param' | 'op' | 'eof';

/** A token: `value` is the folded identifier, the decoded string, the number text, the param index text or the operator. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** True for "quoted" and `backtick` identifiers (never keywords). */
  readonly quoted: boolean;
  /** 0-based offset of the first character. */
  readonly pos: number;
  /** 0-based offset just past the last character. */
  readonly end: number;
}

const OP_CHARS = new Set('+-*/<>=~!@#%^&|`?');
const OP_SPECIAL = /[~!@#%^&|`?]/;

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
}

function isIdentChar(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || c === '$';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Folds an unquoted identifier to lower case (ASCII letters only, as PostgreSQL's downcase_identifier). */
export function foldIdent(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function lexError(message: string, pos: number): SqlError {
  return new SqlError(SqlState.syntaxError, message, { position: pos + 1 });
}

/**
 * Splits `sql` into tokens, ending with an `eof` token at `sql.length`.
 * Throws SqlError 42601 for unterminated strings, quoted identifiers and comments, and for
 * characters that cannot start a token; `position` is 1-based.
 */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: TokenKind, value: string, pos: number, end: number, quoted = false): void => {
    out.push({ kind, value, quoted, pos, end });
  };
  while (i < n) {
    const c = sql[i]!;
    // whitespace
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    // comments
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
      continue;
    }
    const start = i;
    // E'…', U&'…', U&"…"
    if ((c === 'e' || c === 'E') && sql[i + 1] === "'") {
      const [value, end] = readEscapeString(sql, i + 1);
      i = end;
      push('string', value, start, end);
      continue;
    }
    if ((c === 'u' || c === 'U') && sql[i + 1] === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      if (sql[i + 2] === "'") {
        const [raw, end] = readStandardString(sql, i + 2);
        i = end;
        push('string', decodeUnicodeEscapes(raw, start), start, end);
      } else {
        const [raw, end] = readQuoted(sql, i + 2, '"');
        i = end;
        push('ident', decodeUnicodeEscapes(raw, start), start, end, true);
      }
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentChar(sql[i]!)) i++;
      push('ident', foldIdent(sql.slice(start, i)), start, i);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(sql[i + 1]))) {
      i = readNumber(sql, i);
      push('number', sql.slice(start, i), start, i);
      continue;
    }
    switch (c) {
      case "'": {
        const [value, end] = readStandardString(sql, i);
        i = end;
        push('string', value, start, end);
        continue;
      }
      case '"':
      case '`': {
        const [value, end] = readQuoted(sql, i, c);
        if (value === '') throw lexError('zero-length delimited identifier at or near ' + JSON.stringify(sql.slice(start, end)), start);
        i = end;
        push('ident', value, start, end, true);
        continue;
      }
      case '$': {
        if (isDigit(sql[i + 1])) {
          i++;
          while (i < n && isDigit(sql[i])) i++;
          push('param', sql.slice(start + 1, i), start, i);
          continue;
        }
        const m = /^\$([A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)?\$/.exec(sql.slice(i, i + 256));
        if (m) {
          const tag = m[0];
          const close = sql.indexOf(tag, i + tag.length);
          if (close < 0) throw lexError(`unterminated dollar-quoted string at or near "${sql.slice(start, start + 20)}"`, start);
          push('string', sql.slice(i + tag.length, close), start, close + tag.length);
          i = close + tag.length;
          continue;
        }
        throw lexError(`syntax error at or near "$"`, start);
      }
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
      case ';':
      case '.':
        push('op', c, start, i + 1);
        i++;
        continue;
      case ':':
        if (sql[i + 1] === ':') {
          push('op', '::', start, i + 2);
          i += 2;
        } else if (sql[i + 1] === '=') {
          push('op', ':=', start, i + 2);
          i += 2;
        } else {
          push('op', ':', start, i + 1);
          i++;
        }
        continue;
      default:
        break;
    }
    if (OP_CHARS.has(c)) {
      let j = i;
      while (j < n && OP_CHARS.has(sql[j]!)) {
        // a comment start ends the operator
        if (j > i && ((sql[j] === '-' && sql[j + 1] === '-') || (sql[j] === '/' && sql[j + 1] === '*'))) break;
        j++;
      }
      let op = sql.slice(i, j);
      if (op.length > 1 && !OP_SPECIAL.test(op)) {
        while (op.length > 1 && (op.endsWith('+') || op.endsWith('-'))) op = op.slice(0, -1);
      }
      push('op', op, start, i + op.length);
      i += op.length;
      continue;
    }
    throw lexError(`syntax error at or near "${c}"`, start);
  }
  push('eof', '', n, n);
  return out;
}

/** Skips a nested block comment starting at `i` (at the slash); returns the offset after it. */
function skipBlockComment(sql: string, i: number): number {
  const start = i;
  let depth = 0;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  throw lexError('unterminated /* comment at or near "' + sql.slice(start, start + 20) + '"', start);
}

function readNumber(sql: string, i: number): number {
  while (isDigit(sql[i])) i++;
  if (sql[i] === '.' && sql[i + 1] !== '.') {
    i++;
    while (isDigit(sql[i])) i++;
  }
  if ((sql[i] === 'e' || sql[i] === 'E') && (isDigit(sql[i + 1]) || ((sql[i + 1] === '+' || sql[i + 1] === '-') && isDigit(sql[i + 2])))) {
    i += 2;
    while (isDigit(sql[i])) i++;
  }
  return i;
}

/** Reads `q…q` with doubled-quote escapes from `i` (at the opening quote); returns [content, end]. */
function readQuoted(sql: string, i: number, q: string): [string, number] {
  const start = i;
  let out = '';
  i++;
  for (;;) {
    const j = sql.indexOf(q, i);
    if (j < 0) {
      const what = q === "'" ? 'unterminated quoted string' : 'unterminated quoted identifier';
      throw lexError(`${what} at or near "${sql.slice(start, start + 20)}"`, start);
    }
    out += sql.slice(i, j);
    if (sql[j + 1] === q) {
      out += q;
      i = j + 2;
    } else {
      return [out, j + 1];
    }
  }
}

/** After a string ending at `end`: the offset of a continuation quote (whitespace with a newline between), or -1. */
function continuation(sql: string, end: number): number {
  let k = end;
  let newline = false;
  while (k < sql.length && /\s/.test(sql[k]!)) {
    if (sql[k] === '\n' || sql[k] === '\r') newline = true;
    k++;
  }
  return newline && sql[k] === "'" ? k : -1;
}

function readStandardString(sql: string, i: number): [string, number] {
  let [value, end] = readQuoted(sql, i, "'");
  for (let k = continuation(sql, end); k >= 0; k = continuation(sql, end)) {
    const [more, e] = readQuoted(sql, k, "'");
    value += more;
    end = e;
  }
  return [value, end];
}

/** Reads an E'…' string from `i` (at the quote), decoding backslash escapes (§4.1.2.2). */
function readEscapeString(sql: string, i: number): [string, number] {
  const start = i - 1;
  let out = '';
  let j = i + 1;
  for (;;) {
    if (j >= sql.length) throw lexError(`unterminated quoted string at or near "${sql.slice(start, start + 20)}"`, start);
    const c = sql[j]!;
    if (c === "'") {
      if (sql[j + 1] === "'") {
        out += "'";
        j += 2;
        continue;
      }
      j++;
      const k = continuation(sql, j);
      if (k < 0) return [out, j];
      j = k + 1;
      continue;
    }
    if (c !== '\\') {
      out += c;
      j++;
      continue;
    }
    const d = sql[j + 1] ?? '';
    j += 2;
    switch (d) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'x': {
        const m = /^[0-9A-Fa-f]{1,2}/.exec(sql.slice(j, j + 2));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          j += m[0].length;
        } else out += 'x';
        break;
      }
      case 'u':
      case 'U': {
        const len = d === 'u' ? 4 : 8;
        const hex = sql.slice(j, j + len);
        if (!new RegExp(`^[0-9A-Fa-f]{${len}}$`).test(hex)) {
          throw new SqlError(SqlState.invalidEscapeSequence, 'invalid Unicode escape', { position: j - 1 });
        }
        out += String.fromCodePoint(parseInt(hex, 16));
        j += len;
        break;
      }
      default:
        if (d >= '0' && d <= '7') {
          const m = /^[0-7]{1,3}/.exec(sql.slice(j - 1, j + 2))!;
          out += String.fromCharCode(parseInt(m[0], 8));
          j += m[0].length - 1;
        } else {
          out += d;
        }
    }
  }
}

/** Decodes U&'…' escapes: \XXXX, \+XXXXXX and \\ (§4.1.2.3). */
function decodeUnicodeEscapes(raw: string, pos: number): string {
  return raw.replace(/\\(\\|[0-9A-Fa-f]{4}|\+[0-9A-Fa-f]{6}|.?)/g, (m, g: string) => {
    if (g === '\\') return '\\';
    if (/^[0-9A-Fa-f]{4}$/.test(g)) return String.fromCodePoint(parseInt(g, 16));
    if (g.startsWith('+') && g.length === 7) return String.fromCodePoint(parseInt(g.slice(1), 16));
    throw new SqlError(SqlState.syntaxError, 'invalid Unicode escape', { position: pos + 1 });
  });
}
