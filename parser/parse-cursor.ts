/**
 * Streaming results and client-protocol statements: SUBSCRIBE (Strom), COPY (PostgreSQL reference page
 * COPY, both the option-list and the pre-9.0 `WITH CSV HEADER` forms), DECLARE / FETCH / CLOSE cursors,
 * PREPARE / EXECUTE / DEALLOCATE and DISCARD.
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { CloseCursor, Copy, Deallocate, DeclareCursor, Discard, Execute, Fetch, OptionItem, Prepare, Subscribe, TypeRef } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { parseOptionList } from './parse-ddl.ts';
import { parseExprList, parseNameList, parseQualifiedName } from './parse-expr.ts';
import { isQueryStart, parseQuery } from './parse-query.ts';
import { parseStatement } from './parser.ts';
import { parseTypeRef } from './type-names.ts';

/** `SUBSCRIBE [TO] name | (query) [WITH (snapshot = false, …)]`. */
export function parseSubscribe(c: Cursor): Subscribe {
  const pos = c.pos;
  c.expectWord('subscribe');
  c.acceptWord('to');
  let target: Subscribe['target'];
  if (c.acceptOp('(')) {
    target = { kind: 'query', query: parseQuery(c) };
    c.expectOp(')');
  } else if (isQueryStart(c)) {
    target = { kind: 'query', query: parseQuery(c) };
  } else {
    target = { kind: 'name', name: parseQualifiedName(c, 'a table or view name') };
  }
  const options = c.acceptWord('with') ? parseOptionList(c) : [];
  return { kind: 'Subscribe', target, options, pos };
}

/** Legacy COPY options (`WITH CSV HEADER DELIMITER ','`), as the option-list keys they stand for. */
function parseLegacyCopyOptions(c: Cursor): OptionItem[] {
  const out: OptionItem[] = [];
  for (;;) {
    const pos = c.pos;
    if (c.acceptWord('csv')) out.push({ key: 'format', value: 'csv', pos });
    else if (c.acceptWord('binary')) out.push({ key: 'format', value: 'binary', pos });
    else if (c.acceptWord('header')) out.push({ key: 'header', value: 'true', pos });
    else if (c.acceptWord('freeze')) out.push({ key: 'freeze', value: 'true', pos });
    else {
      const key = ['delimiter', 'null', 'quote', 'escape', 'encoding'].find((k) => c.isWord(k));
      if (!key) return out;
      c.next();
      c.acceptWord('as');
      out.push({ key, value: c.string(), pos });
    }
  }
}

function parseCopyOptions(c: Cursor): OptionItem[] {
  const withWord = c.acceptWord('with');
  if (c.isOp('(')) return parseOptionList(c).map((o) => ({ ...o, key: o.key.toLowerCase() }));
  const legacy = parseLegacyCopyOptions(c);
  if (withWord && legacy.length === 0) throw c.error('COPY options');
  return legacy;
}

/** `COPY (query | SUBSCRIBE …) TO STDOUT […]`, `COPY t [(cols)] TO STDOUT […]`, `COPY t [(cols)] FROM STDIN […]`. */
export function parseCopy(c: Cursor): Copy {
  const pos = c.pos;
  c.expectWord('copy');
  let source: Copy['source'];
  if (c.acceptOp('(')) {
    source = c.isWord('subscribe') ? { kind: 'subscribe', subscribe: parseSubscribe(c) } : { kind: 'query', query: parseQuery(c) };
    c.expectOp(')');
  } else {
    const name = parseQualifiedName(c, 'a table name');
    const columns = c.isOp('(') ? parseNameList(c) : undefined;
    source = { kind: 'table', name, ...(columns && { columns }) };
  }
  let direction: 'to' | 'from';
  if (c.acceptWord('to')) {
    direction = 'to';
    if (!c.acceptWord('stdout')) throw notSupported(c, 'COPY TO a file is not supported; use COPY … TO STDOUT');
  } else if (source.kind === 'table' && c.acceptWord('from')) {
    direction = 'from';
    if (!c.acceptWord('stdin')) throw notSupported(c, 'COPY FROM a file is not supported; use COPY … FROM STDIN');
  } else {
    throw c.error(source.kind === 'table' ? 'TO STDOUT or FROM STDIN' : 'TO STDOUT');
  }
  return { kind: 'Copy', source, direction, options: parseCopyOptions(c), pos };
}

