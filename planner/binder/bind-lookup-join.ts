/**
 * Flink's lookup join `FROM s JOIN dim FOR SYSTEM_TIME AS OF s.proc_time [AS] d ON s.k = d.k …`
 * (INNER or LEFT) → a LookupJoin keyed by the equalities between an expression over the input and a
 * column of `dim`; other conjuncts become its residual condition. An input-side key that is not an
 * input column of the dimension column's type (`mod(b.auction, 10000) = d.key`, an int column
 * against a bigint one) is computed by a Project below the join, cast implicitly (PostgreSQL's
 * rules), and projected away above it, as Flink's planner does with a Calc before the lookup.
 * Errors: 0A000 for other join types, USING/NATURAL, a dimension that is not a table, or no key
 * equality; 42804 when an input key cannot be cast implicitly to the dimension column's type.
 */
import { SqlState } from '../../common/errors.ts';
import { formatType } from '../../common/types.ts';
import type { Expr, JoinRef, TableRef } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { LookupJoin } from '../logical/plan.ts';
import { substitute } from '../logical/expr-utils.ts';
import type { QueryEnv } from './context.ts';
import { bindError } from './diag.ts';
import { Scope } from './scope.ts';
import { columnRefs, project } from './plan-util.ts';
import type { FromResult } from './bind-relation.ts';
import { lookupRelation } from './bind-relation.ts';
import { bindFromItem, checkDistinctNames } from './bind-from.ts';
import { bindExpr } from './bind-expr.ts';
import { plainContext } from './expr-context.ts';
import { applyOperator } from './bind-operators.ts';
import { requireBool, tryCoerce } from './coerce.ts';
import { conjunction, someExpr } from './expr-util.ts';

function conjuncts(e: Expr | undefined): Expr[] {
  if (!e) return [];
  if (e.kind === 'BinaryOp' && e.op.toLowerCase() === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

/** Binds `j`, whose right side is `ref` with FOR SYSTEM_TIME AS OF. */
export function bindLookupJoin(j: JoinRef, ref: TableRef, env: QueryEnv): FromResult {
  if (j.joinType !== 'inner' && j.joinType !== 'left') {
    throw bindError(SqlState.featureNotSupported, 'FOR SYSTEM_TIME AS OF is only supported in INNER and LEFT joins', j.pos);
  }
  if (j.using || j.natural) throw bindError(SqlState.featureNotSupported, 'FOR SYSTEM_TIME AS OF joins need an ON condition', j.pos);
  const left = bindFromItem(j.left, env);
  const rel = lookupRelation(ref, env);
  if (rel.kind !== 'table') throw bindError(SqlState.featureNotSupported, `FOR SYSTEM_TIME AS OF needs a table, but "${rel.name}" is a ${rel.kind}`, ref.pos);
  env.state.relationsRead.add(rel.name);
  bindExpr(ref.forSystemTimeAsOf!, plainContext(left.scope, env, 'FOR SYSTEM_TIME AS OF'));
  const wl = left.plan.schema.length;
  const qualifier = ref.alias?.name ?? rel.name;
  const relScope = Scope.ofSchema(rel.columns, qualifier).shift(wl);
  checkDistinctNames(left.scope, relScope, ref.pos);
  const scope = left.scope.concat(relScope);
  const cx = plainContext(scope, env, 'JOIN conditions');
  const isDim = (e: BoundExpr) => e.kind === 'ColRef' && e.index >= wl;
  const inputOnly = (e: BoundExpr) => !someExpr(e, (x) => x.kind === 'ColRef' && x.index >= wl);
  const inputKeys: number[] = [];
  const lookupKeys: number[] = [];
  /** Input-side key expressions computed below the join, as columns wl, wl + 1, … of its input. */
  const extras: BoundExpr[] = [];
  const residual: BoundExpr[] = [];
  for (const c of conjuncts(j.on)) {
    if (c.kind === 'BinaryOp' && c.op === '=') {
      const a = bindExpr(c.left, cx);
      const b = bindExpr(c.right, cx);
      const [dim, inp] = isDim(a) && inputOnly(b) ? [a, b] : isDim(b) && inputOnly(a) ? [b, a] : [undefined, undefined];
      if (dim && inp && dim.kind === 'ColRef') {
        const key = inp.type.id === dim.type.id ? inp : tryCoerce(inp, dim.type, env.state.ctx, 'implicit');
        if (!key) {
          throw bindError(
            SqlState.datatypeMismatch,
            `FOR SYSTEM_TIME AS OF join keys must have the same type, but ${formatType(inp.type)} = ${formatType(dim.type)} compares different types`,
            c.pos,
            { hint: 'Declare the columns with the same type, or cast the input side.' },
          );
        }
        if (key.kind === 'ColRef') inputKeys.push(key.index);
        else inputKeys.push(wl + extras.push(key) - 1);
        lookupKeys.push(dim.index - wl);
        continue;
      }
      residual.push(applyOperator('=', [a, b], c.pos, cx));
      continue;
    }
    residual.push(requireBool(bindExpr(c, cx), 'JOIN/ON', c.pos, env.state.ctx));
  }
  if (inputKeys.length === 0) {
    throw bindError(SqlState.featureNotSupported, `FOR SYSTEM_TIME AS OF requires an equality between input columns and columns of "${rel.name}"`, j.pos);
  }
  const dimFields = rel.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable || j.joinType === 'left' }));
  const k = extras.length;
  const input = k === 0 ? left.plan : project(left.plan, [...columnRefs(left.plan), ...extras], [...left.plan.schema.map((f) => f.name), ...extras.map((_, i) => `$key${i}`)]);
  // Residual conditions see dimension columns k places further right when key columns were added.
  const shift = [...Array(wl).keys()].map((i): BoundExpr => ({ kind: 'ColRef', index: i, type: left.plan.schema[i]!.type }));
  dimFields.forEach((f, i) => shift.push({ kind: 'ColRef', index: wl + k + i, type: f.type }));
  const cond = conjunction(residual);
  const plan: LookupJoin = {
    kind: 'LookupJoin',
    input,
    relation: rel,
    joinType: j.joinType,
    inputKeys,
    lookupKeys,
    condition: cond && k > 0 ? substitute(cond, shift) : cond,
    schema: [...input.schema, ...dimFields],
  };
  if (k === 0) return { plan, scope };
  const keep = [...Array(wl).keys(), ...dimFields.map((_, i) => wl + k + i)];
  return { plan: project(plan, keep.map((i) => ({ kind: 'ColRef', index: i, type: plan.schema[i]!.type })), keep.map((i) => plan.schema[i]!.name)), scope };
}
