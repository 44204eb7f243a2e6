/**
 * Session and utility statements: SET / RESET / SHOW (PostgreSQL reference pages and Flink's
 * `SET 'k' = 'v'`), SET [SESSION CHARACTERISTICS AS] TRANSACTION, DESCRIBE, EXPLAIN, transaction
 * control (BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT), and Strom's FLUSH, STOP JOB.
 * Cursors, COPY, SUBSCRIBE and prepared statements are in parse-cursor.ts.
 */
import type { Describe, Explain, ResetStatement, SetStatement, SetTransaction, Show, StopJob, Transaction } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { parseQualifiedName } from './parse-expr.ts';
import { parseStatement } from './parser.ts';

/** A configuration parameter name: `name` or `a.b` (lower case unless quoted). */
function parseVarName(c: Cursor): string {
  let name = c.label('a parameter name');
  while (c.isOp('.') && c.peek(1).kind === 'ident') {
    c.next();
    name += '.' + c.next().value;
  }
  return name;
}

/** One SET value as text: strings unquoted, words and signed numbers as written. */
function parseVarValue(c: Cursor): string {
  const t = c.peek();
  if (t.kind === 'string' || t.kind === 'number' || t.kind === 'ident') {
    c.next();
    return t.value;
  }
  if (t.kind === 'op' && (t.value === '-' || t.value === '+') && c.peek(1).kind === 'number') {
    c.next();
    return (t.value === '-' ? '-' : '') + c.next().value;
  }
  throw c.error('a parameter value');
}

/**
 * Transaction modes (`ISOLATION LEVEL …`, `READ ONLY|WRITE`, `[NOT] DEFERRABLE`), comma or space
 * separated, as lower-case strings such as 'isolation level read committed'.
 */
function parseTransactionModes(c: Cursor): string[] {
  const modes: string[] = [];
  for (;;) {
    if (c.acceptWords('isolation', 'level')) {
      let level: string;
      if (c.acceptWord('serializable')) level = 'serializable';
      else if (c.acceptWords('repeatable', 'read')) level = 'repeatable read';
      else if (c.acceptWords('read', 'committed')) level = 'read committed';
      else if (c.acceptWords('read', 'uncommitted')) level = 'read uncommitted';
      else throw c.error('an isolation level');
      modes.push(`isolation level ${level}`);
    } else if (c.acceptWords('read', 'only')) modes.push('read only');
    else if (c.acceptWords('read', 'write')) modes.push('read write');
    else if (c.acceptWord('deferrable')) modes.push('deferrable');
    else if (c.acceptWords('not', 'deferrable')) modes.push('not deferrable');
    else break;
    c.acceptOp(',');
  }
  return modes;
}

/** `SET …` in all its forms (see SetStatement and SetTransaction in ast.ts). */
export function parseSet(c: Cursor): SetStatement | SetTransaction {
  const pos = c.pos;
  c.expectWord('set');
  if (c.peek().kind === 'string') {
    const name = c.next().value;
    c.expectOp('=');
    return { kind: 'Set', name, value: parseVarValue(c), local: false, quoted: true, pos };
  }
  if (c.acceptWords('session', 'characteristics', 'as', 'transaction')) {
    return { kind: 'SetTransaction', session: true, modes: parseTransactionModes(c), pos };
  }
  if (c.acceptWord('transaction')) return { kind: 'SetTransaction', session: false, modes: parseTransactionModes(c), pos };
  let local = false;
  if (c.acceptWord('local')) local = true;
  else if (!c.isWords('session', 'to') && !c.isOp('=', 1)) c.acceptWord('session');
  if (c.acceptWords('time', 'zone')) {
    const value = c.acceptWord('local') || c.acceptWord('default') ? undefined : parseVarValue(c);
    return { kind: 'Set', name: 'timezone', value, local, quoted: false, pos };
  }
  let name: string;
  if (c.isWord('names') && !c.isOp('=', 1) && !c.isWord('to', 1)) {
    c.next();
    name = 'client_encoding';
  } else if (c.isWord('schema') && c.peek(1).kind === 'string') {
    c.next();
    name = 'search_path';
  } else {
    name = parseVarName(c);
    if (!c.acceptWord('to') && !c.acceptOp('=')) throw c.error('TO or "="');
  }
  if (c.acceptWord('default')) return { kind: 'Set', name, value: undefined, local, quoted: false, pos };
  const values = [parseVarValue(c)];
  while (c.acceptOp(',')) values.push(parseVarValue(c));
  return { kind: 'Set', name, value: values.join(', '), local, quoted: false, pos };
}

/** `RESET name | 'k' | TIME ZONE | ALL` (and bare `RESET`). */
export function parseReset(c: Cursor): ResetStatement {
  const pos = c.pos;
  c.expectWord('reset');
  if (c.atEnd() || c.acceptWord('all')) return { kind: 'Reset', name: undefined, pos };
  if (c.acceptWords('time', 'zone')) return { kind: 'Reset', name: 'timezone', pos };
  if (c.peek().kind === 'string') return { kind: 'Reset', name: c.next().value, pos };
  return { kind: 'Reset', name: parseVarName(c), pos };
}

