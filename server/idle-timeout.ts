/**
 * The idle timeouts of a session waiting for its next command (PostgreSQL docs §20.11 "Client
 * Connection Defaults"): idle_in_transaction_session_timeout inside a transaction block (FATAL 25P03),
 * idle_session_timeout outside one (FATAL 57P05, PostgreSQL 14+). 0 disables either.
 */
import { SqlError } from '../common/errors.ts';
import type { Session } from '../engine/api.ts';

/** Milliseconds of a timeout setting ('5s', '100ms', '2min', plain number = ms); NaN when malformed. */
export function timeoutMs(v: string | undefined): number {
  if (v === undefined) return 0;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?\s*$/i.exec(v);
  if (!m) return Number.NaN;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms').toLowerCase() as 'ms'];
  return Number(m[1]) * unit;
}

/** The timeout that applies to `session` now, with the error that ends the connection; undefined when disabled. */
export function idleTimeout(session: Session): { ms: number; error: SqlError } | undefined {
  const inTransaction = session.transactionStatus() !== 'I';
  const name = inTransaction ? 'idle_in_transaction_session_timeout' : 'idle_session_timeout';
  const ms = timeoutMs(session.setting(name));
  if (!(ms > 0)) return undefined;
  const error = inTransaction
    ? new SqlError('25P03', 'terminating connection due to idle-in-transaction timeout', { severity: 'FATAL' })
    : new SqlError('57P05', 'terminating connection due to idle-session timeout', { severity: 'FATAL' });
  return { ms, error };
}
