/**
 * prune-columns: projection pruning. Walks the plan top-down with the set of columns each node's
 * consumer needs, narrows Scans to the columns read, drops unused projections and aggregate calls,
 * and renumbers every expression. The root keeps its schema exactly.
 */
import type { BoundExpr } from '../../logical/expr.ts';
import { columnsUsed, remapColumns } from '../../logical/expr.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';

interface Pruned {
  readonly plan: LogicalPlan;
  /** Old output index → new output index, for every column still present. */
  readonly map: ReadonlyMap<number, number>;
}

function identity(n: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < n; i++) m.set(i, i);
  return m;
}

function remap(e: BoundExpr, map: ReadonlyMap<number, number>): BoundExpr {
  return remapColumns(e, (i) => {
    const j = map.get(i);
    if (j === undefined) throw new Error(`prune-columns: column ${i} was pruned but is used`);
    return j;
  });
}

function all(n: number): Set<number> {
  return new Set(Array.from({ length: n }, (_, i) => i));
}

let changed = false;

function prune(p: LogicalPlan, need: ReadonlySet<number>): Pruned {
  switch (p.kind) {
    case 'Scan': {
      const keep = p.columns.map((c, i) => [c, i] as const).filter(([, i]) => need.has(i));
      if (keep.length === p.columns.length) return { plan: p, map: identity(p.columns.length) };
      changed = true;
      const map = new Map<number, number>();
      keep.forEach(([, i], j) => map.set(i, j));
      return {
        plan: { ...p, columns: keep.map(([c]) => c), schema: keep.map(([, i]) => p.schema[i]!) },
        map,
      };
    }
    case 'Project': {
      const keepIdx = p.exprs.map((_, i) => i).filter((i) => need.has(i));
      const used = new Set<number>();
      for (const i of keepIdx) columnsUsed(p.exprs[i]!, used);
      const inner = prune(p.input, used);
      if (keepIdx.length < p.exprs.length) changed = true;
      const map = new Map<number, number>();
      keepIdx.forEach((i, j) => map.set(i, j));
      return {
        plan: { ...p, input: inner.plan, exprs: keepIdx.map((i) => remap(p.exprs[i]!, inner.map)), schema: keepIdx.map((i) => p.schema[i]!) },
        map,
      };
    }
    case 'Filter': {
      const used = new Set(need);
      columnsUsed(p.predicate, used);
      const inner = prune(p.input, used);
      return { plan: { ...p, input: inner.plan, predicate: remap(p.predicate, inner.map), schema: inner.plan.schema }, map: inner.map };
    }
    case 'Aggregate': {
      const nk = p.groupKeys.length;
      const keepAggs = p.aggs.map((_, i) => i).filter((i) => need.has(nk + i));
      if (keepAggs.length < p.aggs.length) changed = true;
      const used = new Set<number>(p.groupKeys);
      p.partitionBy?.forEach((x) => used.add(x));
      for (const i of keepAggs) {
        const a = p.aggs[i]!;
        a.args.forEach((x) => used.add(x));
        if (a.filter !== undefined) used.add(a.filter);
        a.orderBy.forEach((k) => used.add(k.index));
      }
      const inner = prune(p.input, used);
      const m = (i: number) => inner.map.get(i)!;
      const map = identity(nk);
      keepAggs.forEach((i, j) => map.set(nk + i, nk + j));
      return {
        plan: {
          ...p,
          input: inner.plan,
          groupKeys: p.groupKeys.map(m),
          ...(p.partitionBy ? { partitionBy: p.partitionBy.map(m) } : {}),
          aggs: keepAggs.map((i) => {
            const a = p.aggs[i]!;
            return { ...a, args: a.args.map(m), filter: a.filter === undefined ? undefined : m(a.filter), orderBy: a.orderBy.map((k) => ({ ...k, index: m(k.index) })) };
          }),
          schema: [...p.schema.slice(0, nk), ...keepAggs.map((i) => p.schema[nk + i]!)],
        },
        map,
      };
    }
    case 'Join': {
      const nl = p.left.schema.length;
      const used = new Set(need);
      if (p.condition) columnsUsed(p.condition, used);
      const semi = p.joinType === 'semi' || p.joinType === 'anti';
      const leftNeed = new Set([...used].filter((i) => i < nl));
      const rightNeed = new Set([...used].filter((i) => i >= nl).map((i) => i - nl));
      // Keep at least one column per side so row multiplicity survives.
      if (leftNeed.size === 0) leftNeed.add(0);
      if (rightNeed.size === 0 && p.right.schema.length > 0) rightNeed.add(0);
      const l = prune(p.left, leftNeed);
      const r = prune(p.right, rightNeed);
      const nlNew = l.plan.schema.length;
      const condMap = new Map<number, number>();
      for (const [o, n] of l.map) condMap.set(o, n);
      for (const [o, n] of r.map) condMap.set(o + nl, n + nlNew);
      const schema = semi ? l.plan.schema : [...l.plan.schema, ...r.plan.schema];
      return {
        plan: { ...p, left: l.plan, right: r.plan, condition: p.condition ? remap(p.condition, condMap) : undefined, schema },
        map: semi ? l.map : condMap,
      };
    }
    case 'Sort': {
      const used = new Set(need);
      p.keys.forEach((k) => used.add(k.index));
      const inner = prune(p.input, used);
      return {
        plan: { ...p, input: inner.plan, keys: p.keys.map((k) => ({ ...k, index: inner.map.get(k.index)! })), schema: inner.plan.schema },
        map: inner.map,
      };
    }
    case 'Window': {
      const n = p.input.schema.length;
      const used = new Set([...need].filter((i) => i < n));
      p.partitionKeys.forEach((k) => used.add(k));
      p.orderKeys.forEach((k) => used.add(k.index));
      p.calls.forEach((c) => c.args.forEach((a) => used.add(a)));
      const inner = prune(p.input, used);
      const m = (i: number) => inner.map.get(i)!;
      const nNew = inner.plan.schema.length;
      const map = new Map(inner.map);
      p.calls.forEach((_, j) => map.set(n + j, nNew + j));
      return {
        plan: {
          ...p,
          input: inner.plan,
          partitionKeys: p.partitionKeys.map(m),
          orderKeys: p.orderKeys.map((k) => ({ ...k, index: m(k.index) })),
          calls: p.calls.map((c) => ({ ...c, args: c.args.map(m) })),
          schema: [...inner.plan.schema, ...p.schema.slice(n)],
        },
        map,
      };
    }
    case 'Rank': {
      // Columns above need, plus the ranking's own; the rank column goes when nothing above reads
      // it (no-ranking output).
      const n = p.input.schema.length;
      const used = new Set([...need].filter((i) => i < n));
      p.partitionKeys.forEach((k) => used.add(k));
      p.orderKeys.forEach((k) => used.add(k.index));
      const inner = prune(p.input, used);
      const m = (i: number) => inner.map.get(i)!;
      const nNew = inner.plan.schema.length;
      const keepRank = p.outputRankNumber && need.has(n);
      if (keepRank !== p.outputRankNumber) changed = true;
      const map = new Map(inner.map);
      if (keepRank) map.set(n, nNew);
      return {
        plan: {
          ...p,
          input: inner.plan,
          partitionKeys: p.partitionKeys.map(m),
          orderKeys: p.orderKeys.map((k) => ({ ...k, index: m(k.index) })),
          outputRankNumber: keepRank,
          schema: keepRank ? [...inner.plan.schema, p.schema[n]!] : inner.plan.schema,
        },
        map,
      };
    }
    case 'Deduplicate': {
      const used = new Set(need);
      p.keys.forEach((k) => used.add(k));
      used.add(p.orderKey.index);
      const inner = prune(p.input, used);
      const m = (i: number) => inner.map.get(i)!;
      return {
        plan: { ...p, input: inner.plan, keys: p.keys.map(m), orderKey: { ...p.orderKey, index: m(p.orderKey.index) }, schema: inner.plan.schema },
        map: inner.map,
      };
    }
    case 'LookupJoin': {
      const n = p.input.schema.length;
      const used = new Set([...need].filter((i) => i < n));
      p.inputKeys.forEach((k) => used.add(k));
      if (p.condition) for (const i of columnsUsed(p.condition)) if (i < n) used.add(i);
      const inner = prune(p.input, used);
      const nNew = inner.plan.schema.length;
      const map = new Map(inner.map);
      for (let j = n; j < p.schema.length; j++) map.set(j, nNew + j - n);
      return {
        plan: {
          ...p,
          input: inner.plan,
          inputKeys: p.inputKeys.map((k) => inner.map.get(k)!),
          condition: p.condition ? remap(p.condition, map) : undefined,
          schema: [...inner.plan.schema, ...p.schema.slice(n)],
        },
        map,
      };
    }
    case 'Correlate': {
      // Input columns above need and the calls read; the calls' columns stay (they set the row count).
      const n = p.input.schema.length;
      const used = new Set([...need].filter((i) => i < n));
      for (const c of p.calls) for (const a of c.args) columnsUsed(a, used);
      const inner = prune(p.input, used);
      const nNew = inner.plan.schema.length;
      const map = new Map(inner.map);
      for (let j = n; j < p.schema.length; j++) map.set(j, nNew + j - n);
      return {
        plan: {
          ...p,
          input: inner.plan,
          calls: p.calls.map((c) => ({ ...c, args: c.args.map((a) => remap(a, inner.map)) })),
          schema: [...inner.plan.schema, ...p.schema.slice(n)],
        },
        map,
      };
    }
    case 'SubqueryFilter':
    case 'ScalarSubqueryJoin': {
      // Not decorrelated yet (the decorrelate-* rules run first): every column below it is kept.
      const input = prune(p.input, all(p.input.schema.length)).plan;
      const subquery = prune(p.subquery, all(p.subquery.schema.length)).plan;
      return { plan: { ...p, input, subquery }, map: identity(p.schema.length) };
    }
    case 'SetOp': {
      const inputs = p.inputs.map((i) => prune(i, all(i.schema.length)).plan);
      return { plan: { ...p, inputs }, map: identity(p.schema.length) };
    }
    case 'Values':
    case 'TableFunction':
      return { plan: p, map: identity(p.schema.length) };
  }
}

export const pruneColumns: OptimizerRule = {
  name: 'prune-columns',
  apply(plan) {
    changed = false;
    const r = prune(plan, all(plan.schema.length));
    if (!changed) return { changed: false, plan };
    const n = plan.schema.length;
    const isIdentity = r.plan.schema.length === n && [...r.map].every(([o, x]) => o === x);
    if (isIdentity) return { changed: true, plan: r.plan };
    return {
      changed: true,
      plan: {
        kind: 'Project',
        input: r.plan,
        exprs: plan.schema.map((f, i) => ({ kind: 'ColRef', index: r.map.get(i)!, type: f.type })),
        schema: plan.schema,
      },
    };
  },
};
