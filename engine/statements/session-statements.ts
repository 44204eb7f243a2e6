/**
 * Session statements: SET / RESET (PostgreSQL parameters and Flink keys), SET [SESSION
 * CHARACTERISTICS AS] TRANSACTION, BEGIN / COMMIT / ROLLBACK, DISCARD, and SQL-level PREPARE /
 * EXECUTE / DEALLOCATE.
 *
 * Transactions (README "Transactions"): Strom applies each statement when it completes. BEGIN,
 * COMMIT and ROLLBACK are accepted so that clients and drivers that wrap work in transaction blocks
 * run unchanged; they set the ReadyForQuery status and end the block's non-holdable cursors, as
 * PostgreSQL does. ROLLBACK does not undo statements already run; it warns (WARNING 01000) when a
 * statement in the block changed data or the catalog.
 */
import { SqlError, SqlState, assertNever } from '../../common/errors.ts';
import type { Deallocate, Discard, Execute, Prepare, ResetStatement, SetStatement, SetTransaction, Transaction } from '../../parser/ast.ts';
import { bindScalar } from '../../planner/binder/index.ts';
import { foldExpr } from '../../planner/optimizer/rules/fold-constants.ts';
import type { StatementResult } from '../api.ts';
import type { StatementContext } from '../session.ts';

type SessionStatement = SetStatement | ResetStatement | SetTransaction | Transaction | Discard | Prepare | Execute | Deallocate;

/** Runs a session statement. */
export async function executeSessionStatement(s: SessionStatement, ctx: StatementContext): Promise<StatementResult> {
  const session = ctx.session;
  switch (s.kind) {
    case 'Set':
      session.settings.set(s.name, s.value, s.quoted);
      return { kind: 'command', tag: 'SET' };
    case 'Reset':
      session.settings.reset(s.name);
      return { kind: 'command', tag: 'RESET' };
    case 'SetTransaction':
      for (const m of s.modes) {
        const iso = /^isolation level (.+)$/i.exec(m);
        if (iso) session.settings.set(s.session ? 'default_transaction_isolation' : 'transaction_isolation', iso[1]!.toLowerCase(), false);
        if (/^read only$/i.test(m)) session.settings.set(s.session ? 'default_transaction_read_only' : 'transaction_read_only', 'on', false);
        if (/^read write$/i.test(m)) session.settings.set(s.session ? 'default_transaction_read_only' : 'transaction_read_only', 'off', false);
      }
      return { kind: 'command', tag: 'SET' };
    case 'Transaction':
      return transaction(s, ctx);
    case 'Discard':
      if (s.what.toLowerCase() === 'all') {
        if (session.transactionStatus() !== 'I') throw new SqlError(SqlState.activeSqlTransaction, 'DISCARD ALL cannot run inside a transaction block');
        session.settings.reset(undefined);
        for (const c of session.cursors.values()) c.cursor.close();
        session.cursors.clear();
        session.prepared.clear();
      } else if (s.what.toLowerCase() === 'plans') {
        // Strom keeps no cached plans across statements.
      }
      return { kind: 'command', tag: `DISCARD ${s.what.toUpperCase()}` };
    case 'Prepare':
      if (session.prepared.has(s.name)) throw new SqlError(SqlState.duplicatePreparedStatement, `prepared statement "${s.name}" already exists`);
      session.prepared.set(s.name, {
        statement: { statement: s.statement, text: ctx.text, offset: 0 },
        paramTypes: s.paramTypes.map((t) => t.type),
      });
      return { kind: 'command', tag: 'PREPARE' };
    case 'Execute': {
      const p = session.prepared.get(s.name);
      if (!p) throw new SqlError(SqlState.invalidSqlStatementName, `prepared statement "${s.name}" does not exist`);
      const values = s.args.map((a, i) => {
        const e = foldExpr(bindScalar(a, [], { catalog: ctx.db.catalog, paramTypes: [] }));
        if (e.kind !== 'Const') throw new SqlError(SqlState.featureNotSupported, `EXECUTE argument ${i + 1} must be a constant`);
        return e.value;
      });
      if (values.length !== p.paramTypes.length && p.paramTypes.length > 0) {
        throw new SqlError(SqlState.syntaxError, `wrong number of parameters for prepared statement "${s.name}"`, {
          detail: `Expected ${p.paramTypes.length} parameters but got ${values.length}.`,
        });
      }
      return session.dispatch(p.statement.statement, { ...ctx, params: values, paramTypes: [...p.paramTypes], text: p.statement.text });
    }
    case 'Deallocate':
      if (s.name === undefined) session.prepared.clear();
      else if (!session.prepared.delete(s.name)) throw new SqlError(SqlState.invalidSqlStatementName, `prepared statement "${s.name}" does not exist`);
      return { kind: 'command', tag: s.name === undefined ? 'DEALLOCATE ALL' : 'DEALLOCATE' };
    default:
      return assertNever(s, 'session statement');
  }
}

function transaction(s: Transaction, ctx: StatementContext): StatementResult {
  const session = ctx.session;
  const state = session.transactionStatus();
  const endCursors = () => {
    for (const [name, c] of session.cursors) {
      if (!c.hold) {
        c.cursor.close();
        session.cursors.delete(name);
      }
    }
  };
  switch (s.action) {
    case 'begin':
      if (state !== 'I') session.notice({ severity: 'WARNING', code: SqlState.activeSqlTransaction, message: 'there is already a transaction in progress' });
      for (const m of s.modes) if (/^read only$/i.test(m)) session.settings.set('transaction_read_only', 'on', false);
      if (state === 'I') session.wroteInBlock = false;
      session.setTransactionState('T');
      return { kind: 'command', tag: 'BEGIN' };
    case 'commit':
      if (state === 'I') session.notice({ severity: 'WARNING', code: SqlState.noActiveSqlTransaction, message: 'there is no transaction in progress' });
      endCursors();
      session.setTransactionState('I');
      session.settings.set('transaction_read_only', 'off', false);
      return { kind: 'command', tag: state === 'E' ? 'ROLLBACK' : 'COMMIT' };
    case 'rollback':
      if (state === 'I') session.notice({ severity: 'WARNING', code: SqlState.noActiveSqlTransaction, message: 'there is no transaction in progress' });
      if (state !== 'I' && session.wroteInBlock) {
        session.notice({
          severity: 'WARNING',
          code: SqlState.warning,
          message: 'ROLLBACK does not undo changes in Strom: each statement was applied when it completed',
          detail: 'The statements of this transaction block that changed data or the catalog stay in effect.',
        });
      }
      session.wroteInBlock = false;
      endCursors();
      session.setTransactionState('I');
      session.settings.set('transaction_read_only', 'off', false);
      return { kind: 'command', tag: 'ROLLBACK' };
    default:
      return assertNever(s.action, 'transaction action');
  }
}
