/**
 * EXPLAIN text of a physical stream plan, optionally with each node's changelog mode and upsert key
 * (EXPLAIN CHANGELOG_MODE), in the shape Flink prints: `GroupAggregate(groupBy=[auction], select=[…],
 * changelogMode=[I,UB,UA,D], upsertKey=[auction])`.
 */
import { explainExpr } from '../logical/expr.ts';
import { explainSortKeys } from '../logical/explain.ts';
import type { PhysicalNode } from './plan.ts';
import { formatMode, physicalInputs } from './plan.ts';

function describe(n: PhysicalNode): string {
  const ins = physicalInputs(n);
  const inNames = ins[0]?.names ?? [];
  switch (n.kind) {
    case 'TableSourceScan':
      return `TableSourceScan(table=[${n.table.name}], fields=[${n.names.join(', ')}])`;
    case 'StoredScan':
      return `StoredScan(${n.relation.kind === 'table' ? 'table' : 'view'}=[${n.relation.name}], fields=[${n.names.join(', ')}])`;
    case 'Values':
      return `Values(rows=${n.rows.length})`;
    case 'Calc': {
      const parts = [];
      if (n.projection) parts.push(`select=[${n.projection.map((e, i) => { const t = explainExpr(e, inNames); return t === n.names[i] ? t : `${t} AS ${n.names[i]}`; }).join(', ')}]`);
      if (n.condition) parts.push(`where=[${explainExpr(n.condition, inNames)}]`);
      return `Calc(${parts.join(', ')})`;
    }
    case 'GroupAggregate': {
      const aggs = n.aggs.map((a) => `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map((x) => inNames[x]).join(', ')}) AS ${a.name}`);
      return `GroupAggregate(${n.groupKeys.length ? `groupBy=[${n.groupKeys.map((k) => inNames[k]).join(', ')}], ` : ''}select=[${[...n.groupKeys.map((k) => inNames[k]), ...aggs].join(', ')}])`;
    }
    case 'Join': {
      const names = [...n.left.names, ...n.right.names];
      const keys = n.leftKeys.map((l, i) => `${n.left.names[l]}=${n.right.names[n.rightKeys[i]!]}`);
      return `Join(joinType=[${n.joinType}], keys=[${keys.join(', ')}]${n.residual ? `, where=[${explainExpr(n.residual, names)}]` : ''})`;
    }
    case 'Union':
      return `Union(all=[true])`;
    case 'SetOp':
      return `${n.op === 'intersect' ? 'Intersect' : 'Except'}(all=[${n.all}])`;
    case 'SortLimit':
      return `SortLimit(orderBy=[${explainSortKeys(n.keys, inNames)}]${n.limit !== undefined ? `, limit=[${n.limit}]` : ''}${n.offset ? `, offset=[${n.offset}]` : ''})`;
    case 'TopN':
      return `TopN(orderBy=[${explainSortKeys(n.keys, inNames)}], limit=[${n.limit}]${n.offset ? `, offset=[${n.offset}]` : ''})`;
  }
}

/** The plan as indented text; with `changelogMode`, each line ends in its mode and upsert key. */
export function explainPhysical(plan: PhysicalNode, opts: { changelogMode: boolean; root?: string }): string {
  const lines: string[] = [];
  const suffix = (n: PhysicalNode) => {
    if (!opts.changelogMode) return '';
    const key = n.upsertKey ? `, upsertKey=[${n.upsertKey.map((k) => n.names[k]).join(', ')}]` : '';
    return `, changelogMode=${formatMode(n.mode)}${key}`;
  };
  const walk = (n: PhysicalNode, prefix: string, childPrefix: string) => {
    const d = describe(n);
    lines.push(prefix + d.slice(0, -1) + suffix(n) + ')');
    const ins = physicalInputs(n);
    ins.forEach((c, i) => walk(c, `${childPrefix}${i === ins.length - 1 ? '+- ' : ':- '}`, `${childPrefix}${i === ins.length - 1 ? '   ' : ':  '}`));
  };
  if (opts.root) {
    lines.push(opts.root);
    walk(plan, '+- ', '   ');
  } else {
    walk(plan, '', '');
  }
  return lines.join('\n');
}