function notSupported(c: Cursor, message: string): SqlError {
  return new SqlError(SqlState.featureNotSupported, message, { position: c.pos + 1 });
}

/** `DECLARE name [BINARY] [INSENSITIVE] [NO SCROLL] CURSOR [WITH|WITHOUT HOLD] FOR query | SUBSCRIBE …`. */
export function parseDeclare(c: Cursor): DeclareCursor {
  const pos = c.pos;
  c.expectWord('declare');
  const name = c.name('a cursor name');
  let binary = false;
  for (;;) {
    if (c.acceptWord('binary')) binary = true;
    else if (c.acceptWord('insensitive') || c.acceptWord('asensitive') || c.acceptWords('no', 'scroll') || c.acceptWord('scroll')) continue;
    else break;
  }
  c.expectWord('cursor');
  let hold = false;
  if (c.acceptWords('with', 'hold')) hold = true;
  else c.acceptWords('without', 'hold');
  c.expectWord('for');
  const query: DeclareCursor['query'] = c.isWord('subscribe') ? { kind: 'subscribe', subscribe: parseSubscribe(c) } : { kind: 'query', query: parseQuery(c) };
  return { kind: 'DeclareCursor', name, binary, hold, query, pos };
}

/** `FETCH [FORWARD] [n | ALL | NEXT] [FROM | IN] name [WITH (timeout = '1s')]`; no count means 1, ALL means undefined. */
export function parseFetch(c: Cursor): Fetch {
  const pos = c.pos;
  c.expectWord('fetch');
  let count: number | undefined = 1;
  for (const w of ['backward', 'prior', 'absolute', 'relative', 'last']) {
    if (c.isWord(w)) throw notSupported(c, `FETCH ${w.toUpperCase()} is not supported (cursors are forward-only)`);
  }
  c.acceptWord('forward');
  if (c.acceptWord('all')) count = undefined;
  else if (c.acceptWord('next') || c.acceptWord('first')) count = 1;
  else if (c.peek().kind === 'number') count = c.integer('a row count');
  if (!c.acceptWord('from')) c.acceptWord('in');
  const cursor = c.name('a cursor name');
  const options = c.acceptWord('with') ? parseOptionList(c) : [];
  return { kind: 'Fetch', cursor, count, options, pos };
}

/** `CLOSE name | ALL`. */
export function parseClose(c: Cursor): CloseCursor {
  const pos = c.pos;
  c.expectWord('close');
  return { kind: 'CloseCursor', name: c.acceptWord('all') ? undefined : c.name('a cursor name'), pos };
}

/** `PREPARE name [(type, …)] AS statement`. */
export function parsePrepare(c: Cursor): Prepare {
  const pos = c.pos;
  c.expectWord('prepare');
  const name = c.name('a statement name');
  const paramTypes: TypeRef[] = [];
  if (c.acceptOp('(')) {
    do paramTypes.push(parseTypeRef(c));
    while (c.acceptOp(','));
    c.expectOp(')');
  }
  c.expectWord('as');
  return { kind: 'Prepare', name, paramTypes, statement: parseStatement(c), pos };
}

/** `EXECUTE name [(args)]`. */
export function parseExecute(c: Cursor): Execute {
  const pos = c.pos;
  c.expectWord('execute');
  const name = c.name('a statement name');
  let args: Execute['args'] = [];
  if (c.acceptOp('(')) {
    args = parseExprList(c);
    c.expectOp(')');
  }
  return { kind: 'Execute', name, args, pos };
}

/** `DEALLOCATE [PREPARE] name | ALL`. */
export function parseDeallocate(c: Cursor): Deallocate {
  const pos = c.pos;
  c.expectWord('deallocate');
  c.acceptWord('prepare');
  return { kind: 'Deallocate', name: c.acceptWord('all') ? undefined : c.name('a statement name'), pos };
}

/** `DISCARD ALL | PLANS | SEQUENCES | TEMP | TEMPORARY` (what: lower case, TEMPORARY → 'temp'). */
export function parseDiscard(c: Cursor): Discard {
  const pos = c.pos;
  c.expectWord('discard');
  for (const w of ['all', 'plans', 'sequences', 'temp', 'temporary']) {
    if (c.acceptWord(w)) return { kind: 'Discard', what: w === 'temporary' ? 'temp' : w, pos };
  }
  throw c.error('ALL, PLANS, SEQUENCES or TEMP');
}

