/**
 * fold-constants: evaluates calls and casts whose operands are all constants (volatile functions
 * such as now() and PROCTIME() excepted), simplifies AND/OR with constant operands (three-valued),
 * and removes filters that are constant TRUE. A folding that raises an error (e.g. 1/0) is left
 * unfolded, so the error surfaces at run time with the row that causes it, as PostgreSQL does
 * for non-constant contexts (PostgreSQL docs §4.2.14).
 */
import { T } from '../../../common/types.ts';
import type { BoundExpr } from '../../logical/expr.ts';
import { mapChildren } from '../../logical/expr.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';
import { getFunction } from '../../../executor/expr/functions/registry.ts';
import { castValue, makeCaster } from '../../../executor/expr/cast.ts';
import { isBoolConst } from '../../logical/expr-utils.ts';

/** Folds one expression bottom-up. */
export function foldExpr(e: BoundExpr): BoundExpr {
  const x = mapChildren(e, foldExpr);
  switch (x.kind) {
    case 'Call': {
      if (!x.args.every((a) => a.kind === 'Const')) return x;
      const fn = getFunction(x.fn);
      if (fn.volatile) return x;
      const vals = x.args.map((a) => (a as { value: unknown }).value);
      if (fn.strict && vals.some((v) => v === null)) return { kind: 'Const', value: null, type: x.type };
      try {
        return { kind: 'Const', value: fn.impl(...vals), type: x.type };
      } catch {
        return x;
      }
    }
    case 'Cast': {
      if (x.operand.kind !== 'Const') return x;
      if (x.operand.value === null) return { kind: 'Const', value: null, type: x.type };
      try {
        const value = x.assignment ? makeCaster(x.operand.type, x.type, { assignment: true })(x.operand.value) : castValue(x.operand.type, x.type, x.operand.value);
        return { kind: 'Const', value, type: x.type };
      } catch {
        return x.tryCast ? { kind: 'Const', value: null, type: x.type } : x;
      }
    }
    case 'And': {
      if (x.args.some((a) => isBoolConst(a, false))) return { kind: 'Const', value: false, type: T.bool };
      const rest = x.args.filter((a) => !isBoolConst(a, true));
      if (rest.length === 0) return { kind: 'Const', value: true, type: T.bool };
      if (rest.length === 1) return rest[0]!;
      return rest.length === x.args.length ? x : { ...x, args: rest };
    }
    case 'Or': {
      if (x.args.some((a) => isBoolConst(a, true))) return { kind: 'Const', value: true, type: T.bool };
      const rest = x.args.filter((a) => !isBoolConst(a, false));
      if (rest.length === 0) return { kind: 'Const', value: false, type: T.bool };
      if (rest.length === 1) return rest[0]!;
      return rest.length === x.args.length ? x : { ...x, args: rest };
    }
    case 'Not':
      if (x.operand.kind === 'Const') {
        const v = x.operand.value;
        return { kind: 'Const', value: v === null ? null : !v, type: T.bool };
      }
      return x;
    case 'IsTest':
      if (x.operand.kind === 'Const') {
        const v = x.operand.value;
        const r = x.test === 'null' || x.test === 'unknown' ? v === null : x.test === 'true' ? v === true : v === false;
        return { kind: 'Const', value: x.negated ? !r : r, type: T.bool };
      }
      return x;
    default:
      return x;
  }
}

function sameExprs(a: readonly BoundExpr[], b: readonly BoundExpr[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function foldNode(p: LogicalPlan): LogicalPlan {
  switch (p.kind) {
    case 'Filter': {
      const pred = foldExpr(p.predicate);
      if (isBoolConst(pred, true)) return p.input;
      return pred === p.predicate ? p : { ...p, predicate: pred };
    }
    case 'Project': {
      const exprs = p.exprs.map(foldExpr);
      return sameExprs(exprs, p.exprs) ? p : { ...p, exprs };
    }
    case 'Join': {
      if (!p.condition) return p;
      const c = foldExpr(p.condition);
      if (c === p.condition) return p;
      return { ...p, condition: isBoolConst(c, true) ? undefined : c };
    }
    default:
      return p;
  }
}

export const foldConstants: OptimizerRule = {
  name: 'fold-constants',
  apply: (plan) => transformUp(plan, foldNode),
};
