/**
 * Field selection `(expr).field` (PostgreSQL docs §4.2.5) from a composite value — in Strom a ROW
 * type, e.g. the `(x, n)` rows of `information_schema._pg_expandarray` that pgjdbc's metadata
 * queries read. Errors as PostgreSQL's: 42809 for a non-composite operand, 42703 for a missing field.
 */
import { T, formatType } from '../../common/types.ts';
import type { FieldAccess } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { bindError } from './diag.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';

/** Binds `(operand).field`. */
export function bindFieldAccess(e: FieldAccess, cx: ExprContext): BoundExpr {
  const operand = bindExpr(e.operand, cx);
  const t = operand.type;
  if (t.id !== 'row') {
    throw bindError('42809', `column notation .${e.field} applied to type ${formatType(t)}, which is not a composite type`, e.pos);
  }
  const i = t.fields.findIndex((f) => f.name === e.field);
  if (i < 0) throw bindError('42703', `column "${e.field}" not found in data type ${formatType(t)}`, e.pos);
  return { kind: 'Call', fn: 'row_field', args: [operand, { kind: 'Const', value: i, type: T.int4 }], type: t.fields[i]!.type };
}
