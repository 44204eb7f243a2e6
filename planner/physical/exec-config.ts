/**
 * The Flink options that shape stream plans and their operators, read once from a session's (or a
 * persisted view's / job's) configuration map: minibatch (`table.exec.mini-batch.*`), the
 * aggregation phase strategy (`table.optimizer.agg-phase-strategy`), split distinct aggregation
 * (`table.optimizer.distinct-agg.split.*`) and state TTL (`table.exec.state.ttl`). Defaults are
 * Flink's (engine/settings.ts FLINK_DEFAULTS).
 */
import { SqlError, SqlState } from '../../common/errors.ts';

/** Parsed aggregation and state options. Durations in ms. */
export interface ExecConfig {
  /** Minibatch settings when `table.exec.mini-batch.enabled` is true, else undefined. */
  readonly miniBatch: { readonly intervalMs: number; readonly size: number } | undefined;
  readonly aggPhase: 'AUTO' | 'ONE_PHASE' | 'TWO_PHASE';
  /** Bucket count when `table.optimizer.distinct-agg.split.enabled` is true, else undefined. */
  readonly splitDistinctBuckets: number | undefined;
  /** `table.exec.state.ttl` in ms; 0 = state never expires. */
  readonly stateTtlMs: number;
  /** `parallelism.default` (1 when absent or not a positive integer, as engine/parallel reads it). */
  readonly parallelism: number;
}

/**
 * Parses a Flink duration (`2 s`, `2s`, `500 ms`, `1 min`, `1 h`, `1 d`, a bare number = ms) to
 * milliseconds; NaN when malformed. Flink's TimeUtils accepts the long unit names too.
 */
export function parseFlinkDuration(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  if (!m) return NaN;
  const units: Record<string, number> = {
    '': 1, ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
    s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
    m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
    h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
    d: 86_400_000, day: 86_400_000, days: 86_400_000,
  };
  const f = units[m[2]!.toLowerCase()];
  return f === undefined ? NaN : Number(m[1]) * f;
}

function bad(key: string, value: string, why: string): SqlError {
  return new SqlError(SqlState.invalidParameterValue, `invalid value for option "${key}": "${value}"`, { detail: why });
}

/**
 * Reads the options from `config` (absent keys take Flink's defaults). Errors: SqlError 22023 for a
 * malformed value, and, as Flink, when minibatch is enabled without a positive allow-latency
 * ("MiniBatch latency must be greater than 0 ms") or size.
 */
export function readExecConfig(config: ReadonlyMap<string, string>): ExecConfig {
  const get = (k: string, d: string) => config.get(k) ?? d;
  const bool = (k: string) => {
    const v = get(k, 'false').trim().toLowerCase();
    if (v !== 'true' && v !== 'false') throw bad(k, v, 'expected true or false');
    return v === 'true';
  };
  const duration = (k: string) => {
    const v = get(k, '0 ms');
    const ms = parseFlinkDuration(v);
    if (Number.isNaN(ms)) throw bad(k, v, "expected a duration such as '2 s' or '500 ms'");
    return ms;
  };
  const int = (k: string, d: string) => {
    const v = get(k, d).trim();
    if (!/^-?\d+$/.test(v)) throw bad(k, v, 'expected an integer');
    return Number(v);
  };
  let miniBatch: ExecConfig['miniBatch'];
  if (bool('table.exec.mini-batch.enabled')) {
    const intervalMs = duration('table.exec.mini-batch.allow-latency');
    const size = int('table.exec.mini-batch.size', '-1');
    if (intervalMs <= 0) throw bad('table.exec.mini-batch.allow-latency', get('table.exec.mini-batch.allow-latency', '0 ms'), 'MiniBatch latency must be greater than 0 ms when table.exec.mini-batch.enabled is true.');
    if (size <= 0) throw bad('table.exec.mini-batch.size', String(size), 'MiniBatch size must be greater than 0 when table.exec.mini-batch.enabled is true.');
    miniBatch = { intervalMs, size };
  }
  const phase = get('table.optimizer.agg-phase-strategy', 'AUTO').trim().toUpperCase();
  if (phase !== 'AUTO' && phase !== 'ONE_PHASE' && phase !== 'TWO_PHASE') throw bad('table.optimizer.agg-phase-strategy', phase, 'expected AUTO, ONE_PHASE or TWO_PHASE');
  let splitDistinctBuckets: number | undefined;
  if (bool('table.optimizer.distinct-agg.split.enabled')) {
    splitDistinctBuckets = int('table.optimizer.distinct-agg.split.bucket-num', '1024');
    if (splitDistinctBuckets <= 0) throw bad('table.optimizer.distinct-agg.split.bucket-num', String(splitDistinctBuckets), 'expected a positive bucket count');
  }
  const p = Number(get('parallelism.default', '1').trim());
  const parallelism = Number.isInteger(p) && p >= 1 ? p : 1;
  return { miniBatch, aggPhase: phase, splitDistinctBuckets, stateTtlMs: duration('table.exec.state.ttl'), parallelism };
}
