/**
 * Error construction for the binder: SqlErrors with PostgreSQL wording and 1-based positions
 * (`pos + 1` of the offending AST node), as PostgreSQL's parser_errposition.
 */
import { SqlError } from '../../common/errors.ts';
import type { SqlStateCode } from '../../common/errors.ts';

/** An SqlError at AST offset `pos` (0-based; undefined for errors without a position). */
export function bindError(code: SqlStateCode, message: string, pos: number | undefined, extra: { hint?: string; detail?: string } = {}): SqlError {
  return new SqlError(code, message, { position: pos === undefined ? undefined : pos + 1, ...extra });
}
