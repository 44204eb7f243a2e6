/**
 * EXPLAIN text of a physical stream plan, optionally with each node's changelog mode and upsert key
 * (EXPLAIN CHANGELOG_MODE), in the shape Flink prints: `GroupAggregate(groupBy=[auction], select=[…],
 * changelogMode=[I,UB,UA,D], upsertKey=[auction])`.
 */
import { explainExpr } from '../logical/expr.ts';
import { explainSortKeys } from '../logical/explain.ts';
import type { AggCall } from '../logical/plan.ts';
import type { PhysicalNode } from './plan.ts';
import { formatMode, physicalInputs } from './plan.ts';
import { describeOver } from './explain-over.ts';

function describe(n: PhysicalNode): string {
  const ins = physicalInputs(n);
  const inNames = ins[0]?.names ?? [];
  switch (n.kind) {
    case 'TableSourceScan':
      return `TableSourceScan(table=[${n.table.name}], fields=[${n.names.join(', ')}])`;
    case 'StoredScan':
      return `StoredScan(${n.relation.kind === 'table' ? 'table' : 'view'}=[${n.relation.name}], fields=[${n.names.join(', ')}])`;
    case 'SystemScan':
      return `SystemScan(table=[${n.relation.schema}.${n.relation.name}], fields=[${n.names.join(', ')}])`;
    case 'Values':
      return `Values(rows=${n.rows.length})`;
    case 'Calc': {
      const parts = [];
      if (n.projection) parts.push(`select=[${n.projection.map((e, i) => { const t = explainExpr(e, inNames); return t === n.names[i] ? t : `${t} AS ${n.names[i]}`; }).join(', ')}]`);
      if (n.condition) parts.push(`where=[${explainExpr(n.condition, inNames)}]`);
      return `Calc(${parts.join(', ')})`;
    }
    case 'Correlate':
      return `Correlate(invocation=[${n.calls.map((c) => `${c.fn}(${c.args.map((a) => explainExpr(a, inNames)).join(', ')})`).join(', ')}], select=[${n.names.join(', ')}])`;
    case 'GroupAggregate':
      return `GroupAggregate(${describeAgg(n.groupKeys.map((k) => inNames[k]!), n.aggs, inNames)}${n.partitionBy ? `, partitionBy=[${n.partitionBy.map((k) => inNames[k]!).join(', ')}]` : ''})`;
    case 'MiniBatchAssigner':
      return `MiniBatchAssigner(interval=[${n.intervalMs}ms], mode=[ProcTime])`;
    case 'LocalGroupAggregate':
      return `LocalGroupAggregate(${describeAgg(n.groupKeys.map((k) => inNames[k]!), n.aggs, inNames)})`;
    case 'GlobalGroupAggregate':
      return `GlobalGroupAggregate(${describeAgg(n.groupKeys.map((k) => inNames[k]!), n.aggs, n.localInputNames)})`;
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
    case 'Rank':
      return `Rank(strategy=[${n.strategy}], rankType=[${n.rankType}], rankRange=[rankStart=${n.rankStart}, rankEnd=${n.rankEnd}], partitionBy=[${n.partitionKeys.map((k) => inNames[k]).join(', ')}], orderBy=[${explainSortKeys(n.orderKeys, inNames)}], select=[${n.names.join(', ')}])`;
    case 'Deduplicate':
      return `Deduplicate(keep=[${n.keep === 'first' ? 'FirstRow' : 'LastRow'}], key=[${n.keys.map((k) => inNames[k]).join(', ')}], order=[${n.time === 'proctime' ? 'PROCTIME' : `ROWTIME ${inNames[n.orderKey.index]}`}])`;
    case 'OverAggregate':
      return describeOver(n, inNames);
    case 'LookupJoin': {
      const dim = n.table.columns.map((c) => c.name);
      const lookup = n.lookupKeys.map((k, i) => `${dim[k]}=${inNames[n.inputKeys[i]!]}`).join(', ');
      const where = n.residual ? `, where=[${explainExpr(n.residual, [...inNames, ...dim])}]` : '';
      const type = n.joinType === 'left' ? 'LeftOuterJoin' : 'InnerJoin';
      return `LookupJoin(table=[${n.table.name}], joinType=[${type}], lookup=[${lookup}]${where}, select=[${n.names.join(', ')}]${n.async ? ', async=[true]' : ''})`;
    }
  }
}

/**
 * `groupBy=[k], select=[k, count_star() AS c, count(DISTINCT x) FILTER f AS d, …]` as Flink prints an
 * aggregation's arguments (FILTER naming its boolean input column).
 */
function describeAgg(keys: readonly string[], aggs: readonly AggCall[], argNames: readonly string[]): string {
  const calls = aggs.map((a) => {
    const filter = a.filter !== undefined ? ` FILTER ${argNames[a.filter]}` : '';
    return `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map((x) => argNames[x]).join(', ')})${filter} AS ${a.name}`;
  });
  return `${keys.length ? `groupBy=[${keys.join(', ')}], ` : ''}select=[${[...keys, ...calls].join(', ')}]`;
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
