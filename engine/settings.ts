/**
 * Session settings: PostgreSQL run-time parameters (SET/SHOW/RESET, current_setting, pg_settings)
 * and Flink configuration keys (`SET 'table.exec.mini-batch.enabled' = 'true'`), kept apart: the
 * former are validated against a known list (PostgreSQL docs §20, "Server Configuration"), the
 * latter are any dotted key, passed to the planner and operators as job configuration.
 */
import { SqlError, SqlState } from '../common/errors.ts';

import { STROM_VERSION } from '../common/version.ts';

export { STROM_VERSION };

interface ParamDef {
  /** Display name (PostgreSQL's spelling, e.g. DateStyle). */
  readonly name: string;
  readonly default: string;
  /** Sent as ParameterStatus at startup and when changed (GUC_REPORT in PostgreSQL). */
  readonly report: boolean;
  /** Read-only (SET raises 55P02 cant_change_runtime_param). */
  readonly readOnly?: boolean;
  readonly description: string;
}

const DEFS: readonly ParamDef[] = [
  { name: 'server_version', default: `15.0 (Strom ${STROM_VERSION})`, report: true, readOnly: true, description: 'Shows the server version.' },
  { name: 'server_version_num', default: '150000', report: false, readOnly: true, description: 'Shows the server version as an integer.' },
  { name: 'server_encoding', default: 'UTF8', report: true, readOnly: true, description: 'Shows the server (database) character set encoding.' },
  { name: 'client_encoding', default: 'UTF8', report: true, description: "Sets the client's character set encoding." },
  { name: 'DateStyle', default: 'ISO, MDY', report: true, description: 'Sets the display format for date and time values.' },
  { name: 'IntervalStyle', default: 'postgres', report: true, description: 'Sets the display format for interval values.' },
  { name: 'TimeZone', default: 'UTC', report: true, description: 'Sets the time zone for displaying and interpreting time stamps.' },
  { name: 'integer_datetimes', default: 'on', report: true, readOnly: true, description: 'Shows whether datetimes are integer based.' },
  { name: 'standard_conforming_strings', default: 'on', report: true, description: "Causes '...' strings to treat backslashes literally." },
  { name: 'is_superuser', default: 'on', report: true, readOnly: true, description: 'Shows whether the current user is a superuser.' },
  { name: 'session_authorization', default: 'strom', report: true, description: 'Sets the session user name.' },
  { name: 'application_name', default: '', report: true, description: 'Sets the application name to be reported in statistics and logs.' },
  { name: 'default_transaction_read_only', default: 'off', report: true, description: 'Sets the default read-only status of new transactions.' },
  { name: 'in_hot_standby', default: 'off', report: true, readOnly: true, description: 'Shows whether hot standby is currently active.' },
  { name: 'search_path', default: '"$user", public', report: false, description: 'Sets the schema search order for names that are not schema-qualified.' },
  { name: 'extra_float_digits', default: '1', report: false, description: 'Sets the number of digits displayed for floating-point values.' },
  { name: 'statement_timeout', default: '0', report: false, description: 'Sets the maximum allowed duration of any statement (ms; 0 disables).' },
  { name: 'idle_in_transaction_session_timeout', default: '0', report: false, description: 'Sets the maximum allowed idle time between queries, when in a transaction.' },
  { name: 'idle_session_timeout', default: '0', report: false, description: 'Sets the maximum allowed idle time between queries, when not in a transaction.' },
  { name: 'client_min_messages', default: 'notice', report: false, description: 'Sets the message levels that are sent to the client.' },
  { name: 'transaction_isolation', default: 'read committed', report: false, description: "Sets the current transaction's isolation level." },
  { name: 'default_transaction_isolation', default: 'read committed', report: false, description: 'Sets the transaction isolation level of each new transaction.' },
  { name: 'transaction_read_only', default: 'off', report: false, description: "Sets the current transaction's read-only status." },
  { name: 'max_identifier_length', default: '63', report: false, readOnly: true, description: 'Shows the maximum identifier length.' },
  { name: 'lc_collate', default: 'C', report: false, readOnly: true, description: 'Shows the collation order locale.' },
  { name: 'lc_ctype', default: 'C', report: false, readOnly: true, description: 'Shows the character classification and case conversion locale.' },
  { name: 'bytea_output', default: 'hex', report: false, description: 'Sets the output format for bytea.' },
  { name: 'max_connections', default: '100', report: false, readOnly: true, description: 'Sets the maximum number of concurrent connections.' },
  { name: 'lock_timeout', default: '0', report: false, description: 'Sets the maximum allowed duration of any wait for a lock.' },
  { name: 'datestyle', default: 'ISO, MDY', report: false, description: 'alias' },
];

