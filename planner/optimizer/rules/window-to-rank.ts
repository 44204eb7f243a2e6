/**
 * window-to-rank: a Filter that bounds a ranking function computed by a Window becomes a Rank (as
 * Flink's FlinkLogicalRankRule). The Window must hold exactly one call, ROW_NUMBER, RANK or
 * DENSE_RANK; the Filter may sit on Projects over the Window (the bound is read through them). The
 * conjuncts that bound the rank column against an integer constant — `rn <= N`, `rn < N`, `rn = N`,
 * `rn >= a` / `rn > a` (so `rn BETWEEN a AND b`), and each of these written the other way round
 * (`N >= rn`) — define rankStart … rankEnd; an upper bound is required. Every other conjunct stays in
 * a Filter above. The Rank is made with `outputRankNumber` true; prune-columns drops the rank column
 * when nothing above reads it ("no-ranking output").
 */
import type { BoundExpr } from '../../logical/expr.ts';
import { andAll, conjuncts, substitute } from '../../logical/expr-utils.ts';
import type { LogicalPlan, Project, RankType } from '../../logical/plan.ts';
import { getFunction } from '../../../executor/expr/functions/registry.ts';
import type { OptimizerRule } from '../rule.ts';
import { transformUp } from '../rule.ts';

const RANK_TYPES: Readonly<Record<string, RankType>> = { row_number: 'ROW_NUMBER', rank: 'RANK', dense_rank: 'DENSE_RANK' };

/** The same comparison with its operands swapped (`N >= rn` is `rn <= N`). */
const FLIPPED: Readonly<Record<string, string>> = { '<=': '>=', '<': '>', '=': '=', '>=': '<=', '>': '<' };

/** `{ op, value }` when `e` compares column `rc` with an integer constant, else undefined. */
export function rankBound(e: BoundExpr, rc: number): { op: string; value: number } | undefined {
  if (e.kind !== 'Call' || e.args.length !== 2) return undefined;
  const name = getFunction(e.fn).name;
  if (!(name in FLIPPED)) return undefined;
  const [a, b] = e.args as [BoundExpr, BoundExpr];
  const isRank = (x: BoundExpr) => x.kind === 'ColRef' && x.index === rc;
  const constOf = (x: BoundExpr): number | undefined => {
    const c = x.kind === 'Cast' ? x.operand : x;
    if (c.kind !== 'Const' || (typeof c.value !== 'number' && typeof c.value !== 'bigint')) return undefined;
    const v = Number(c.value);
    return Number.isInteger(v) ? v : undefined;
  };
  if (isRank(a) && constOf(b) !== undefined) return { op: name, value: constOf(b)! };
  if (isRank(b) && constOf(a) !== undefined) return { op: FLIPPED[name]!, value: constOf(a)! };
  return undefined;
}

function toRank(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'Filter') return p;
  const projects: Project[] = [];
  let cur = p.input;
  while (cur.kind === 'Project') {
    projects.push(cur);
    cur = cur.input;
  }
  if (cur.kind !== 'Window' || cur.calls.length !== 1) return p;
  const w = cur;
  const rankType = RANK_TYPES[w.calls[0]!.fn];
  if (!rankType) return p;
  const rc = w.input.schema.length;
  let start = 1;
  let end = Infinity;
  let bounded = false;
  const rest: BoundExpr[] = [];
  for (const c of conjuncts(p.predicate)) {
    let s = c;
    for (const pr of projects) s = substitute(s, pr.exprs);
    const b = rankBound(s, rc);
    if (!b) {
      rest.push(c);
      continue;
    }
    bounded = true;
    if (b.op === '<=' || b.op === '=') end = Math.min(end, b.value);
    if (b.op === '<') end = Math.min(end, b.value - 1);
    if (b.op === '>=' || b.op === '=') start = Math.max(start, b.value);
    if (b.op === '>') start = Math.max(start, b.value + 1);
  }
  if (!bounded || end === Infinity || start > end) return p;
  let node: LogicalPlan = {
    kind: 'Rank',
    input: w.input,
    rankType,
    partitionKeys: w.partitionKeys,
    orderKeys: w.orderKeys,
    rankStart: start,
    rankEnd: end,
    outputRankNumber: true,
    schema: w.schema,
  };
  for (let i = projects.length - 1; i >= 0; i--) node = { ...projects[i]!, input: node };
  const residual = andAll(rest);
  return residual ? { kind: 'Filter', input: node, predicate: residual, schema: p.schema } : node;
}

export const windowToRank: OptimizerRule = {
  name: 'window-to-rank',
  apply: (plan) => transformUp(plan, toRank),
};
