/**
 * The sources of a plan copy in worker k of N: a connector scan reads split k of N when its
 * connector can split (nexmark: contiguous ranges or interleaved blocks of event numbers, reader.ts;
 * filesystem: lines numbered ≡ k mod N), else worker 0 reads it whole and the others read nothing; a stored scan (DML table, materialized view) receives the rows the main thread
 * routes to this worker; VALUES emits its rows in worker 0 only. Every worker has every source, so a
 * barrier injected at all of them reaches every exchange from every channel.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { TableInfo } from '../../catalog/catalog.ts';
import { getConnector } from '../../connectors/registry.ts';
import type { SourceReader } from '../../connectors/connector.ts';
import type { Output } from '../../executor/operators/operator.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import { projector } from '../dag.ts';
import type { JobSource } from '../job.ts';
import { SPLITTABLE_CONNECTORS } from './support.ts';

/**
 * Rows a connector source produces per pump on one thread (engine/dag.ts). A split of `splits`
 * reads `splits` times as many, so that after a hash exchange each keyed operator still receives
 * batches of about this size from each channel, as on one thread: a keyed operator folds a batch
 * per key before touching state and emits one change per key per batch, so smaller batches would
 * cost it more state accesses and emit more changes per event.
 */
const SOURCE_BATCH_ROWS = 4096;

/** A source that emits nothing and has ended; it still forwards barriers. */
export function emptySource(out: Output): JobSource {
  return { passive: false, start: () => {}, pump: () => 'end', inject: (m) => out.push(m), close: () => {} };
}

/**
 * Split `split` of `splits` of a connector table, projected to `columns` (physical column indices).
 * `startMs` is the job's start, the same in every worker (rate limiting and nexmark's default base time).
 */
export function splitConnectorSource(table: TableInfo, columns: readonly number[], types: readonly SqlType[], out: Output, split: number, splits: number, startMs: number): JobSource {
  const conn = getConnector(table.connector!);
  if (!conn.canSource || !conn.createReader) throw new SqlError(SqlState.featureNotSupported, `connector "${conn.name}" cannot be used as a source`);
  if (!SPLITTABLE_CONNECTORS.has(conn.name)) {
    if (split !== 0) return emptySource(out);
    split = 0;
    splits = 1;
  }
  const physical = table.columns.map((c, i) => (c.computed ? -1 : i)).filter((i) => i >= 0);
  const fields = columns.map((c) => physical.indexOf(c));
  let reader: SourceReader | undefined;
  let project: ((b: RowBatch) => RowBatch) | undefined;
  return {
    passive: false,
    start: () => {
      // Projection pushdown as on one thread (engine/dag.ts): a reader that generates only `fields` needs no projector.
      reader = conn.createReader!(table, { split, splits, startMs, columns: fields });
      project = reader.projected ? (b) => b : projector(reader.types, fields, types);
    },
    pump: (now) => {
      const r = reader!.read(SOURCE_BATCH_ROWS * splits, now);
      if (r === 'idle' || r === 'end') return r;
      if (r.count > 0) out.push({ kind: 'batch', batch: project!(r) });
      return 'more';
    },
    inject: (m) => out.push(m),
    close: () => {
      reader?.close();
      reader = undefined;
    },
  };
}

/** A stored scan's rows as routed here by the main thread: `deliver` pushes them downstream. */
export interface FedSource extends JobSource {
  deliver(b: RowBatch): void;
}

/** A source fed by the main thread (passive: it never ends while the job runs). */
export function fedSource(out: Output): FedSource {
  return {
    passive: true,
    start: () => {},
    pump: () => 'idle',
    inject: (m) => out.push(m),
    close: () => {},
    deliver: (b) => out.push({ kind: 'batch', batch: b }),
  };
}
