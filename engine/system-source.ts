/**
 * The source of a SystemScan (a pg_catalog / information_schema relation): when the query starts it
 * computes the relation's rows from the statement's system context (catalog/pg-catalog/context.ts),
 * picks the scanned columns, emits them as one +I batch and ends. Bounded queries only.
 */
import { RowBatchBuilder, RowKind } from '../executor/row/binary-row.ts';
import type { Output } from '../executor/operators/operator.ts';
import { systemContext } from '../catalog/pg-catalog/context.ts';
import type { SystemScan } from '../planner/physical/plan.ts';
import type { JobSource } from './job.ts';

/** A JobSource emitting a snapshot of `n.relation`'s rows into `out`. */
export function systemSource(n: SystemScan, out: Output): JobSource {
  return {
    passive: false,
    start: () => {
      const rows = n.relation.rows(systemContext(`${n.relation.schema}.${n.relation.name}`));
      if (rows.length === 0) return;
      const b = new RowBatchBuilder(n.types);
      for (const r of rows) b.addRow(RowKind.INSERT, n.columns.map((c) => r[c] ?? null));
      out.push({ kind: 'batch', batch: b.finish() });
    },
    pump: () => 'end',
    inject: (m) => out.push(m),
    close: () => {},
  };
}
