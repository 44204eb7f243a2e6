/**
 * SQL cursors: DECLARE name CURSOR FOR query | SUBSCRIBE …, FETCH n name [WITH (timeout = '1s')],
 * CLOSE. A cursor over a query holds its rows (computed at DECLARE, a consistent snapshot); a cursor
 * over a subscription reads the changelog: FETCH waits until at least one row is there, or until
 * the timeout passes (then it returns what came, possibly nothing), as Materialize's FETCH does.
 */
import { SqlError, SqlState, assertNever } from '../../common/errors.ts';
import type { CloseCursor, DeclareCursor, Fetch } from '../../parser/ast.ts';
import type { StatementResult } from '../api.ts';
import { ArrayCursor } from '../cursor.ts';
import { parseDurationMs } from '../settings.ts';
import type { StatementContext } from '../session.ts';
import { executeQuery } from './query.ts';
import { openSubscription } from './streaming.ts';

/** Runs DECLARE, FETCH or CLOSE. */
export async function executeCursorStatement(s: DeclareCursor | Fetch | CloseCursor, ctx: StatementContext): Promise<StatementResult> {
  const { session } = ctx;
  switch (s.kind) {
    case 'DeclareCursor': {
      if (session.cursors.has(s.name)) throw new SqlError(SqlState.duplicateCursor, `cursor "${s.name}" already exists`);
      let cursor;
      if (s.query.kind === 'subscribe') cursor = openSubscription(s.query.subscribe, ctx);
      else {
        const r = await executeQuery({ kind: 'QueryStatement', query: s.query.query, pos: s.pos }, ctx);
        if (r.kind !== 'rows') throw new SqlError(SqlState.internalError, 'query produced no rows result');
        cursor = r.cursor;
      }
      session.cursors.set(s.name, { name: s.name, cursor, hold: s.hold });
      return { kind: 'command', tag: 'DECLARE CURSOR' };
    }
    case 'Fetch': {
      const c = session.cursors.get(s.cursor);
      if (!c) throw new SqlError(SqlState.invalidCursorName, `cursor "${s.cursor}" does not exist`);
      let timeoutMs: number | undefined;
      for (const o of s.options) {
        if (o.key.toLowerCase() !== 'timeout') throw new SqlError(SqlState.invalidParameterValue, `unsupported FETCH option "${o.key}"`, { detail: 'supported options: timeout' });
        timeoutMs = parseDurationMs(/^\d+(\.\d+)?$/.test(o.value.trim()) ? `${o.value}s` : o.value.replace(/\s+/g, ''));
        if (Number.isNaN(timeoutMs)) throw new SqlError(SqlState.invalidParameterValue, `invalid FETCH timeout "${o.value}"`);
      }
      const max = s.count ?? Infinity;
      if (max === 0) return { kind: 'rows', cursor: new ArrayCursor(c.cursor.columns, [], (n) => `FETCH ${n}`) };
      const { rows } = await c.cursor.next(max, { timeoutMs, signal: ctx.signal });
      // A bounded cursor returns everything requested at once; a subscription what arrived.
      return { kind: 'rows', cursor: new ArrayCursor(c.cursor.columns, rows, (n) => `FETCH ${n}`) };
    }
    case 'CloseCursor':
      if (s.name === undefined) {
        for (const c of session.cursors.values()) c.cursor.close();
        session.cursors.clear();
        return { kind: 'command', tag: 'CLOSE CURSOR ALL' };
      }
      if (!session.cursors.has(s.name)) throw new SqlError(SqlState.invalidCursorName, `cursor "${s.name}" does not exist`);
      session.cursors.get(s.name)!.cursor.close();
      session.cursors.delete(s.name);
      return { kind: 'command', tag: 'CLOSE CURSOR' };
    default:
      return assertNever(s, 'cursor statement');
  }
}
