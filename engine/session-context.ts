/**
 * The system context of a session's statement (catalog/pg-catalog/context.ts): its catalog, user,
 * settings and backend pid, and the database's sessions for pg_stat_activity.
 */
import type { SystemContext, SessionInfo } from '../catalog/pg-catalog/context.ts';
import type { EngineSession } from './session.ts';

/** The context `session`'s statements run with. */
export function sessionSystemContext(session: EngineSession): SystemContext {
  return {
    catalog: session.db.catalog,
    database: 'strom',
    user: session.user,
    pid: session.pid,
    setting: (name) => session.settings.get(name),
    settings: () => session.settings.all(),
    setSetting: (name, value) => {
      session.settings.set(name, value, name.includes('.'));
      return session.settings.show(name).value;
    },
    sessions: () =>
      [...session.db.sessions].map((s): SessionInfo => {
        const tx = s.transactionStatus();
        return {
          pid: s.pid,
          user: s.user,
          applicationName: s.settings.get('application_name') ?? '',
          backendStart: s.backendStart,
          queryStart: s.statementStart,
          state: s === session ? 'active' : tx === 'T' ? 'idle in transaction' : tx === 'E' ? 'idle in transaction (aborted)' : 'idle',
          query: s.currentQuery,
        };
      }),
  };
}
