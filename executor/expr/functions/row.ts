/**
 * Field selection from a composite value, `(expr).field` (PostgreSQL docs §4.2.5 "Field Selection"):
 * the binder (planner/binder/bind-field-access.ts) resolves the field to its position and type and
 * calls `row.field` with the position. Its name is not an identifier, so it is not callable from SQL
 * and pg_proc does not list it.
 */
import { T } from '../../../common/types.ts';
import { ANY_TYPE, def, type FunctionImpl } from './types.ts';

/** The row functions. */
export const ROW_FUNCTIONS: readonly FunctionImpl[] = [
  def('row_field', 'row.field', [ANY_TYPE, T.int4], T.unknown, (row: readonly unknown[], i: number) => row[i] ?? null),
];
