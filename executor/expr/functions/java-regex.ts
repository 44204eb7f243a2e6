/**
 * Java regular expressions (java.util.regex.Pattern, the syntax of Flink's REGEXP_EXTRACT and other
 * Flink string functions) translated to JavaScript RegExps, so a pattern written for Flink matches
 * the same text in Strom. JS's syntax is close to Java's; what differs is rewritten:
 *
 * - the RegExp runs with the `u` flag (code points: `.` matches a surrogate pair as one character, as
 *   Java does);
 * - `.` excludes Java's line terminators (\n \r \u0085 \u2028 \u2029) unless DOTALL (`(?s)`);
 * - `$` (not MULTILINE) matches at the end or before a final line terminator, `^` only at the start;
 *   with `(?m)` both match around every line terminator, as Java's;
 * - `\A`, `\z`, `\Z`, `\Q…\E` quoting, `\h`, `\H`, `\v`/`\V` (vertical whitespace), `\R`, `\e`, `\a`,
 *   `\0ooo` octal, `\x{h…h}`;
 * - `\s` `\S` are ASCII whitespace ([ \t\n\x0B\f\r]), Java's default; POSIX `\p{Alpha}`, `\p{Digit}`,
 *   `\p{Punct}`… are ASCII classes; Unicode categories `\p{L}` `\p{IsL}` `\p{Lu}` and scripts
 *   `\p{IsLatin}` pass through;
 * - embedded flags `(?imsdx-imsdx)` and `(?s:…)` groups, scoped as in Java; `i` only at the very
 *   start of the pattern (JS has no scoped case folding: elsewhere it is unsupported);
 * - a lone `]` or `}` is literal, as in Java; an escaped non-alphanumeric character is that character.
 *
 * Invalid Java patterns (an unknown escape such as `\m`, a dangling `{`, an unclosed group or class)
 * give `undefined`: Flink's functions return NULL for them. Valid Java constructs without a JS
 * equivalent — possessive quantifiers (`a*+`), atomic groups (`(?>…)`), class intersection and
 * nested classes (`[a-z&&[^e]]`), `\G`, `\X`, `\p{InBlock}`, scoped case folding — throw 0A000
 * rather than match differently.
 */
import { SqlError, SqlState } from '../../../common/errors.ts';

/** Line terminators of Java's Pattern (without UNIX_LINES). */
const LT = '\\n\\r\\u0085\\u2028\\u2029';
/** Java's `\s` (ASCII whitespace), as class contents. */
const SPACE = ' \\t\\n\\x0B\\f\\r';
/** Java's `\h`, as class contents. */
const HSPACE = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';
/** Java's `\v` (vertical whitespace), as class contents. */
const VSPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';

/** Java's POSIX character classes (US-ASCII, Java's default), as class contents. */
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: SPACE,
};

/** JS syntax characters: escaped to be literal (`u` mode allows no other identity escape outside a class). */
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

/** Flags in effect at a point of the pattern (Java's scoped flags). */
interface Flags {
  s: boolean;
  m: boolean;
  d: boolean;
  x: boolean;
}

function unsupported(what: string): never {
  throw new SqlError(SqlState.featureNotSupported, `Java regular expression ${what} is not supported`);
}

/** Thrown inside the translator for an invalid Java pattern; becomes `undefined`. */
class Invalid extends Error {}

/** A translated pattern: JS source and flags. */
interface Translated {
  readonly source: string;
  readonly flags: string;
}

/** Code point `c` as literal `u`-mode source, outside a class or (`inClass`) inside one. */
function literal(c: string, inClass: boolean): string {
  if (SYNTAX.has(c) || (inClass && c === '-')) return '\\' + c;
  const cp = c.codePointAt(0)!;
  return cp < 0x20 || cp === 0x7f ? `\\u{${cp.toString(16)}}` : c;
}

class Translator {
  private i = 0;
  private out = '';
  private flags: Flags = { s: false, m: false, d: false, x: false };
  private readonly stack: Flags[] = [];
  private caseInsensitive = false;

