/**
 * Queries (PostgreSQL docs §7.7–§7.8 and the SELECT reference): WITH (non-recursive CTEs, bound once
 * and inlined at each reference), query bodies (SELECT, VALUES, UNION/INTERSECT/EXCEPT [ALL], nested
 * queries), and ORDER BY / LIMIT over a non-SELECT body. Set-operation columns are unified with the
 * UNION/CASE rules (§10.5) and cast below the SetOp node.
 * Errors: 0A000 `WITH RECURSIVE is not supported`, 42712 duplicate CTE name, 42601 `each UNION query
 * must have the same number of columns`, 42804 `UNION types text and integer cannot be matched`,
 * 42601 `VALUES lists must all be the same length`, 0A000 for an ORDER BY expression over a set
 * operation.
 */
import { SqlState, assertNever } from '../../common/errors.ts';
import type { Query, QueryBody, SetOp, Values } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { LogicalPlan, SortKey } from '../logical/plan.ts';
import type { CteBinding, QueryEnv, QueryOptions } from './context.ts';
import { blockOuter } from './context.ts';
import { bindError } from './diag.ts';
import { Scope } from './scope.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { unify } from './coerce.ts';
import { project, sort } from './plan-util.ts';
import { bindSelect } from './bind-select.ts';
import type { SelectResult } from './bind-select.ts';
import { sortFlags } from './select-state.ts';
import { bindLimits } from './select-clauses.ts';

/** Binds a full query (WITH, body, ORDER BY, LIMIT/OFFSET). */
export function bindQueryInner(q: Query, env: QueryEnv, opts: QueryOptions): SelectResult {
  const env2 = bindCtes(q, env);
  if (q.body.kind === 'Select') return bindSelect(q.body, q, env2, opts);
  const inner = blockOuter(env2);
  const r = bindBody(q.body, inner, opts);
  if (q.orderBy.length === 0 && !q.limit && !q.offset) return r;
  const keys: SortKey[] = q.orderBy.map((o) => {
    const e = o.expr;
    let index = -1;
    if (e.kind === 'ColumnRef' && !e.star && e.parts.length === 1) index = r.names.indexOf(e.parts[0]!);
    else if (e.kind === 'Literal' && e.value.type === 'number' && /^\d+$/.test(e.value.text)) {
      index = Number(e.value.text) - 1;
      if (index < 0 || index >= r.names.length) {
        throw bindError(SqlState.invalidColumnReference, `ORDER BY position ${index + 1} is not in select list`, e.pos);
      }
    }
    if (index < 0) {
      throw bindError(SqlState.featureNotSupported, 'invalid UNION/INTERSECT/EXCEPT ORDER BY clause', e.pos, {
        detail: 'Only result column names can be used, not expressions or functions.',
      });
    }
    return { index, ...sortFlags(o.direction, o.nulls) };
  });
  const { limit, offset } = bindLimits(q, inner);
  return { plan: sort(r.plan, keys, limit, offset), names: r.names };
}

function bindCtes(q: Query, env: QueryEnv): QueryEnv {
  if (q.with.length === 0) return env;
  if (q.recursive) throw bindError(SqlState.featureNotSupported, 'WITH RECURSIVE is not supported', q.pos);
  const ctes = new Map<string, CteBinding>(env.ctes);
  const defined = new Set<string>();
  for (const cte of q.with) {
    if (defined.has(cte.name)) throw bindError('42712', `WITH query name "${cte.name}" specified more than once`, cte.pos);
    defined.add(cte.name);
    const r = bindQueryInner(cte.query, { ...blockOuter(env), ctes }, {});
    const cols = cte.columns ?? [];
    if (cols.length > r.names.length) {
      throw bindError(SqlState.invalidColumnReference, `WITH query "${cte.name}" has ${r.names.length} columns available but ${cols.length} columns specified`, cte.pos);
    }
    ctes.set(cte.name, { plan: r.plan, names: r.names.map((n, i) => cols[i] ?? n) });
  }
  return { ...env, ctes };
}

