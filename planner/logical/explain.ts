/**
 * EXPLAIN text of a logical plan: one node a line, children indented under `+- ` as Flink prints
 * plans; expressions name input columns by their field names.
 */
import { explainExpr } from './expr.ts';
import type { LogicalPlan, SortKey } from './plan.ts';
import { inputsOf } from './plan.ts';

/** `name DESC NULLS FIRST`-style text of sort keys over `names`. */
export function explainSortKeys(keys: readonly SortKey[], names: readonly string[]): string {
  return keys.map((k) => `${names[k.index] ?? `$${k.index}`} ${k.desc ? 'DESC' : 'ASC'}${k.nullsFirst !== k.desc ? (k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`).join(', ');
}

function describe(p: LogicalPlan): string {
  const inNames = (i = 0) => inputsOf(p)[i]?.schema.map((f) => f.name) ?? [];
  switch (p.kind) {
    case 'Scan':
      return `Scan(table=[${p.relation.name}], fields=[${p.schema.map((f) => f.name).join(', ')}])`;
    case 'Values':
      return `Values(rows=${p.rows.length}, fields=[${p.schema.map((f) => f.name).join(', ')}])`;
    case 'Project':
      return `Project(${p.exprs.map((e, i) => `${p.schema[i]!.name}=[${explainExpr(e, inNames())}]`).join(', ')})`;
    case 'Filter':
      return `Filter(condition=[${explainExpr(p.predicate, inNames())}])`;
    case 'Aggregate': {
      const names = inNames();
      const aggs = p.aggs.map((a) => `${a.name}=[${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map((x) => names[x]).join(', ')})${a.filter !== undefined ? ` FILTER ${names[a.filter]}` : ''}]`);
      const part = p.partitionBy ? `, partitionBy=[${p.partitionBy.map((k) => names[k]).join(', ')}]` : '';
      return `Aggregate(group=[${p.groupKeys.map((k) => names[k]).join(', ')}]${part}${aggs.length ? `, ${aggs.join(', ')}` : ''})`;
    }
    case 'Join': {
      const names = [...p.left.schema, ...p.right.schema].map((f) => f.name);
      return `Join(joinType=[${p.joinType}], condition=[${p.condition ? explainExpr(p.condition, names) : 'true'}])`;
    }
    case 'SubqueryFilter': {
      const names = [...p.input.schema, ...p.subquery.schema].map((f) => f.name);
      const what = `${p.negated ? 'NOT ' : ''}${p.predicate === 'exists' ? 'EXISTS' : 'IN'}`;
      const ops = p.predicate === 'in' ? `, operands=[${p.operands.map((e) => explainExpr(e, inNames())).join(', ')}], comparisons=[${p.comparisons.map((e) => explainExpr(e, names)).join(', ')}]` : '';
      return `SubqueryFilter(predicate=[${what}]${ops}${p.correlation ? `, correlation=[${explainExpr(p.correlation, names)}]` : ''})`;
    }
    case 'ScalarSubqueryJoin': {
      const sub = p.subquery.schema.map((f) => f.name);
      const names = [...p.input.schema.map((f) => f.name), ...sub];
      const hidden = sub.length > 1 ? `, hidden=[${sub.slice(1).join(', ')}]` : '';
      return `ScalarSubqueryJoin(value=[${sub[0]}]${hidden}${p.correlation ? `, correlation=[${explainExpr(p.correlation, names)}]` : ''}${p.bareCount ? ', bareCount=[true]' : ''})`;
    }
    case 'SetOp':
      return `${p.op === 'union' ? 'Union' : p.op === 'intersect' ? 'Intersect' : 'Except'}(all=[${p.all}])`;
    case 'Sort':
      return `Sort(orderBy=[${explainSortKeys(p.keys, inNames())}]${p.limit !== undefined ? `, limit=[${p.limit}]` : ''}${p.offset ? `, offset=[${p.offset}]` : ''})`;
    case 'Window': {
      const names = inNames();
      return `Window(partitionBy=[${p.partitionKeys.map((k) => names[k]).join(', ')}], orderBy=[${explainSortKeys(p.orderKeys, names)}], calls=[${p.calls.map((c) => `${c.name}=${c.fn}(${c.args.map((a) => names[a]).join(', ')})`).join(', ')}])`;
    }
    case 'TableFunction':
      return `TableFunction(${p.fn})`;
    case 'Correlate': {
      const names = inNames();
      return `Correlate(invocation=[${p.calls.map((c) => `${c.fn}(${c.args.map((a) => explainExpr(a, names)).join(', ')})`).join(', ')}]${p.ordinality ? ', ordinality=[true]' : ''})`;
    }
    case 'Rank': {
      const names = inNames();
      return `Rank(rankType=[${p.rankType}], rankRange=[rankStart=${p.rankStart}, rankEnd=${p.rankEnd}], partitionBy=[${p.partitionKeys.map((k) => names[k]).join(', ')}], orderBy=[${explainSortKeys(p.orderKeys, names)}], select=[${p.schema.map((f) => f.name).join(', ')}])`;
    }
    case 'Deduplicate': {
      const names = inNames();
      return `Deduplicate(keep=[${p.keep === 'first' ? 'FirstRow' : 'LastRow'}], key=[${p.keys.map((k) => names[k]).join(', ')}], order=[${p.time === 'proctime' ? 'PROCTIME' : `ROWTIME ${names[p.orderKey.index]}`}])`;
    }
    case 'LookupJoin':
      return `LookupJoin(table=[${p.relation.name}], joinType=[${p.joinType}], on=[${p.inputKeys.map((k, i) => `${inNames()[k]}=${p.relation.columns[p.lookupKeys[i]!]!.name}`).join(', ')}])`;
  }
}

/** The plan as indented text, one node a line. */
export function explainLogical(plan: LogicalPlan): string {
  const lines: string[] = [];
  const walk = (p: LogicalPlan, prefix: string, childPrefix: string) => {
    lines.push(prefix + describe(p));
    const ins = inputsOf(p);
    ins.forEach((c, i) => walk(c, `${childPrefix}${i === ins.length - 1 ? '+- ' : ':- '}`, `${childPrefix}${i === ins.length - 1 ? '   ' : ':  '}`));
  };
  walk(plan, '', '');
  return lines.join('\n');
}
