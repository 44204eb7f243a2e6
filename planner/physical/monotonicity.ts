/**
 * How a column of an updating stream changes for one upsert key across its updates (Flink's
 * FlinkRelMdModifiedMonotonicity, simplified): 'constant' (group keys), 'increasing' (count(*),
 * count(x) and max(x) of a group aggregation over insert-only input), 'decreasing' (min(x) of one),
 * or 'not' (anything else, sum(x) included: its argument may be negative). Read through Calcs that
 * pass the column on unchanged. Used to pick a Rank's UpdateFastStrategy.
 */
import type { PhysicalNode } from './plan.ts';
import { isInsertOnly, physicalInputs } from './plan.ts';

export type Monotonicity = 'constant' | 'increasing' | 'decreasing' | 'not';

/** The monotonicity of column `col` of `n`. */
export function columnMonotonicity(n: PhysicalNode, col: number): Monotonicity {
  switch (n.kind) {
    case 'Calc': {
      if (!n.projection) return columnMonotonicity(n.input, col);
      const e = n.projection[col]!;
      if (e.kind === 'ColRef') return columnMonotonicity(n.input, e.index);
      return e.kind === 'Const' ? 'constant' : 'not';
    }
    case 'GroupAggregate':
    case 'GlobalGroupAggregate': {
      const source = n.kind === 'GroupAggregate' ? n.input : physicalInputs(n.input)[0] ?? n.input;
      if (!isInsertOnly(source.mode)) return 'not';
      if (col < n.groupKeys.length) return 'constant';
      const fn = n.aggs[col - n.groupKeys.length]!.fn;
      if (fn === 'count' || fn === 'count_star' || fn === 'max') return 'increasing';
      if (fn === 'min') return 'decreasing';
      return 'not';
    }
    default:
      return 'not';
  }
}
