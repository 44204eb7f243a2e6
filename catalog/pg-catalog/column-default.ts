/**
 * A column default as pg_get_expr prints it from pg_attrdef.adbin: PostgreSQL stores the default
 * coerced to the column type and deparses a string constant with its cast (`'x'::text`,
 * `'2024-01-01'::date`, `'a'::character varying`), while numbers and booleans print bare. Strom keeps
 * the default's SQL text, so a lone string literal gets the cast PostgreSQL would show.
 */
import type { SqlType } from '../../common/types.ts';
import { formatType } from '../../common/types.ts';

/** The text pg_get_expr gives for default `expr` of a column of type `type`. */
export function defaultExprText(expr: string, type: SqlType): string {
  const e = expr.trim();
  if (!/^'(?:[^']|'')*'$/.test(e)) return e;
  // The cast names the type without its modifier (numeric(10,2) → numeric, varchar(5) → character varying).
  const name = formatType(type).replace(/\(\d+(?:,\d+)?\)/, '');
  return `${e}::${name}`;
}
