/**
 * The lookup runtime around a connector's LookupSource, as Flink's CachingLookupFunction /
 * CachingAsyncLookupFunction with DefaultLookupCache (PARTIAL) and LookupFullCache (FULL), plus the
 * JDBC connector's retry loop:
 *
 * - NONE: every lookup goes to the source.
 * - PARTIAL: keys (with their rows) are kept up to `max-rows` (least recently used evicted first),
 *   each for `expire-after-write` since it was loaded and/or `expire-after-access` since last used;
 *   keys without rows are kept only with `cache-missing-key`.
 * - FULL: the whole table is loaded at the first lookup and indexed by the lookup key; once
 *   `periodic-reload.interval` has passed, the next lookup reloads it (and waits for the reload).
 *   Flink reloads on a timer thread; reloading on demand keeps a job without input idle.
 * - Retries: a failed attempt is retried up to `lookup.max-retries` times (asynchronous sources wait
 *   100 ms, 200 ms, 400 ms … up to 2 s between attempts, as Flink's JDBC lookup backs off); the last
 *   error is rethrown with "lookup in "t" failed after n attempts" and the source's SQLSTATE.
 *
 * Keys are strings from `valueKey` (executor/row/value-key.ts).
 */
import { SqlError, toSqlError } from '../common/errors.ts';
import type { LookupSource } from './connector.ts';
import type { LookupConfig } from './lookup-options.ts';
import { valueKey } from '../executor/row/value-key.ts';

/** Rows of a dimension table (JavaScript values, physical columns). */
export type LookupRows = readonly unknown[][];

/** What the lookup-join operator calls: rows now, or a promise of them. */
export interface LookupFunction {
  readonly async: boolean;
  /** Rows whose key columns equal `key` (`keyString` = valueKey(key)); `nowMs` is the batch's wall time. */
  lookup(key: readonly unknown[], keyString: string, nowMs: number): LookupRows | Promise<LookupRows>;
  close(): void;
}

interface Entry {
  rows: LookupRows;
  writtenAt: number;
  accessedAt: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wraps `source` with the cache and retries `cfg` asks for. `table` names the table in errors. */
export function cachedLookup(source: LookupSource, cfg: LookupConfig, table: string, keyColumns: readonly number[]): LookupFunction {
  const attempt = retrying(source, cfg.maxRetries, table);
  switch (cfg.cache) {
    case 'none':
      return { async: source.async, lookup: (key) => attempt(() => source.lookup(key)), close: () => source.close() };
    case 'partial':
      return partial(source, cfg, attempt);
    case 'full':
      return full(source, cfg, attempt, keyColumns);
  }
}

type Attempt = <T>(f: () => T | Promise<T>) => T | Promise<T>;

function retrying(source: LookupSource, maxRetries: number, table: string): Attempt {
  const wrap = (e: unknown, n: number): SqlError => {
    const err = toSqlError(e);
    return new SqlError(err.code, `lookup in "${table}" failed after ${n} attempt${n === 1 ? '' : 's'}: ${err.message}`, { detail: err.detail, hint: err.hint });
  };
  return <T>(f: () => T | Promise<T>): T | Promise<T> => {
    if (!source.async) {
      for (let i = 0; ; i++) {
        try {
          return f() as T;
        } catch (e) {
          if (i >= maxRetries) throw wrap(e, i + 1);
        }
      }
    }
    return (async () => {
      for (let i = 0; ; i++) {
        try {
          return await f();
        } catch (e) {
          if (i >= maxRetries) throw wrap(e, i + 1);
          await sleep(Math.min(100 * 2 ** i, 2000));
        }
      }
    })();
  };
}

function partial(source: LookupSource, cfg: LookupConfig, attempt: Attempt): LookupFunction {
  const cache = new Map<string, Entry>();
  const lru = cfg.maxRows !== Infinity || cfg.expireAfterAccessMs !== undefined;
  const store = (k: string, rows: LookupRows, now: number) => {
    if (rows.length === 0 && !cfg.cacheMissingKey) return;
    cache.delete(k);
    cache.set(k, { rows, writtenAt: now, accessedAt: now });
    while (cache.size > cfg.maxRows) cache.delete(cache.keys().next().value!);
  };
  return {
    async: source.async,
    lookup(key, k, now) {
      const e = cache.get(k);
      if (e !== undefined) {
        const fresh =
          (cfg.expireAfterWriteMs === undefined || now - e.writtenAt < cfg.expireAfterWriteMs) &&
          (cfg.expireAfterAccessMs === undefined || now - e.accessedAt < cfg.expireAfterAccessMs);
        if (fresh) {
          if (lru) {
            e.accessedAt = now;
            cache.delete(k);
            cache.set(k, e);
          }
          return e.rows;
        }
        cache.delete(k);
      }
      const r = attempt(() => source.lookup(key));
      if (r instanceof Promise) {
        return r.then((rows) => {
          store(k, rows, Date.now());
          return rows;
        });
      }
      store(k, r, now);
      return r;
    },
    close: () => {
      cache.clear();
      source.close();
    },
  };
}

function full(source: LookupSource, cfg: LookupConfig, attempt: Attempt, keyColumns: readonly number[]): LookupFunction {
  let index: Map<string, unknown[][]> | undefined;
  let loadedAt = 0;
  let loading: Promise<void> | undefined;
  const build = (rows: LookupRows, now: number) => {
    const m = new Map<string, unknown[][]>();
    for (const r of rows) {
      const k = valueKey(keyColumns.map((c) => r[c]));
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    index = m;
    loadedAt = now;
  };
  const none: LookupRows = [];
  const get = (k: string): LookupRows => index!.get(k) ?? none;
  return {
    async: source.async,
    lookup(_key, k, now) {
      if (index !== undefined && now - loadedAt < cfg.reloadIntervalMs) return get(k);
      if (!source.async) {
        build(attempt(() => source.scanAll()) as LookupRows, now);
        return get(k);
      }
      loading ??= (async () => {
        try {
          build(await attempt(() => source.scanAll()), Date.now());
        } finally {
          loading = undefined;
        }
      })();
      return loading.then(() => get(k));
    },
    close: () => {
      index = undefined;
      source.close();
    },
  };
}
