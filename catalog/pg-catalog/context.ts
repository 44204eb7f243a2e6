/**
 * The system context: what pg_catalog relations and the session functions (current_user,
 * current_setting, obj_description, `::regclass`, …) read when a statement runs — the catalog, the
 * session's user, settings and backend pid, and the database's sessions (pg_stat_activity).
 *
 * Design (DESIGN.md "System catalog"): the engine installs one context per statement with
 * `runWithSystemContext` (an AsyncLocalStorage, so concurrent sessions on the one event loop never see
 * each other's); system relations take their snapshot from it when their source starts, and the
 * functions that read it are registered volatile, so they are evaluated at run time, never folded at
 * plan time. Outside a statement (a materialized view restarted at boot) there is no context, and
 * reading one raises 0A000.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SqlError, SqlState } from '../../common/errors.ts';
import type { Catalog } from '../catalog.ts';

/** A session as pg_stat_activity shows it. */
export interface SessionInfo {
  readonly pid: number;
  readonly user: string;
  readonly applicationName: string;
  readonly backendStart: number;
  readonly queryStart: number;
  readonly state: 'active' | 'idle' | 'idle in transaction' | 'idle in transaction (aborted)';
  readonly query: string;
}

/** One setting as pg_settings shows it. */
export interface SettingInfo {
  readonly name: string;
  readonly setting: string;
  readonly description: string;
}

/** What system relations and session functions read. */
export interface SystemContext {
  readonly catalog: Catalog;
  /** The database name (Strom has one: `strom`). */
  readonly database: string;
  /** current_user / session_user. */
  readonly user: string;
  /** pg_backend_pid(). */
  readonly pid: number;
  /** A setting's value (PostgreSQL parameter or Flink key); undefined when unknown. */
  setting(name: string): string | undefined;
  /** Every setting (SHOW ALL, pg_settings). */
  settings(): readonly SettingInfo[];
  /** set_config(name, value, is_local): SET for the session; returns the new value. */
  setSetting(name: string, value: string): string;
  /** The database's open sessions. */
  sessions(): readonly SessionInfo[];
}

const store = new AsyncLocalStorage<SystemContext>();

/** Runs `f` (and everything it awaits) with `ctx` installed. */
export function runWithSystemContext<R>(ctx: SystemContext, f: () => R): R {
  return store.run(ctx, f);
}

/** The installed context; 0A000 when `what` runs outside a statement (e.g. in a materialized view restarted at boot). */
export function systemContext(what: string): SystemContext {
  const ctx = store.getStore();
  if (!ctx) throw new SqlError(SqlState.featureNotSupported, `${what} can only be used in a statement of a session`);
  return ctx;
}
