/**
 * generate_series and unnest in FROM with constant arguments (PostgreSQL docs §9.26 Set Returning
 * Functions, §9.19 unnest), planned as literal rows: the optimizer has folded the arguments to
 * constants, so the rows are known at planning time. Arguments that are not constants (a lateral
 * reference, a parameter left unbound) raise 0A000; lateral calls are Correlate nodes instead.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { TableFunction } from '../logical/plan.ts';
import { tableFunctionRows } from '../../executor/expr/table-functions.ts';

/** The rows of `fn` as literal expressions. */
export function expandTableFunction(fn: TableFunction): BoundExpr[][] {
  const values = fn.args.map((a) => {
    if (a.kind !== 'Const') throw new SqlError(SqlState.featureNotSupported, `${fn.fn} in FROM is only supported with constant arguments`);
    return a.value;
  });
  const type = fn.schema[0]!.type;
  return tableFunctionRows(fn.fn, values, type).map((v) => [{ kind: 'Const', value: v, type }]);
}
