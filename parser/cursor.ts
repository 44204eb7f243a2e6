/**
 * The token cursor the recursive-descent parser walks: look-ahead, keyword and punctuation tests,
 * and PostgreSQL-worded syntax errors (`syntax error at or near "x"`, `syntax error at end of input`).
 */
import { SqlError, SqlState } from '../common/errors.ts';
import { isReserved } from './keywords.ts';
import type { Token } from './lexer.ts';

/** A position in a token list over one statement's tokens, ending with an `eof` token. */
export class Cursor {
  /** Index of the current token. */
  idx = 0;
  constructor(
    /** The whole query string (token offsets refer to it). */
    readonly sql: string,
    readonly tokens: Token[],
  ) {}

  /** The token `k` ahead (the eof token past the end). */
  peek(k = 0): Token {
    const i = this.idx + k;
    return i < this.tokens.length ? this.tokens[i]! : this.tokens[this.tokens.length - 1]!;
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const t = this.peek();
    if (this.idx < this.tokens.length - 1) this.idx++;
    return t;
  }

  /** Offset of the current token. */
  get pos(): number {
    return this.peek().pos;
  }

  /** Offset just past the previous token. */
  get prevEnd(): number {
    return this.idx > 0 ? this.tokens[this.idx - 1]!.end : this.peek().pos;
  }

  /** True at the end of the statement. */
  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** True when the token `k` ahead is the unquoted keyword `w` (lower case). */
  isWord(w: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && !t.quoted && t.value === w;
  }

  /** True when the tokens ahead are the unquoted keywords `ws` in order. */
  isWords(...ws: string[]): boolean {
    return ws.every((w, k) => this.isWord(w, k));
  }

  /** Consumes the keyword `w` if it is next. */
  acceptWord(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.idx++;
    return true;
  }

  /** Consumes the keywords `ws` if they all come next, in order. */
  acceptWords(...ws: string[]): boolean {
    if (!this.isWords(...ws)) return false;
    this.idx += ws.length;
    return true;
  }

  /** Consumes keyword `w` or throws a syntax error naming it. */
  expectWord(w: string): Token {
    if (!this.isWord(w)) throw this.error(w.toUpperCase());
    return this.next();
  }

  /** True when the token `k` ahead is the operator/punctuation `op`. */
  isOp(op: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.value === op;
  }

  /** Consumes the operator/punctuation `op` if it is next. */
  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.idx++;
    return true;
  }

  /** Consumes the operator/punctuation `op` or throws a syntax error naming it. */
  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.error(`"${op}"`);
    return this.next();
  }

  /**
   * Consumes one `>` closing an angle-bracket type (`ARRAY<INT>`), splitting `>>` and `>=` tokens the
   * lexer produced from nested types.
   */
  expectCloseAngle(): void {
    const t = this.peek();
    if (t.kind === 'op' && t.value.startsWith('>')) {
      if (t.value === '>') {
        this.idx++;
        return;
      }
      // split the token in place so that backtracking sees the same two tokens
      const first: Token = { ...t, value: '>', end: t.pos + 1 };
      const rest: Token = { ...t, value: t.value.slice(1), pos: t.pos + 1 };
      this.tokens.splice(this.idx, 1, first, rest);
      this.idx++;
      return;
    }
    throw this.error('">"');
  }

  /** True when the token `k` ahead can be a name: a quoted identifier or an unreserved word. */
  isName(k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && (t.quoted || !isReserved(t.value));
  }

  /** Consumes a name (quoted identifier or unreserved word), or throws `expected <what>`. */
  name(what = 'a name'): string {
    if (!this.isName()) throw this.error(what);
    return this.next().value;
  }

  /** Consumes any identifier or keyword (a ColLabel: after AS, after a dot, option keys). */
  label(what = 'a name'): string {
    const t = this.peek();
    if (t.kind !== 'ident') throw this.error(what);
    this.idx++;
    return t.value;
  }

  /** Consumes a string literal, or throws. */
  string(what = 'a string literal'): string {
    const t = this.peek();
    if (t.kind !== 'string') throw this.error(what);
    this.idx++;
    return t.value;
  }

  /** Consumes an unsigned integer literal, or throws. */
  integer(what = 'an integer'): number {
    const t = this.peek();
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) throw this.error(what);
    this.idx++;
    return Number(t.value);
  }

  /** The source text of a token (for messages). */
  text(t: Token): string {
    return this.sql.slice(t.pos, t.end);
  }

  /** The source text from offset `start` to the end of the previous token. */
  sliceFrom(start: number): string {
    return this.sql.slice(start, this.prevEnd);
  }

  /**
   * A syntax error at the current token (or `t`), PostgreSQL-worded, with what was expected appended:
   * `syntax error at or near "FROM": expected an expression`; SQLSTATE 42601, 1-based position.
   */
  error(expected?: string, t: Token = this.peek()): SqlError {
    const base = t.kind === 'eof' ? 'syntax error at end of input' : `syntax error at or near "${this.text(t)}"`;
    const msg = expected ? `${base}: expected ${expected}` : base;
    return new SqlError(SqlState.syntaxError, msg, { position: t.pos + 1 });
  }

  /**
   * Runs the alternatives in order from the current position, returning the first that succeeds;
   * when all throw SqlErrors, rethrows the one that got furthest.
   */
  attempt<R>(...alts: (() => R)[]): R {
    const start = this.idx;
    let best: SqlError | undefined;
    for (const alt of alts) {
      this.idx = start;
      try {
        return alt();
      } catch (e) {
        if (!(e instanceof SqlError)) throw e;
        if (!best || (e.position ?? 0) > (best.position ?? 0)) best = e;
      }
    }
    throw best!;
  }
}
