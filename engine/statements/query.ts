/**
 * SELECT (a bounded query on a consistent snapshot of DML tables and materialized views, run by the
 * same operators as continuous jobs) and EXPLAIN [CHANGELOG_MODE] of queries, views and INSERT jobs.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { Explain, QueryStatement } from '../../parser/ast.ts';
import { explainLogical } from '../../planner/logical/explain.ts';
import { explainPhysical } from '../../planner/physical/explain.ts';
import { bindInsert } from '../../planner/binder/index.ts';
import { optimize } from '../../planner/optimizer/optimizer.ts';
import type { StatementResult } from '../api.ts';
import { ArrayCursor } from '../cursor.ts';
import type { StatementContext } from '../session.ts';
import { resultColumns, rowsOf, textColumns } from './columns.ts';
import { insertSourcePlan } from './dml.ts';
import type { PhysicalRoot } from '../database.ts';

/** Runs a SELECT to completion and returns its rows. */
export async function executeQuery(s: QueryStatement, ctx: StatementContext): Promise<StatementResult> {
  const config = ctx.session.settings.config();
  const planned = ctx.db.planQuery(s.query, ctx.paramTypes, config, ctx.params);
  const physical = ctx.db.physical(planned.optimized, true, { config });
  const rows = rowsOf(ctx.db.runBounded(physical, config));
  return { kind: 'rows', cursor: new ArrayCursor(resultColumns(planned.columnNames, physical.types), rows) };
}

/** The EXPLAIN text of a statement, as lines. */
export function explainLines(s: Explain, ctx: StatementContext): string[] {
  const config = ctx.session.settings.config();
  const st = s.statement;
  const sections = (logical: Parameters<typeof explainLogical>[0], optimized: typeof logical, bounded: boolean, root?: string, consumer?: PhysicalRoot) => {
    const physical = ctx.db.physical(optimized, bounded, { config, root: consumer });
    return [
      '== Abstract Syntax Tree ==',
      explainLogical(logical),
      '',
      '== Optimized Logical Plan ==',
      explainLogical(optimized),
      '',
      '== Physical Plan ==',
      explainPhysical(physical, { changelogMode: s.changelogMode, root }),
    ].join('\n');
  };
  let text: string;
  switch (st.kind) {
    case 'QueryStatement': {
      const p = ctx.db.planQuery(st.query, ctx.paramTypes, config);
      text = sections(p.logical, p.optimized, true);
      break;
    }
    case 'CreateView': {
      const p = ctx.db.planQuery(st.query, ctx.paramTypes, config);
      text = sections(p.logical, p.optimized, !st.materialized, st.materialized ? `Materialize(view=[${st.name.parts.at(-1)}])` : undefined, st.materialized ? 'materialize' : undefined);
      break;
    }
    case 'Insert': {
      const bound = bindInsert(st, { catalog: ctx.db.catalog, paramTypes: ctx.paramTypes });
      const logical = insertSourcePlan(bound, ctx.db.catalog);
      const optimized = optimize(logical, { config });
      const mode = s.changelogMode ? ', changelogMode=[NONE]' : '';
      text = sections(logical, optimized, false, `Sink(table=[${bound.table.name}]${mode})`, { sink: bound.table });
      break;
    }
    case 'Subscribe': {
      if (st.target.kind !== 'query') throw new SqlError(SqlState.featureNotSupported, 'EXPLAIN SUBSCRIBE needs a query');
      const p = ctx.db.planQuery(st.target.query, ctx.paramTypes, config);
      text = sections(p.logical, p.optimized, false, 'Subscribe', 'materialize');
      break;
    }
    default:
      throw new SqlError(SqlState.featureNotSupported, `EXPLAIN is not supported for ${st.kind} statements`);
  }
  return text.split('\n');
}

/** EXPLAIN: one `QUERY PLAN` row per line, as PostgreSQL returns it. */
export async function executeExplain(s: Explain, ctx: StatementContext): Promise<StatementResult> {
  const lines = explainLines(s, ctx);
  return { kind: 'rows', cursor: new ArrayCursor(textColumns('QUERY PLAN'), lines.map((l) => [l]), (n) => `EXPLAIN`) };
}