const BY_LOWER = new Map(DEFS.filter((d) => d.description !== 'alias').map((d) => [d.name.toLowerCase(), d]));

/** Flink/Strom configuration keys with their defaults (shown by SHOW ALL and used by the planner). */
export const FLINK_DEFAULTS: ReadonlyMap<string, string> = new Map([
  ['table.exec.mini-batch.enabled', 'false'],
  ['table.exec.mini-batch.allow-latency', '0 ms'],
  ['table.exec.mini-batch.size', '-1'],
  ['table.optimizer.agg-phase-strategy', 'AUTO'],
  ['table.optimizer.distinct-agg.split.enabled', 'false'],
  ['table.optimizer.distinct-agg.split.bucket-num', '1024'],
  ['table.exec.state.ttl', '0 ms'],
  ['parallelism.default', '1'],
  ['table.exec.async-lookup.buffer-capacity', '100'],
]);

/**
 * Changes the default of a Flink/Strom key for sessions opened afterwards (server flags, e.g.
 * `--parallelism N` sets `parallelism.default`).
 */
export function setFlinkDefault(key: string, value: string): void {
  (FLINK_DEFAULTS as Map<string, string>).set(key, value);
}

/** Parses a PostgreSQL duration setting (`5000`, `5s`, `100ms`, `2min`, `1h`) to milliseconds; NaN if malformed. */
export function parseDurationMs(v: string): number {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(ms|s|min|h|d|us)?\s*$/i.exec(v);
  if (!m) return NaN;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const f: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
  return n * f[unit]!;
}

/** One session's settings, with the set of changes not yet reported as ParameterStatus. */
export class Settings {
  private readonly values = new Map<string, string>();
  private readonly flink = new Map<string, string>();
  private readonly unreported = new Set<string>();

  constructor(initial: { user: string; applicationName?: string; other?: ReadonlyMap<string, string> }) {
    for (const d of BY_LOWER.values()) this.values.set(d.name.toLowerCase(), d.default);
    this.values.set('session_authorization', initial.user);
    if (initial.applicationName) this.values.set('application_name', initial.applicationName);
    for (const [k, v] of initial.other ?? []) {
      const d = BY_LOWER.get(k.toLowerCase());
      if (d && !d.readOnly) this.values.set(k.toLowerCase(), v);
    }
    for (const d of BY_LOWER.values()) if (d.report) this.unreported.add(d.name.toLowerCase());
  }

  /** A PostgreSQL parameter's value, or a Flink key's; undefined if unknown. `statement_timeout` in ms. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    if (lower === 'statement_timeout') {
      const v = this.values.get(lower)!;
      const ms = parseDurationMs(v);
      return String(Number.isNaN(ms) ? 0 : ms);
    }
    return this.values.get(lower) ?? this.flink.get(name) ?? FLINK_DEFAULTS.get(name);
  }

  /** The value as SHOW prints it. Throws 42704 for an unknown parameter. */
  show(name: string): { name: string; value: string } {
    const lower = name.toLowerCase();
    const d = BY_LOWER.get(lower === 'datestyle' ? 'datestyle' : lower);
    if (d) return { name: d.name === 'DateStyle' ? 'DateStyle' : lower, value: this.values.get(d.name.toLowerCase())! };
    const f = this.flink.get(name) ?? FLINK_DEFAULTS.get(name);
    if (f !== undefined) return { name, value: f };
    throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
  }