/** Binds a query body without ORDER BY / LIMIT. */
export function bindBody(body: QueryBody, env: QueryEnv, opts: QueryOptions): SelectResult {
  switch (body.kind) {
    case 'Select':
      return bindSelect(body, { orderBy: [] }, env, opts);
    case 'Values':
      return bindValues(body, env, opts);
    case 'SetOp':
      return bindSetOp(body, env);
    case 'NestedQuery':
      return bindQueryInner(body.query, env, opts);
    default:
      return assertNever(body, 'query body');
  }
}

function castColumns(plan: LogicalPlan, exprs: readonly BoundExpr[]): LogicalPlan {
  if (exprs.every((e, i) => e.kind === 'ColRef' && e.index === i)) return plan;
  return project(plan, exprs, plan.schema.map((f) => f.name));
}

/** Where PostgreSQL points for column `i` of a set-operation operand: that select-list item, else the operand. */
function columnPos(b: QueryBody, i: number): number {
  return b.kind === 'Select' ? (b.items[i]?.pos ?? b.items[0]?.pos ?? b.pos) : b.pos;
}

function bindSetOp(s: SetOp, env: QueryEnv): SelectResult {
  const l = bindBody(s.left, env, { keepUnknown: true });
  const r = bindBody(s.right, env, { keepUnknown: true });
  const what = s.op.toUpperCase();
  if (l.names.length !== r.names.length) throw bindError(SqlState.syntaxError, `each ${what} query must have the same number of columns`, columnPos(s.right, 0));
  const lc: BoundExpr[] = [];
  const rc: BoundExpr[] = [];
  l.plan.schema.forEach((lf, i) => {
    const rf = r.plan.schema[i]!;
    const { exprs } = unify(
      [
        { expr: { kind: 'ColRef', index: i, type: lf.type }, pos: columnPos(s.left, i) },
        { expr: { kind: 'ColRef', index: i, type: rf.type }, pos: columnPos(s.right, i) },
      ],
      what,
      env.state.ctx,
    );
    lc.push(exprs[0]!);
    rc.push(exprs[1]!);
  });
  const schema = lc.map((e, i) => ({ name: l.names[i]!, type: e.type, nullable: l.plan.schema[i]!.nullable || r.plan.schema[i]!.nullable }));
  const plan: LogicalPlan = { kind: 'SetOp', op: s.op, all: s.all, inputs: [castColumns(l.plan, lc), castColumns(r.plan, rc)], schema };
  return { plan, names: l.names };
}

/** Binds VALUES: rows of equal length, each column unified to one type; columns named column1…columnN. */
export function bindValues(v: Values, env: QueryEnv, opts: QueryOptions): SelectResult {
  void opts;
  const cx: ExprContext = { scope: Scope.empty, env, clause: 'VALUES', hooks: {}, outerAllowed: false };
  const width = v.rows[0]?.length ?? 0;
  for (const row of v.rows) {
    if (row.length !== width) throw bindError(SqlState.syntaxError, 'VALUES lists must all be the same length', row[0]?.pos ?? v.pos);
  }
  const bound = v.rows.map((row) => row.map((e) => ({ expr: bindExpr(e, cx), pos: e.pos })));
  const columns = [...Array(width).keys()].map((c) => unify(bound.map((row) => row[c]!), 'VALUES', env.state.ctx));
  const rows = bound.map((_, r) => columns.map((col) => col.exprs[r]!));
  const names = columns.map((_, i) => `column${i + 1}`);
  const schema = columns.map((col, i) => ({
    name: names[i]!,
    type: col.type,
    nullable: rows.some((row) => !(row[i]!.kind === 'Const' && row[i]!.value !== null)),
  }));
  return { plan: { kind: 'Values', rows, schema }, names };
}