/** `SHOW TABLES | VIEWS | MATERIALIZED VIEWS | JOBS | ALL | CREATE … name | TIME ZONE | TRANSACTION ISOLATION LEVEL | name`. */
export function parseShow(c: Cursor): Show {
  const pos = c.pos;
  c.expectWord('show');
  const show = (target: Show['target']): Show => ({ kind: 'Show', target, pos });
  if (c.acceptWord('tables')) return show({ kind: 'tables' });
  if (c.acceptWord('views')) return show({ kind: 'views' });
  if (c.acceptWords('materialized', 'views')) return show({ kind: 'materialized views' });
  if (c.acceptWord('jobs')) return show({ kind: 'jobs' });
  if (c.acceptWord('all')) return show({ kind: 'all' });
  if (c.acceptWord('create')) {
    let objectKind: 'table' | 'view' | 'materialized view';
    if (c.acceptWord('table')) objectKind = 'table';
    else if (c.acceptWord('view')) objectKind = 'view';
    else if (c.acceptWords('materialized', 'view')) objectKind = 'materialized view';
    else throw c.error('TABLE, VIEW or MATERIALIZED VIEW');
    return show({ kind: 'create', objectKind, name: parseQualifiedName(c, 'a name') });
  }
  if (c.acceptWords('time', 'zone')) return show({ kind: 'variable', name: 'timezone' });
  if (c.acceptWords('transaction', 'isolation', 'level')) return show({ kind: 'variable', name: 'transaction_isolation' });
  if (c.acceptWords('session', 'authorization')) return show({ kind: 'variable', name: 'session_authorization' });
  if (c.peek().kind === 'string') return show({ kind: 'variable', name: c.next().value });
  return show({ kind: 'variable', name: parseVarName(c) });
}

/** `DESCRIBE name` / `DESC name`. */
export function parseDescribe(c: Cursor): Describe {
  const pos = c.pos;
  c.next();
  return { kind: 'Describe', name: parseQualifiedName(c, 'a table name'), pos };
}

const EXPLAIN_DETAILS = new Set(['changelog_mode', 'estimated_cost', 'json_execution_plan', 'plan_advice']);

/**
 * `EXPLAIN [PLAN FOR] stmt`, `EXPLAIN CHANGELOG_MODE[, ESTIMATED_COST …] stmt` (Flink), `EXPLAIN
 * (ANALYZE false, VERBOSE) stmt` and `EXPLAIN [ANALYZE] [VERBOSE] stmt` (PostgreSQL; options accepted and ignored).
 */
export function parseExplain(c: Cursor): Explain {
  const pos = c.pos;
  c.expectWord('explain');
  let changelogMode = false;
  if (c.isOp('(') && c.peek(1).kind === 'ident' && !c.isWord('select', 1) && !c.isWord('values', 1) && !c.isWord('with', 1)) {
    c.next();
    do {
      c.label('an EXPLAIN option');
      if (!c.isOp(',') && !c.isOp(')')) parseVarValue(c);
    } while (c.acceptOp(','));
    c.expectOp(')');
  } else if (c.acceptWords('plan', 'for')) {
    // Flink: EXPLAIN PLAN FOR
  } else {
    while (c.peek().kind === 'ident' && !c.peek().quoted && EXPLAIN_DETAILS.has(c.peek().value)) {
      if (c.next().value === 'changelog_mode') changelogMode = true;
      c.acceptOp(',');
    }
    while (c.acceptWord('analyze') || c.acceptWord('analyse') || c.acceptWord('verbose'));
  }
  return { kind: 'Explain', changelogMode, statement: parseStatement(c), pos };
}

/** BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT (PostgreSQL reference pages). */
export function parseTransaction(c: Cursor): Transaction {
  const pos = c.pos;
  const w = c.next().value;
  if (w === 'start') c.expectWord('transaction');
  else if (!c.acceptWord('work')) c.acceptWord('transaction');
  if (w === 'begin' || w === 'start') return { kind: 'Transaction', action: 'begin', modes: parseTransactionModes(c), pos };
  if (!c.acceptWords('and', 'no', 'chain') && c.isWord('and')) throw c.error('AND NO CHAIN (AND CHAIN is not supported)');
  return { kind: 'Transaction', action: w === 'commit' || w === 'end' ? 'commit' : 'rollback', modes: [], pos };
}

/** `STOP JOB 'id'`. */
export function parseStopJob(c: Cursor): StopJob {
  const pos = c.pos;
  c.expectWord('stop');
  c.expectWord('job');
  const t = c.peek();
  if (t.kind === 'number' || (t.kind === 'ident' && t.quoted)) {
    c.next();
    return { kind: 'StopJob', id: t.value, pos };
  }
  return { kind: 'StopJob', id: c.string('a job id string'), pos };
}
