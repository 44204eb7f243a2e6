/**
 * Keyword classes, after PostgreSQL's (docs Appendix C "SQL Key Words", src/include/parser/kwlist.h).
 * Only reserved words are refused as plain names; everything else stays usable as a column, table or
 * alias name (`date`, `time`, `name`, `type`, `value`, `key`, `rank`, `count`, …).
 */

/** Reserved: never a column, table or alias name unless quoted (may still follow `AS`). */
export const RESERVED: ReadonlySet<string> = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast',
  'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role',
  'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do',
  'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in',
  'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select',
  'session_user', 'some', 'symmetric', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user',
  'using', 'variadic', 'when', 'where', 'window', 'with',
]);

/**
 * PostgreSQL's type_func_name keywords: usable as function names (`left(s, 2)`) but not as column
 * or alias names (they continue joins and predicates).
 */
export const TYPE_FUNC_NAME: ReadonlySet<string> = new Set([
  'authorization', 'binary', 'collation', 'concurrently', 'cross', 'current_schema', 'freeze', 'full',
  'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like', 'natural', 'notnull', 'outer', 'overlaps',
  'right', 'similar', 'tablesample', 'verbose',
]);

/**
 * Words that start a special expression form; names can still use them (`SELECT date FROM t`), but
 * the printer quotes them so a printed identifier never reads back as the special form.
 */
export const EXPR_KEYWORDS: ReadonlySet<string> = new Set([
  'between', 'bigint', 'boolean', 'char', 'character', 'coalesce', 'date', 'dec', 'decimal', 'descriptor',
  'exists', 'extract', 'float', 'greatest', 'grouping', 'int', 'integer', 'interval', 'least', 'none',
  'nullif', 'numeric', 'operator', 'overlay', 'position', 'precision', 'real', 'row', 'smallint',
  'substring', 'time', 'timestamp', 'treat', 'trim', 'try_cast', 'values', 'varchar',
]);

/** True when `w` (lower case) cannot be used unquoted as a column, table or bare alias name. */
export function isReserved(w: string): boolean {
  return RESERVED.has(w) || TYPE_FUNC_NAME.has(w);
}

/** True when printing `w` as an identifier needs double quotes (not a plain lower-case name, or a keyword). */
export function needsQuotes(w: string): boolean {
  return !/^[a-z_][a-z0-9_$]*$/.test(w) || RESERVED.has(w) || TYPE_FUNC_NAME.has(w) || EXPR_KEYWORDS.has(w);
}

/** An identifier as SQL text, double-quoted when needed (`"Foo"`, `"select"`, `a`). */
export function quoteIdent(w: string): string {
  return needsQuotes(w) ? `"${w.replace(/"/g, '""')}"` : w;
}

/** A string literal as SQL text (standard_conforming_strings: only quotes are doubled). */
export function quoteString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
