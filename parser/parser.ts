/**
 * The parser's entry points: `parse` splits a query string into statements on top-level semicolons and
 * parses each (PostgreSQL's simple-query rules: empty statements are dropped, positions count from the
 * start of the whole string); `parseExpression` parses one expression. Statement dispatch is on the
 * first keyword; the grammar itself lives in the parse-*.ts files.
 */
import type { Expr, ParsedStatement, Statement } from './ast.ts';
import { Cursor } from './cursor.ts';
import { tokenize } from './lexer.ts';
import type { Token } from './lexer.ts';
import { parseClose, parseCopy, parseDeallocate, parseDeclare, parseDiscard, parseExecute, parseFetch, parsePrepare, parseSubscribe } from './parse-cursor.ts';
import { parseAlter, parseCommentOn, parseCreate, parseDrop } from './parse-ddl.ts';
import { parseDelete, parseInsert, parseUpdate } from './parse-dml.ts';
import { parseExpr } from './parse-expr.ts';
import { isQueryStart, parseQuery } from './parse-query.ts';
import { parseDescribe, parseExplain, parseReset, parseSet, parseShow, parseStopJob, parseTransaction } from './parse-session.ts';

/**
 * Parses every statement in `sql`. Each result carries the statement's text (from its first to its last
 * token, without the semicolon) and that text's 0-based offset in `sql`.
 * Throws SqlError 42601 (`syntax error at or near "x"`, `syntax error at end of input`), 42704 for an
 * unknown type name, 0A000 for recognized but unsupported forms; `position` is 1-based in `sql`.
 */
export function parse(sql: string): ParsedStatement[] {
  const tokens = tokenize(sql);
  const out: ParsedStatement[] = [];
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'eof' && !(t.kind === 'op' && t.value === ';')) continue;
    if (i > start) {
      const segment = tokens.slice(start, i);
      const first = segment[0]!;
      const last = segment[segment.length - 1]!;
      const eof: Token = { kind: 'eof', value: '', quoted: false, pos: t.pos, end: t.pos };
      const c = new Cursor(sql, [...segment, eof]);
      const statement = parseStatement(c);
      if (!c.atEnd()) throw c.error();
      out.push({ statement, text: sql.slice(first.pos, last.end), offset: first.pos });
    }
    start = i + 1;
  }
  return out;
}

/** Parses a single expression (for tests and tools). Throws SqlError 42601 on anything left over. */
export function parseExpression(sql: string): Expr {
  const c = new Cursor(sql, tokenize(sql));
  const e = parseExpr(c);
  if (!c.atEnd()) throw c.error();
  return e;
}

/** Parses one statement at the cursor, dispatching on its first keyword. */
export function parseStatement(c: Cursor): Statement {
  const t = c.peek();
  if (isQueryStart(c) || (t.kind === 'op' && t.value === '(')) {
    return { kind: 'QueryStatement', query: parseQuery(c), pos: t.pos };
  }
  if (t.kind !== 'ident' || t.quoted) throw c.error('a statement');
  switch (t.value) {
    case 'values':
      return { kind: 'QueryStatement', query: parseQuery(c), pos: t.pos };
    case 'insert':
      return parseInsert(c);
    case 'update':
      return parseUpdate(c);
    case 'delete':
      return parseDelete(c);
    case 'create':
      return parseCreate(c);
    case 'alter':
      return parseAlter(c);
    case 'drop':
      return parseDrop(c);
    case 'comment':
      return parseCommentOn(c);
    case 'set':
      return parseSet(c);
    case 'reset':
      return parseReset(c);
    case 'show':
      return parseShow(c);
    case 'describe':
    case 'desc':
      return parseDescribe(c);
    case 'explain':
      return parseExplain(c);
    case 'begin':
    case 'start':
    case 'commit':
    case 'end':
    case 'rollback':
    case 'abort':
      return parseTransaction(c);
    case 'flush':
      c.next();
      return { kind: 'Flush', pos: t.pos };
    case 'stop':
      return parseStopJob(c);
    case 'subscribe':
      return parseSubscribe(c);
    case 'copy':
      return parseCopy(c);
    case 'declare':
      return parseDeclare(c);
    case 'fetch':
      return parseFetch(c);
    case 'close':
      return parseClose(c);
    case 'prepare':
      return parsePrepare(c);
    case 'execute':
      return parseExecute(c);
    case 'deallocate':
      return parseDeallocate(c);
    case 'discard':
      return parseDiscard(c);
    default:
      throw c.error('a statement');
  }
}
