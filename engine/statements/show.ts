/**
 * SHOW TABLES | VIEWS | MATERIALIZED VIEWS | JOBS | ALL | CREATE …, SHOW <parameter>, and DESCRIBE t.
 * Column shapes follow Flink SQL's client for the Flink statements and PostgreSQL for parameters.
 */
import { SqlError, SqlState, assertNever } from '../../common/errors.ts';
import { T, formatType } from '../../common/types.ts';
import type { Describe, Show } from '../../parser/ast.ts';
import type { RelationInfo } from '../../catalog/catalog.ts';
import type { ResultColumn, StatementResult, Value } from '../api.ts';
import { ArrayCursor } from '../cursor.ts';
import type { EngineSession, StatementContext } from '../session.ts';
import { textColumns } from './columns.ts';

/** The relation `name` (last part of a qualified name), or 42P01. */
export function lookupRelation(session: EngineSession, parts: readonly string[], pos: number): RelationInfo {
  const name = parts[parts.length - 1]!;
  if (parts.length > 1 && !['public', 'strom'].includes(parts[parts.length - 2]!)) {
    throw new SqlError(SqlState.undefinedTable, `relation "${parts.join('.')}" does not exist`, { position: pos + 1 });
  }
  const r = session.db.catalog.getRelation(name);
  if (!r) throw new SqlError(SqlState.undefinedTable, `relation "${name}" does not exist`, { position: pos + 1 });
  return r;
}

/** The columns a SHOW/DESCRIBE statement returns. */
export function showColumns(s: Show | Describe, session: EngineSession): ResultColumn[] {
  if (s.kind === 'Describe') return textColumns('name', 'type', 'null', 'key', 'extras', 'watermark');
  const t = s.target;
  switch (t.kind) {
    case 'tables':
    case 'views':
    case 'materialized views':
      return textColumns('name');
    case 'jobs':
      return [
        ...textColumns('id', 'statement', 'status'),
        { name: 'start_time', type: T.timestamptz, tableOid: 0, attnum: 0 },
        { name: 'end_time', type: T.timestamptz, tableOid: 0, attnum: 0 },
        ...textColumns('error'),
      ];
    case 'create':
      return textColumns('create statement');
    case 'all':
      return textColumns('name', 'setting', 'description');
    case 'variable':
      return textColumns(session.settings.show(t.name).name);
    default:
      return assertNever(t, 'SHOW target');
  }
}

function rows(s: Show | Describe, session: EngineSession): Value[][] {
  const cat = session.db.catalog;
  if (s.kind === 'Describe') {
    const r = lookupRelation(session, s.name.parts, s.pos);
    const pk = r.kind === 'table' ? r.primaryKey ?? [] : [];
    const wm = r.kind === 'table' ? r.watermark : undefined;
    return r.columns.map((c) => [
      c.name,
      formatType(c.type).toUpperCase(),
      c.nullable ? 'TRUE' : 'FALSE',
      pk.includes(c.name) ? `PRI(${pk.join(', ')})` : null,
      c.computed ? `AS ${c.computed}` : null,
      wm && wm.column === c.name ? wm.expr : null,
    ]);
  }
  const t = s.target;
  switch (t.kind) {
    case 'tables':
      return cat.relations().filter((r) => r.kind === 'table').map((r) => [r.name]);
    case 'views':
      return cat.relations().filter((r) => r.kind === 'view').map((r) => [r.name]);
    case 'materialized views':
      return cat.relations().filter((r) => r.kind === 'materialized view').map((r) => [r.name]);
    case 'jobs': {
      const live = session.db.jobs;
      const persisted = cat.jobs().map((j) => live.get(j.id)?.record ?? j);
      const transient = [...live.values()].filter((j) => j.record.kind === 'subscribe').map((j) => j.record);
      return [...persisted, ...transient]
        .map((j) => [j.id, j.statement, j.status, j.startedAt * 1000, j.endedAt === undefined ? null : j.endedAt * 1000, j.error ?? null]);
    }
    case 'create': {
      const r = lookupRelation(session, t.name.parts, t.name.pos);
      const want = t.objectKind === 'table' ? 'table' : t.objectKind;
      if (r.kind !== want) throw new SqlError(SqlState.wrongObjectType, `"${r.name}" is not a ${want}`);
      return [[r.sql]];
    }
    case 'all':
      return session.settings.all().map((x) => [x.name, x.setting, x.description]);
    case 'variable':
      return [[session.settings.show(t.name).value]];
    default:
      return assertNever(t, 'SHOW target');
  }
}

/** Runs SHOW/DESCRIBE. */
export async function executeShow(s: Show | Describe, ctx: StatementContext): Promise<StatementResult> {
  const cols = showColumns(s, ctx.session);
  const tag = s.kind === 'Show' && s.target.kind === 'variable' ? 'SHOW' : undefined;
  return { kind: 'rows', cursor: new ArrayCursor(cols, rows(s, ctx.session), (n) => tag ?? `SELECT ${n}`) };
}