  constructor(private readonly p: string) {}

  translate(): Translated {
    // (?i) at the very start applies to the whole pattern: JS's `i` flag.
    const lead = /^\(\?([imsdxu]*)\)/.exec(this.p);
    if (lead && lead[1]!.includes('i')) {
      this.caseInsensitive = true;
      this.setFlags(lead[1]!.replace(/[iu]/g, ''), '');
      this.i = lead[0].length;
    }
    while (this.i < this.p.length) this.term();
    if (this.stack.length > 0) throw new Invalid('unclosed group');
    return { source: this.out, flags: this.caseInsensitive ? 'iu' : 'u' };
  }

  private get lt(): string {
    return this.flags.d ? '\\n' : LT;
  }

  private setFlags(on: string, off: string): void {
    const f = { ...this.flags };
    for (const [letters, v] of [
      [on, true],
      [off, false],
    ] as const) {
      for (const c of letters) {
        if (c === 's' || c === 'm' || c === 'd' || c === 'x') f[c] = v;
        else if (c === 'i') unsupported('case-insensitive flag (?i) after the start of the pattern');
        else if (c !== 'u' && c !== 'U') throw new Invalid(`unknown flag ${c}`);
      }
    }
    this.flags = f;
  }

  private term(): void {
    const p = this.p;
    const c = String.fromCodePoint(p.codePointAt(this.i)!);
    this.i += c.length;
    if (this.flags.x && /\s/.test(c)) return;
    if (this.flags.x && c === '#') {
      while (this.i < p.length && !'\n\r\u0085\u2028\u2029'.includes(p[this.i]!)) this.i++;
      return;
    }
    switch (c) {
      case '\\':
        this.out += this.escape(false);
        return;
      case '[':
        this.out += this.charClass();
        return;
      case '.':
        this.out += this.flags.s ? '[\\s\\S]' : `[^${this.lt}]`;
        return;
      case '^':
        this.out += this.flags.m ? `(?:(?<![\\s\\S])|(?<=[${this.lt}])(?=[\\s\\S]))` : '(?<![\\s\\S])';
        return;
      case '$':
        this.out += this.flags.m ? `(?=[${this.lt}]|(?![\\s\\S]))` : this.endBeforeFinalTerminator();
        return;
      case '(':
        this.group();
        return;
      case ')':
        if (this.stack.length === 0) throw new Invalid('unmatched )');
        this.flags = this.stack.pop()!;
        this.out += ')';
        this.quantifierSuffix();
        return;
      case '*':
      case '+':
      case '?':
        this.out += c;
        this.quantifierSuffix();
        return;
      case '{': {
        const m = /^(\d+)(,(\d*))?\}/.exec(p.slice(this.i));
        if (!m) throw new Invalid('dangling {');
        this.out += '{' + m[0];
        this.i += m[0].length;
        this.quantifierSuffix();
        return;
      }
      case ']':
      case '}':
        this.out += '\\' + c;
        return;
      default:
        this.out += c === '|' ? '|' : literal(c, false);
    }
  }

  private endBeforeFinalTerminator(): string {
    return this.flags.d ? '(?=\\n?(?![\\s\\S]))' : `(?=(?:\\r\\n|[${LT}])?(?![\\s\\S]))`;
  }

  /** After a quantifier: a lazy `?` passes, a possessive `+` is unsupported. */
  private quantifierSuffix(): void {
    const n = this.p[this.i];
    if (n === '?') {
      this.out += '?';
      this.i++;
    } else if (n === '+') unsupported('possessive quantifier');
  }

  private group(): void {
    const rest = this.p.slice(this.i);
    this.stack.push(this.flags);
    if (!rest.startsWith('?')) {
      this.out += '(';
      return;
    }
    const named = /^\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest);
    if (named) {
      this.out += `(?<${named[1]}>`;
      this.i += named[0].length;
      return;
    }
    const simple = /^\?(:|=|!|<=|<!)/.exec(rest);
    if (simple) {
      this.out += '(' + simple[0];
      this.i += simple[0].length;
      return;
    }
    if (rest.startsWith('?>')) unsupported('atomic group (?>…)');
    const fl = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
    if (!fl) throw new Invalid('unknown group construct');
    this.i += fl[0].length;
    if (fl[3] === ')') {
      // (?flags): applies until the end of the enclosing group.
      this.stack.pop();
      this.setFlags(fl[1]!, fl[2] ?? '');
      return;
    }
    this.setFlags(fl[1]!, fl[2] ?? '');
    this.out += '(?:';
  }

  /** An escape after `\` (outside a class unless `inClass`): JS source (class contents when inClass). */
  private escape(inClass: boolean): string {
    const p = this.p;
    if (this.i >= p.length) throw new Invalid('trailing backslash');
    const c = String.fromCodePoint(p.codePointAt(this.i)!);
    this.i += c.length;
    const cls = (contents: string, negated: boolean) => (inClass ? (negated ? unsupported('negated class escape inside a class') : contents) : `[${negated ? '^' : ''}${contents}]`);
    switch (c) {
      case 'Q': {
        const end = p.indexOf('\\E', this.i);
        const text = p.slice(this.i, end < 0 ? p.length : end);
        this.i = end < 0 ? p.length : end + 2;
        // A quantifier after \E applies to the last quoted character, as in Java.
        return Array.from(text, (ch) => literal(ch, inClass)).join('');
      }
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return '\\' + c;
      case 's':
        return cls(SPACE, false);
      case 'S':
        return cls(SPACE, true);
      case 'h':
        return cls(HSPACE, false);
      case 'H':
        return cls(HSPACE, true);
      case 'v':
        return cls(VSPACE, false);
      case 'V':
        return cls(VSPACE, true);
      case 't':
      case 'n':
      case 'r':
      case 'f':
        return '\\' + c;
      case 'a':
        return '\\x07';
      case 'e':
        return '\\x1B';
      case 'c': {
        const x = p[this.i++];
        if (x === undefined) throw new Invalid('\\c at end');
        return `\\u{${(x.charCodeAt(0) ^ 64).toString(16)}}`;
      }
      case '0': {
        const m = /^[0-3]?[0-7]{1,2}/.exec(p.slice(this.i)) ?? /^[0-7]/.exec(p.slice(this.i));
        if (!m) throw new Invalid('illegal octal escape');
        this.i += m[0].length;
        return `\\u{${parseInt(m[0], 8).toString(16)}}`;
      }
      case 'x': {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(p.slice(this.i));
        if (braced) {
          this.i += braced[0].length;
          return `\\u{${braced[1]}}`;
        }
        const m = /^[0-9a-fA-F]{2}/.exec(p.slice(this.i));
        if (!m) throw new Invalid('illegal hex escape');
        this.i += 2;
        return '\\x' + m[0];
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{4}/.exec(p.slice(this.i));
        if (!m) throw new Invalid('illegal unicode escape');
        this.i += 4;
        return '\\u' + m[0];
      }
      case 'p':
      case 'P':
        return this.property(c === 'P', inClass);
      case 'b':
      case 'B':
        if (inClass) throw new Invalid('\\b in a class');
        return '\\' + c;
      case 'A':
      case 'z':
      case 'Z':
        if (inClass) throw new Invalid(`\\${c} in a class`);
        return c === 'A' ? '(?<![\\s\\S])' : c === 'z' ? '(?![\\s\\S])' : this.endBeforeFinalTerminator();
      case 'R':
        if (inClass) throw new Invalid('\\R in a class');
        return `(?:\\r\\n|[${VSPACE}])`;
      case 'k': {
        const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(p.slice(this.i));
        if (!m || inClass) throw new Invalid('illegal named reference');
        this.i += m[0].length;
        return `\\k<${m[1]}>`;
      }
      case 'G':
      case 'X':
      case 'N':
        return unsupported(`\\${c}`);
      default:
        if (c >= '1' && c <= '9') {
          if (inClass) throw new Invalid('back reference in a class');
          // Java: the longest number that names an existing group; JS reads \12 the same way.
          return `(?:\\${c})`;
        }
        if (/[a-zA-Z]/.test(c)) throw new Invalid(`illegal escape \\${c}`);
        return literal(c, inClass);
    }
  }

  /** `\p{…}` / `\P{…}` (after the letter). */
  private property(negated: boolean, inClass: boolean): string {
    const p = this.p;
    let name: string;
    if (p[this.i] === '{') {
      const end = p.indexOf('}', this.i);
      if (end < 0) throw new Invalid('unclosed \\p{');
      name = p.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      name = p[this.i] ?? '';
      if (!name) throw new Invalid('\\p at end');
      this.i++;
    }
    const posix = POSIX[name];
    if (posix !== undefined) {
      if (inClass) return negated ? unsupported('\\P{…} inside a class') : posix;
      return `[${negated ? '^' : ''}${posix}]`;
    }
    const bare = name.startsWith('Is') ? name.slice(2) : name;
    let js: string;
    if (/^[A-Z][a-z]?$/.test(bare) || /^(general_category|gc)=/i.test(name)) js = bare;
    else if (/^(script|sc)=/i.test(name)) js = name;
    else if (name.startsWith('Is') && /^[A-Z][A-Za-z_]+$/.test(bare)) js = `Script=${bare}`;
    else return unsupported(`\\p{${name}}`);
    return `\\${negated ? 'P' : 'p'}{${js}}`;
  }

  /** A character class after `[`: its JS equivalent. */
  private charClass(): string {
    const p = this.p;
    let out = '[';
    if (p[this.i] === '^') {
      out += '^';
      this.i++;
    }
    let first = true;
    for (;;) {
      if (this.i >= p.length) throw new Invalid('unclosed character class');
      const c = String.fromCodePoint(p.codePointAt(this.i)!);
      this.i += c.length;
      if (c === ']' && !first) return out + ']';
      first = false;
      if (c === '[') unsupported('nested character class');
      if (c === '&' && p[this.i] === '&') unsupported('character class intersection (&&)');
      if (c === '\\') out += this.escape(true);
      else if (c === '-') out += this.rangeDash(out) ? '-' : '\\-';
      else if (this.flags.x && /\s/.test(c)) continue;
      else out += literal(c, true);
    }
  }

  /** True when a `-` at this point of a class is a range (between two single characters). */
  private rangeDash(sofar: string): boolean {
    const next = this.p[this.i];
    return next !== undefined && next !== ']' && !sofar.endsWith('[') && !sofar.endsWith('[^');
  }
}

