/**
 * json_build_object(VARIADIC "any") (PostgreSQL docs §9.16.1): keys become text, and each value its
 * JSON text by its SQL type, as PostgreSQL's datum_to_json — numbers and booleans as they print,
 * json/jsonb as they are, NULL as `null` (left to the function), anything else a JSON string of its
 * text (`to_json(text)`). The assembly is executor/expr/functions/json-build.ts.
 */
import { T, typeCategory } from '../../common/types.ts';
import type { FuncCall } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { applyFunction } from './bind-operators.ts';

const asText = (e: BoundExpr): BoundExpr => (e.type.id === 'text' ? e : { kind: 'Cast', operand: e, type: T.text, tryCast: false });

/** The JSON text of value `e`. */
function jsonText(e: BoundExpr, pos: number, cx: ExprContext): BoundExpr {
  if (e.kind === 'Const' && e.value === null) return { kind: 'Const', value: null, type: T.text };
  if (typeCategory(e.type) === 'N' || e.type.id === 'bool' || e.type.id === 'json' || e.type.id === 'jsonb') return asText(e);
  return asText(applyFunction('to_json', [asText(e)], pos, cx));
}

/** Binds `json_build_object(k1, v1, …)`. */
export function bindJsonBuildObject(e: FuncCall, cx: ExprContext): BoundExpr {
  const args = e.args.map((a, i) => {
    const b = bindExpr(a, cx);
    return i % 2 === 0 ? asText(b) : jsonText(b, a.pos, cx);
  });
  return applyFunction('json_build_object', args, e.pos, cx);
}