  /**
   * SET. `quoted` (Flink's `SET 'k' = 'v'`) stores any dotted key; unquoted names must be PostgreSQL
   * parameters (42704 otherwise; 55P02 for read-only ones). `value` undefined = DEFAULT.
   */
  set(name: string, value: string | undefined, quoted: boolean): void {
    const lower = name.toLowerCase();
    const d = BY_LOWER.get(lower);
    if (!d) {
      if (quoted || name.includes('.')) {
        if (value === undefined) this.flink.delete(name);
        else this.flink.set(name, value);
        return;
      }
      throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
    }
    if (d.readOnly) throw new SqlError('55P02', `parameter "${lower}" cannot be changed`);
    let v = value ?? d.default;
    if (lower === 'statement_timeout' || lower === 'lock_timeout' || lower === 'idle_in_transaction_session_timeout' || lower === 'idle_session_timeout') {
      if (Number.isNaN(parseDurationMs(v))) throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "${lower}": "${v}"`);
    }
    if (lower === 'extra_float_digits' && !/^-?\d+$/.test(v.trim())) {
      throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "extra_float_digits": "${v}"`);
    }
    if (lower === 'timezone') v = normalizeTimeZone(v);
    if (lower === 'datestyle') v = normalizeDateStyle(v, this.values.get('datestyle')!);
    if (this.values.get(lower) !== v) {
      this.values.set(lower, v);
      if (d.report) this.unreported.add(lower);
    }
  }

  /** RESET name, or every parameter when name is undefined. */
  reset(name: string | undefined): void {
    if (name === undefined) {
      for (const d of BY_LOWER.values()) if (!d.readOnly && d.name !== 'session_authorization') this.set(d.name, undefined, false);
      this.flink.clear();
      return;
    }
    this.set(name, undefined, name.includes('.'));
  }

  /** Flink configuration in effect: defaults overridden by SET. */
  config(): ReadonlyMap<string, string> {
    return new Map([...FLINK_DEFAULTS, ...this.flink]);
  }

  /** Every parameter for SHOW ALL / pg_settings: name, value, description. */
  all(): { name: string; setting: string; description: string }[] {
    const pg = [...BY_LOWER.values()].map((d) => ({ name: d.name.toLowerCase() === 'datestyle' ? 'DateStyle' : d.name.toLowerCase(), setting: this.values.get(d.name.toLowerCase())!, description: d.description }));
    const fl = [...this.config()].map(([k, v]) => ({ name: k, setting: v, description: 'Flink configuration option' }));
    return [...pg, ...fl].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  }

  /** ParameterStatus entries changed since the last call (all reported ones at first). */
  takeUnreported(): Map<string, string> {
    const out = new Map<string, string>();
    for (const lower of this.unreported) out.set(BY_LOWER.get(lower)!.name, this.values.get(lower)!);
    this.unreported.clear();
    return out;
  }
}

function normalizeTimeZone(v: string): string {
  const t = v.trim();
  if (/^(utc|gmt|z)$/i.test(t)) return 'UTC';
  if (/^local$/i.test(t) || /^default$/i.test(t)) return 'UTC';
  if (/^[+-]?\d{1,2}(:\d{2})?$/.test(t)) return t;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: t });
    return t;
  } catch {
    throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "TimeZone": "${v}"`);
  }
}

function normalizeDateStyle(v: string, current: string): string {
  let [style, order] = current.split(',').map((s) => s.trim());
  for (const part of v.split(',').map((s) => s.trim().toUpperCase())) {
    if (['ISO', 'SQL', 'POSTGRES', 'GERMAN'].includes(part)) style = part === 'POSTGRES' ? 'Postgres' : part === 'GERMAN' ? 'German' : part;
    else if (['MDY', 'DMY', 'YMD', 'US', 'EUROPEAN', 'NONEURO', 'NONEUROPEAN'].includes(part)) order = part === 'US' || part.startsWith('NONEURO') ? 'MDY' : part === 'EUROPEAN' ? 'DMY' : part;
    else throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "DateStyle": "${v}"`);
  }
  return `${style}, ${order}`;
}
