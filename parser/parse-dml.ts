/**
 * DML parsing (PostgreSQL reference pages INSERT, UPDATE, DELETE; Flink "INSERT Statement" for
 * `INSERT OVERWRITE`): INSERT … VALUES | query | DEFAULT VALUES with ON CONFLICT and RETURNING,
 * UPDATE … SET … FROM … WHERE … RETURNING, DELETE FROM … USING … WHERE … RETURNING.
 */
import type { Delete, Expr, Insert, OnConflict, Query, SelectItem, SetClause, Update } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { parseExpr, parseNameList, parseQualifiedName } from './parse-expr.ts';
import { isQueryStart, parseFromList, parseQuery, parseSelectItems } from './parse-query.ts';

function parseReturning(c: Cursor): SelectItem[] {
  return c.acceptWord('returning') ? parseSelectItems(c) : [];
}

function parseSetClauses(c: Cursor): SetClause[] {
  const out: SetClause[] = [];
  do {
    const pos = c.pos;
    const column = c.name('a column name');
    c.expectOp('=');
    out.push({ column, value: parseExpr(c), pos });
  } while (c.acceptOp(','));
  return out;
}

/** `INSERT {INTO | OVERWRITE} t [AS a] [(cols)] {VALUES … | query | DEFAULT VALUES} [ON CONFLICT …] [RETURNING …]`. */
export function parseInsert(c: Cursor): Insert {
  const pos = c.pos;
  c.expectWord('insert');
  const overwrite = c.acceptWord('overwrite');
  if (!overwrite) c.expectWord('into');
  else c.acceptWord('table');
  const table = parseQualifiedName(c, 'a table name');
  const alias = c.acceptWord('as') ? c.name('an alias') : undefined;
  let columns: string[] | undefined;
  if (c.isOp('(') && !isQueryStart(c, 1) && !c.isOp('(', 1)) columns = parseNameList(c);
  let source: Query | undefined;
  if (!c.acceptWords('default', 'values')) source = parseQuery(c);
  let onConflict: OnConflict | undefined;
  if (c.acceptWords('on', 'conflict')) {
    const target = c.isOp('(') ? parseNameList(c) : [];
    c.expectWord('do');
    if (c.acceptWord('nothing')) {
      onConflict = { target, action: { kind: 'nothing' } };
    } else {
      c.expectWord('update');
      c.expectWord('set');
      const set = parseSetClauses(c);
      const where = c.acceptWord('where') ? parseExpr(c) : undefined;
      onConflict = { target, action: { kind: 'update', set, ...(where && { where }) } };
    }
  }
  const returning = parseReturning(c);
  return {
    kind: 'Insert',
    table,
    ...(alias !== undefined && { alias }),
    ...(columns && { columns }),
    ...(source && { source }),
    ...(onConflict && { onConflict }),
    returning,
    overwrite,
    pos,
  };
}

/** `UPDATE t [[AS] a] SET c = e, … [FROM …] [WHERE …] [RETURNING …]`. */
export function parseUpdate(c: Cursor): Update {
  const pos = c.pos;
  c.expectWord('update');
  const table = parseQualifiedName(c, 'a table name');
  let alias: string | undefined;
  if (c.acceptWord('as')) alias = c.name('an alias');
  else if (c.isName() && !c.isWord('set')) alias = c.next().value;
  c.expectWord('set');
  const set = parseSetClauses(c);
  const from = c.acceptWord('from') ? parseFromList(c) : [];
  const where: Expr | undefined = c.acceptWord('where') ? parseExpr(c) : undefined;
  const returning = parseReturning(c);
  return { kind: 'Update', table, ...(alias !== undefined && { alias }), set, from, ...(where && { where }), returning, pos };
}

/** `DELETE FROM t [[AS] a] [USING …] [WHERE …] [RETURNING …]`. */
export function parseDelete(c: Cursor): Delete {
  const pos = c.pos;
  c.expectWord('delete');
  c.expectWord('from');
  const table = parseQualifiedName(c, 'a table name');
  let alias: string | undefined;
  if (c.acceptWord('as')) alias = c.name('an alias');
  else if (c.isName()) alias = c.next().value;
  const using = c.acceptWord('using') ? parseFromList(c) : [];
  const where: Expr | undefined = c.acceptWord('where') ? parseExpr(c) : undefined;
  const returning = parseReturning(c);
  return { kind: 'Delete', table, ...(alias !== undefined && { alias }), using, ...(where && { where }), returning, pos };
}
