/**
 * DDL parsing: CREATE TABLE (PostgreSQL columns and constraints, plus Flink's computed columns,
 * `WATERMARK FOR c AS e`, `PRIMARY KEY (…) NOT ENFORCED`, `WITH ('k' = 'v')` options and CTAS — Flink docs
 * "CREATE Statements"), CREATE [OR REPLACE] [MATERIALIZED] VIEW, DROP, CREATE/ALTER USER|ROLE and
 * COMMENT ON.
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { ColumnDef, CommentOn, ComputedColumnDef, CreateTable, CreateUser, CreateView, Drop, Expr, ObjectKind, OptionItem, QualifiedName, Query, Statement } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { parseExpr, parseNameList, parseQualifiedName } from './parse-expr.ts';
import { parseQuery } from './parse-query.ts';
import { parseTypeRef } from './type-names.ts';

/** An option value as text: a string (unquoted), a signed number as written, or a word (TRUE, csv, …). */
export function parseOptionValue(c: Cursor): string {
  const t = c.peek();
  if (t.kind === 'string' || t.kind === 'number' || t.kind === 'ident') {
    c.next();
    return t.value;
  }
  if (t.kind === 'op' && (t.value === '-' || t.value === '+') && c.peek(1).kind === 'number') {
    c.next();
    return (t.value === '-' ? '-' : '') + c.next().value;
  }
  throw c.error('an option value');
}

/** An option key: a string, or dotted words kept with their dots (`'k.x'`, `k.x`, `format`). */
function parseOptionKey(c: Cursor): string {
  if (c.peek().kind === 'string') return c.next().value;
  let key = c.label('an option name');
  while (c.isOp('.') && c.peek(1).kind === 'ident') {
    c.next();
    key += '.' + c.next().value;
  }
  return key;
}

/**
 * `( key = value, … )` (Flink WITH options; `=` optional so PostgreSQL's `(FORMAT csv, HEADER)` style
 * lists parse too; a key without a value gets 'true').
 */
export function parseOptionList(c: Cursor): OptionItem[] {
  c.expectOp('(');
  const out: OptionItem[] = [];
  if (c.acceptOp(')')) return out;
  do {
    const pos = c.pos;
    const key = parseOptionKey(c);
    const eq = c.acceptOp('=');
    const value = !eq && (c.isOp(',') || c.isOp(')')) ? 'true' : parseOptionValue(c);
    out.push({ key, value, pos });
  } while (c.acceptOp(','));
  c.expectOp(')');
  return out;
}

/** `CREATE …`: TABLE, [MATERIALIZED] VIEW, USER, ROLE. */
export function parseCreate(c: Cursor): Statement {
  const pos = c.pos;
  c.expectWord('create');
  const orReplace = c.acceptWords('or', 'replace');
  // Flink's TEMPORARY (session-scoped) objects are accepted and created as ordinary ones
  if (!c.acceptWord('temporary')) c.acceptWord('temp');
  if (!orReplace && c.isWord('table')) return parseCreateTable(c, pos);
  if (!orReplace && (c.isWord('user') || c.isWord('role'))) {
    c.next();
    return parseUserOptions(c, false, pos);
  }
  const materialized = c.acceptWord('materialized');
  if (c.acceptWord('view')) return parseCreateView(c, pos, orReplace, materialized);
  throw c.error(orReplace ? 'VIEW' : 'TABLE, VIEW, MATERIALIZED VIEW, USER or ROLE');
}

function acceptIfNotExists(c: Cursor): boolean {
  return c.acceptWords('if', 'not', 'exists');
}

function parseCreateTable(c: Cursor, pos: number): CreateTable {
  c.expectWord('table');
  const ifNotExists = acceptIfNotExists(c);
  const name = parseQualifiedName(c, 'a table name');
  const columns: (ColumnDef | ComputedColumnDef)[] = [];
  let primaryKey: CreateTable['primaryKey'];
  let watermark: CreateTable['watermark'];
  const setPk = (pk: NonNullable<CreateTable['primaryKey']>): void => {
    if (primaryKey) {
      throw new SqlError(SqlState.invalidTableDefinition, `multiple primary keys for table "${name.parts.join('.')}" are not allowed`, { position: pk.pos + 1 });
    }
    primaryKey = pk;
  };
  if (c.acceptOp('(')) {
    do {
      const epos = c.pos;
      if (c.isWord('constraint')) {
        c.next();
        c.name('a constraint name');
      }
      if (c.acceptWords('primary', 'key')) {
        const cols = parseNameList(c);
        setPk({ columns: cols, notEnforced: c.acceptWords('not', 'enforced'), pos: epos });
      } else if (c.isWord('watermark') && c.isWord('for', 1)) {
        c.next();
        c.next();
        const column = c.name('a column name');
        c.expectWord('as');
        watermark = { column, expr: parseExpr(c), pos: epos };
      } else {
        const colName = c.name('a column definition');
        if (c.acceptWord('as')) {
          columns.push({ kind: 'ComputedColumnDef', name: colName, expr: parseExpr(c), pos: epos });
          continue;
        }
        const typeRef = parseTypeRef(c);
        let notNull = false;
        let pk = false;
        let def: Expr | undefined;
        for (;;) {
          if (c.acceptWords('not', 'null')) notNull = true;
          else if (c.acceptWord('null')) notNull = false;
          else if (c.acceptWord('default')) def = parseExpr(c);
          else if (c.isWords('primary', 'key')) {
            const ppos = c.pos;
            c.next();
            c.next();
            pk = true;
            notNull = true;
            setPk({ columns: [colName], notEnforced: c.acceptWords('not', 'enforced'), pos: ppos });
          } else if (c.acceptWord('comment')) c.string();
          else break;
        }
        columns.push({ kind: 'ColumnDef', name: colName, typeRef, notNull, primaryKey: pk, ...(def && { default: def }), pos: epos });
      }
    } while (c.acceptOp(','));
    c.expectOp(')');
  }
  if (c.acceptWord('comment')) c.string();
  const options = c.acceptWord('with') ? parseOptionList(c) : [];
  let asQuery: Query | undefined;
  if (c.acceptWord('as')) asQuery = parseQuery(c);
  if (columns.length === 0 && !asQuery) throw c.error('"(" or AS');
  return {
    kind: 'CreateTable',
    name,
    ifNotExists,
    columns,
    ...(primaryKey && { primaryKey }),
    ...(watermark && { watermark }),
    options,
    ...(asQuery && { asQuery }),
    pos,
  };
}

