/**
 * Flink's lookup options (FLIP-221, `LookupOptions`), shared by every connector that serves lookup
 * joins: `lookup.cache` = NONE | PARTIAL | FULL; for PARTIAL `lookup.partial-cache.max-rows`,
 * `.expire-after-write`, `.expire-after-access` (durations: `10 s`, `1 min`, `500 ms`) and
 * `.cache-missing-key` (default true); for FULL `lookup.full-cache.periodic-reload.interval`
 * (default 1 h); `lookup.max-retries` (default 3: a failing lookup is tried 1 + 3 times).
 * Errors: 22023 for a bad value, or a PARTIAL cache without any bound (as Flink's
 * LookupOptions validation: one of max-rows, expire-after-write, expire-after-access is required).
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import type { OptionSpec } from './connector.ts';
import { optBool, optDurationMs, optEnum, optInt } from './options.ts';

/** The option specs a lookup-capable connector adds to its own. */
export const LOOKUP_OPTIONS: readonly OptionSpec[] = [
  { key: 'lookup.cache', required: false, default: 'NONE', description: 'NONE, PARTIAL or FULL' },
  { key: 'lookup.partial-cache.max-rows', required: false, description: 'most keys kept by a PARTIAL cache (least recently used leave first)' },
  { key: 'lookup.partial-cache.expire-after-write', required: false, description: 'a cached key expires this long after it was looked up (e.g. 10 s)' },
  { key: 'lookup.partial-cache.expire-after-access', required: false, description: 'a cached key expires this long after its last use (e.g. 1 min)' },
  { key: 'lookup.partial-cache.cache-missing-key', required: false, default: 'true', description: 'whether keys with no row are cached too' },
  { key: 'lookup.full-cache.periodic-reload.interval', required: false, default: '1 h', description: 'how often a FULL cache reloads the whole table' },
  { key: 'lookup.max-retries', required: false, default: '3', description: 'retries of a failed lookup before the job fails' },
];

/** A table's lookup settings. Durations in ms; `undefined` = not set. */
export interface LookupConfig {
  readonly cache: 'none' | 'partial' | 'full';
  /** PARTIAL: most keys kept (Infinity when unset). */
  readonly maxRows: number;
  readonly expireAfterWriteMs: number | undefined;
  readonly expireAfterAccessMs: number | undefined;
  readonly cacheMissingKey: boolean;
  /** FULL: reload interval (ms). */
  readonly reloadIntervalMs: number;
  /** Retries after the first failed attempt. */
  readonly maxRetries: number;
}

/** The lookup settings of `table` (no options: no cache, 3 retries). Throws SqlError 22023. */
export function lookupConfig(table: TableInfo): LookupConfig {
  const cache = optEnum(table, 'lookup.cache', ['none', 'partial', 'full'] as const, 'none')!;
  const has = (k: string) => table.options[k] !== undefined;
  const maxRows = has('lookup.partial-cache.max-rows') ? optInt(table, 'lookup.partial-cache.max-rows', 0, 1) : Infinity;
  const ew = has('lookup.partial-cache.expire-after-write') ? optDurationMs(table, 'lookup.partial-cache.expire-after-write', 0) : undefined;
  const ea = has('lookup.partial-cache.expire-after-access') ? optDurationMs(table, 'lookup.partial-cache.expire-after-access', 0) : undefined;
  if (cache === 'partial' && maxRows === Infinity && ew === undefined && ea === undefined) {
    throw new SqlError(SqlState.invalidParameterValue, `option "lookup.cache" = 'PARTIAL' of table "${table.name}" needs a bound`, {
      detail: 'set at least one of lookup.partial-cache.max-rows, lookup.partial-cache.expire-after-write, lookup.partial-cache.expire-after-access',
    });
  }
  return {
    cache,
    maxRows,
    expireAfterWriteMs: ew,
    expireAfterAccessMs: ea,
    cacheMissingKey: optBool(table, 'lookup.partial-cache.cache-missing-key', true),
    reloadIntervalMs: optDurationMs(table, 'lookup.full-cache.periodic-reload.interval', 3_600_000),
    maxRetries: optInt(table, 'lookup.max-retries', 3, 0),
  };
}