const cache = new Map<string, RegExp | undefined>();
let lastPattern: string | undefined;
let lastRegExp: RegExp | undefined;
/** Patterns kept compiled; the cache is dropped when a new one would exceed it. */
const MAX_PATTERNS = 2000;

/**
 * The JS RegExp (not global, not sticky: `exec` always starts at 0) matching as Java's
 * `Pattern.compile(pattern)` does, or undefined when `pattern` is not a valid Java regular
 * expression. Compiled patterns are cached. Throws 0A000 for valid Java syntax Strom cannot
 * translate (see the module comment).
 */
export function javaRegExp(pattern: string): RegExp | undefined {
  if (pattern === lastPattern) return lastRegExp;
  let re = cache.get(pattern);
  if (re === undefined && !cache.has(pattern)) {
    re = compileJava(pattern);
    if (cache.size >= MAX_PATTERNS) cache.clear();
    cache.set(pattern, re);
  }
  lastPattern = pattern;
  lastRegExp = re;
  return re;
}

function compileJava(pattern: string): RegExp | undefined {
  try {
    const t = new Translator(pattern).translate();
    return new RegExp(t.source, t.flags);
  } catch (e) {
    if (e instanceof Invalid || e instanceof SyntaxError) return undefined;
    throw e;
  }
}