function parseCreateView(c: Cursor, pos: number, orReplace: boolean, materialized: boolean): CreateView {
  const ifNotExists = acceptIfNotExists(c);
  const name = parseQualifiedName(c, 'a view name');
  const columns = c.isOp('(') ? parseNameList(c) : undefined;
  const options = c.acceptWord('with') ? parseOptionList(c) : [];
  c.expectWord('as');
  const start = c.pos;
  const query = parseQuery(c);
  const queryText = c.sliceFrom(start);
  return {
    kind: 'CreateView',
    name,
    materialized,
    orReplace,
    ifNotExists,
    ...(columns && { columns }),
    query,
    options,
    queryText,
    pos,
  };
}

const ROLE_FLAGS = new Set([
  'login', 'nologin', 'superuser', 'nosuperuser', 'createdb', 'nocreatedb', 'createrole', 'nocreaterole',
  'inherit', 'noinherit', 'replication', 'noreplication', 'bypassrls', 'nobypassrls',
]);

/** After `CREATE|ALTER USER|ROLE`: `name [WITH] {PASSWORD 'x' | PASSWORD NULL | LOGIN | …}*`. */
function parseUserOptions(c: Cursor, alter: boolean, pos: number): CreateUser {
  const name = c.name('a role name');
  c.acceptWord('with');
  let password: string | null | undefined;
  const options: string[] = [];
  for (;;) {
    c.acceptWord('encrypted');
    if (c.acceptWord('password')) {
      password = c.acceptWord('null') ? null : c.string('a password string or NULL');
    } else if (c.peek().kind === 'ident' && !c.peek().quoted && ROLE_FLAGS.has(c.peek().value)) {
      options.push(c.next().value);
    } else if (c.acceptWords('connection', 'limit')) {
      const t = c.next();
      if (t.kind !== 'number' && !(t.kind === 'op' && t.value === '-')) throw c.error('a number', t);
      options.push(`connection limit ${t.kind === 'op' ? '-' + c.integer() : t.value}`);
    } else if (c.acceptWords('valid', 'until')) {
      options.push(`valid until '${c.string().replace(/'/g, "''")}'`);
    } else {
      break;
    }
  }
  return { kind: 'CreateUser', alter, name, ...(password !== undefined && { password }), options, pos };
}

/** `ALTER USER|ROLE name [WITH] PASSWORD 'x' …`. */
export function parseAlter(c: Cursor): CreateUser {
  const pos = c.pos;
  c.expectWord('alter');
  if (!c.acceptWord('user') && !c.acceptWord('role')) throw c.error('USER or ROLE');
  return parseUserOptions(c, true, pos);
}

/** `DROP TABLE|VIEW|MATERIALIZED VIEW|USER|ROLE|… [IF EXISTS] a, b [CASCADE|RESTRICT]`. */
export function parseDrop(c: Cursor): Drop {
  const pos = c.pos;
  c.expectWord('drop');
  let objectKind: ObjectKind;
  if (c.acceptWords('materialized', 'view')) objectKind = 'materialized view';
  else if (c.acceptWord('table')) objectKind = 'table';
  else if (c.acceptWord('view')) objectKind = 'view';
  else if (c.acceptWord('user') || c.acceptWord('role')) objectKind = 'user';
  else if (c.acceptWord('index')) objectKind = 'index';
  else if (c.acceptWord('schema')) objectKind = 'schema';
  else if (c.acceptWord('sink')) objectKind = 'sink';
  else if (c.acceptWord('source')) objectKind = 'source';
  else throw c.error('TABLE, VIEW, MATERIALIZED VIEW, USER or ROLE');
  const ifExists = c.acceptWords('if', 'exists');
  const names: QualifiedName[] = [parseQualifiedName(c)];
  while (c.acceptOp(',')) names.push(parseQualifiedName(c));
  let cascade = false;
  if (c.acceptWord('cascade')) cascade = true;
  else c.acceptWord('restrict');
  return { kind: 'Drop', objectKind, names, ifExists, cascade, pos };
}

/** `COMMENT ON TABLE|COLUMN|VIEW|MATERIALIZED VIEW name IS 'text' | NULL`. */
export function parseCommentOn(c: Cursor): CommentOn {
  const pos = c.pos;
  c.expectWord('comment');
  c.expectWord('on');
  let objectKind: CommentOn['objectKind'];
  if (c.acceptWords('materialized', 'view')) objectKind = 'materialized view';
  else if (c.acceptWord('table')) objectKind = 'table';
  else if (c.acceptWord('column')) objectKind = 'column';
  else if (c.acceptWord('view')) objectKind = 'view';
  else throw c.error('TABLE, COLUMN, VIEW or MATERIALIZED VIEW');
  const name = parseQualifiedName(c);
  c.expectWord('is');
  const comment = c.acceptWord('null') ? null : c.string('a string or NULL');
  return { kind: 'CommentOn', objectKind, name, comment, pos };
}
