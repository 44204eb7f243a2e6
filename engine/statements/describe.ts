/**
 * Describe (extended protocol): parameter types and result columns of a statement without running
 * it. Queries and DML are bound (inferring `$n` types as PostgreSQL does); statements without side
 * effects that return rows (SHOW, EXPLAIN, DESCRIBE) are run to learn their columns.
 */
import { T } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import type { ParsedStatement } from '../../parser/ast.ts';
import { bindDelete, bindInsert, bindQuery, bindUpdate } from '../../planner/binder/index.ts';
import type { ResultColumn, StatementDescription } from '../api.ts';
import type { EngineSession } from '../session.ts';
import { resultColumns } from './columns.ts';
import { explainLines } from './query.ts';
import { showColumns } from './show.ts';
import { subscribeColumns } from './streaming.ts';

/** Describes `stmt`; `paramTypes` holds declared types (undefined = infer) and is completed in place. */
export function describeStatement(session: EngineSession, stmt: ParsedStatement, paramTypes: (SqlType | undefined)[]): StatementDescription {
  const s = stmt.statement;
  const bindCtx = { catalog: session.db.catalog, paramTypes };
  let columns: ResultColumn[] | undefined;
  switch (s.kind) {
    case 'QueryStatement': {
      const b = bindQuery(s.query, bindCtx);
      columns = resultColumns(b.columnNames, b.plan.schema.map((f) => f.type));
      break;
    }
    case 'Insert':
      bindInsert(s, bindCtx);
      break;
    case 'Update':
      bindUpdate(s, bindCtx);
      break;
    case 'Delete':
      bindDelete(s, bindCtx);
      break;
    case 'Show':
    case 'Describe':
      columns = showColumns(s, session);
      break;
    case 'Explain':
      explainLines(s, { session, db: session.db, params: [], paramTypes, signal: new AbortController().signal, text: stmt.text });
      columns = resultColumns(['QUERY PLAN'], [T.text]);
      break;
    case 'Subscribe':
      columns = subscribeColumns(s, session);
      break;
    case 'Fetch': {
      const c = session.cursors.get(s.cursor);
      columns = c ? [...c.cursor.columns] : undefined;
      break;
    }
    default:
      columns = undefined;
  }
  return { params: paramTypes.map((t) => t ?? T.text), columns };
}
