/**
 * Builds a runnable dataflow from a physical plan: one operator per node (executor/operators),
 * wired child → parent through Outputs, sources for the leaves (connector readers, the snapshot and
 * changelog of DML tables and materialized views, literal rows), and a root that receives the
 * result (a materialized view, a sink, a DML table, or a collector for bounded queries).
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import { getConnector } from '../connectors/registry.ts';
import type { SourceReader } from '../connectors/connector.ts';
import type { Output, StreamMessage, StreamOperator } from '../executor/operators/operator.ts';
import { Calc } from '../executor/operators/calc.ts';
import { GroupAggregate } from '../executor/operators/group-agg.ts';
import { Join } from '../executor/operators/join.ts';
import { Union } from '../executor/operators/union.ts';
import { SetOp } from '../executor/operators/set-op.ts';
import { SortLimit } from '../executor/operators/sort-limit.ts';
import { TopN } from '../executor/operators/top-n.ts';
import { Values } from '../executor/operators/values.ts';
import { Materialize } from '../executor/operators/materialize.ts';
import { Sink } from '../executor/operators/sink.ts';
import { HeapStateBackend } from '../executor/state/heap-backend.ts';
import { RowBatchBuilder } from '../executor/row/binary-row.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';
import type { PhysicalNode } from '../planner/physical/plan.ts';
import { isInsertOnly } from '../planner/physical/plan.ts';
import type { Database } from './database.ts';
import type { Job, JobDag, JobSource } from './job.ts';
import type { TableStore } from './table-store.ts';

/** Rows a connector source produces per pump (one batch). */
const SOURCE_BATCH_ROWS = 4096;

/** Where a dataflow's result goes. */
export type DagRoot =
  /** Bounded query: receives the final rows (+I) at the end. */
  | { readonly kind: 'collect'; readonly collect: (b: RowBatch) => void }
  /** A materialized view (or a subscription's private view): applies the changelog. */
  | { readonly kind: 'materialize'; readonly materialize: Materialize }
  /** INSERT INTO a DML table. */
  | { readonly kind: 'table'; readonly store: TableStore }
  /** INSERT INTO a connector table; `producer` is the plan root, for the changelog check. */
  | { readonly kind: 'connector'; readonly table: TableInfo; readonly producer: PhysicalNode };

/** What building needs from the engine. */
export interface DagEnv {
  readonly db: Database;
  readonly config: ReadonlyMap<string, string>;
  readonly bounded: boolean;
}

/** A built dataflow: a JobDag for the job runner, plus the bounded-run entry point. */
export interface BuiltDag extends JobDag {
  /** Routes listener errors through `job` (they fail the job, not the statement that changed a table). */
  bindJob(job: Job): void;
  /** Bounded: starts every source, pumps until all end, closes operators; throws what operators throw. */
  runToEnd(): void;
}

/** Builds the dataflow for `plan` into `root`. Throws SqlError when a sink cannot take the changelog. */
export function buildDag(plan: PhysicalNode, env: DagEnv, root: DagRoot): BuiltDag {
  const b = new Builder(env);
  const { op: rootOp, output, finalize } = b.root(root, plan);
  b.node(plan, output);
  if (rootOp) b.operators.push(rootOp);
  return {
    sources: b.sources,
    operators: b.operators,
    reads: b.reads,
    bindJob(job: Job) {
      b.guard = (f) => job.guard(f);
    },
    runToEnd() {
      for (const s of b.sources) s.start();
      let open = new Set(b.sources);
      while (open.size > 0) {
        const next = new Set<JobSource>();
        for (const s of open) {
          const r = s.pump(Date.now());
          if (r !== 'end') next.add(s);
          if (r === 'idle' && s.passive) next.delete(s);
        }
        open = next;
      }
      for (const op of b.operators) op.close();
      finalize?.();
    },
  };
}

class Builder {
  readonly sources: JobSource[] = [];
  readonly operators: StreamOperator[] = [];
  readonly reads = new Set<string>();
  guard: (f: () => void) => void = (f) => f();
  private opCount = 0;

  constructor(private readonly env: DagEnv) {}

  private open(op: StreamOperator, output: Output): StreamOperator {
    op.open({ output, state: new HeapStateBackend(), config: this.env.config });
    return op;
  }

  root(root: DagRoot, plan: PhysicalNode): { op: StreamOperator | undefined; output: Output; finalize?: () => void } {
    switch (root.kind) {
      case 'collect': {
        if (isInsertOnly(plan.mode)) {
          return { op: undefined, output: { push: (m) => m.kind === 'batch' && m.batch.count > 0 && root.collect(m.batch) } };
        }
        const mat = new Materialize({ types: plan.types, upsertKey: undefined });
        this.open(mat, { push: () => {} });
        return { op: undefined, output: { push: (m) => mat.process(m, 0) }, finalize: () => root.collect(mat.snapshot()) };
      }
      case 'materialize': {
        const mat = root.materialize;
        this.open(mat, { push: () => {} });
        return { op: mat, output: { push: (m) => mat.process(m, 0) } };
      }
      case 'table': {
        const store = root.store;
        return { op: undefined, output: { push: (m) => m.kind === 'batch' && m.batch.count > 0 && store.applyChangelog(m.batch) } };
      }
      case 'connector': {
        const conn = getConnector(root.table.connector!);
        if (!conn.canSink || !conn.createWriter) {
          throw new SqlError(SqlState.featureNotSupported, `connector "${conn.name}" cannot be used as a sink`);
        }
        if (!conn.sinkAcceptsUpdates && !isInsertOnly(plan.mode)) {
          throw new SqlError(
            SqlState.featureNotSupported,
            `Table sink "${root.table.name}" doesn't support consuming update and delete changes which is produced by node ${describeNode(root.producer)}`,
            { hint: `Connector "${conn.name}" accepts only inserts; use a sink that accepts updates (print, blackhole) or an append-only query.` },
          );
        }
        const sink = new Sink({ writer: conn.createWriter(root.table, { log: this.env.db.log }) });
        this.open(sink, { push: () => {} });
        return { op: sink, output: { push: (m) => sink.process(m, 0) } };
      }
    }
  }

  /** Builds `n` so that its output goes to `out`. */
  node(n: PhysicalNode, out: Output): void {
    const wire = (op: StreamOperator, inputs: readonly PhysicalNode[]) => {
      this.open(op, out);
      inputs.forEach((child, i) => this.node(child, { push: (m) => op.process(m, i) }));
      this.operators.push(op);
    };
    this.opCount++;
    switch (n.kind) {
      case 'TableSourceScan':
        this.reads.add(n.table.name);
        this.sources.push(connectorSource(n.table, n.columns, n.types, out, this.env.bounded));
        return;
      case 'StoredScan':
        this.reads.add(n.relation.name);
        this.sources.push(this.storedSource(n, out));
        return;
      case 'Values': {
        const op = new Values({ types: n.types, rows: n.rows });
        this.open(op, out);
        this.sources.push({
          passive: false,
          start: () => op.emitAll(),
          pump: () => 'end',
          inject: (m) => out.push(m),
          close: () => {},
        });
        return;
      }
      case 'Calc':
        return wire(new Calc({ inputTypes: n.input.types, projection: n.projection, filter: n.condition }), [n.input]);
      case 'GroupAggregate':
        return wire(
          new GroupAggregate({ inputTypes: n.input.types, groupKeys: n.groupKeys, aggs: n.aggs, changelog: { emitUpdateBefore: n.emitUpdateBefore } }),
          [n.input],
        );
      case 'Join':
        // Without equality keys every row shares one bucket: a nested-loop join on the residual.
        return wire(
          new Join({ joinType: n.joinType, leftTypes: n.left.types, rightTypes: n.right.types, leftKeys: n.leftKeys, rightKeys: n.rightKeys, condition: n.residual }),
          [n.left, n.right],
        );
      case 'Union':
        return wire(new Union({ inputs: n.inputs.length }), n.inputs);
      case 'SetOp':
        return wire(new SetOp({ op: n.op, all: n.all, types: n.types }), [n.left, n.right]);
      case 'SortLimit':
        return wire(new SortLimit({ types: n.types, keys: n.keys, limit: n.limit, offset: n.offset }), [n.input]);
      case 'TopN':
        return wire(new TopN({ types: n.types, partitionKeys: n.partitionKeys, orderKeys: n.keys, limit: n.limit, offset: n.offset }), [n.input]);
    }
  }

  private storedSource(n: Extract<PhysicalNode, { kind: 'StoredScan' }>, out: Output): JobSource {
    const r = n.relation;
    const project = projector(r.columns.map((c) => c.type), n.columns, n.types);
    let feed: { snapshot(): RowBatch; subscribe(l: (b: RowBatch) => void): () => void };
    if (r.kind === 'table') {
      const store = this.env.db.tables.get(r.name);
      if (!store) throw new SqlError(SqlState.undefinedTable, `relation "${r.name}" has no stored rows`);
      feed = store;
    } else {
      const mv = this.env.db.views.get(r.name);
      if (!mv) throw new SqlError(SqlState.objectNotInPrerequisiteState, `materialized view "${r.name}" is not running`);
      if (mv.job && mv.job.status === 'FAILED') {
        throw new SqlError(SqlState.objectNotInPrerequisiteState, `materialized view "${r.name}" is not maintained: its job failed (${mv.job.record.error})`);
      }
      feed = mv.materialize;
    }
    let unsubscribe: (() => void) | undefined;
    const bounded = this.env.bounded;
    return {
      passive: true,
      start: () => {
        const snap = feed.snapshot();
        if (snap.count > 0) out.push({ kind: 'batch', batch: project(snap) });
        if (!bounded) unsubscribe = feed.subscribe((b) => this.guard(() => out.push({ kind: 'batch', batch: project(b) })));
      },
      pump: () => (bounded ? 'end' : 'idle'),
      inject: (m) => out.push(m),
      close: () => {
        unsubscribe?.();
        unsubscribe = undefined;
      },
    };
  }
}

/** A source over a connector reader; projects the reader's physical columns to `columns`. */
function connectorSource(table: TableInfo, columns: readonly number[], types: readonly SqlType[], out: Output, bounded: boolean): JobSource {
  const conn = getConnector(table.connector!);
  if (!conn.canSource || !conn.createReader) throw new SqlError(SqlState.featureNotSupported, `connector "${conn.name}" cannot be used as a source`);
  const physical = table.columns.map((c, i) => (c.computed ? -1 : i)).filter((i) => i >= 0);
  const fields = columns.map((c) => physical.indexOf(c));
  if (fields.some((f) => f < 0)) throw new SqlError(SqlState.internalError, `scan of "${table.name}" reads a computed column`);
  const identity = fields.length === physical.length && fields.every((f, i) => f === i);
  let reader: SourceReader | undefined;
  let project: ((b: RowBatch) => RowBatch) | undefined;
  void bounded;
  return {
    passive: false,
    start: () => {
      reader = conn.createReader!(table, { split: 0, splits: 1, startMs: Date.now() });
      project = identity ? (b) => b : projector(reader.types, fields, types);
    },
    pump: (now) => {
      const r = reader!.read(SOURCE_BATCH_ROWS, now);
      if (r === 'idle' || r === 'end') return r;
      if (r.count > 0) out.push({ kind: 'batch', batch: project!(r) });
      return 'more';
    },
    inject: (m: StreamMessage) => out.push(m),
    close: () => {
      reader?.close();
      reader = undefined;
    },
  };
}

/** A function picking `fields` of batches of `inTypes` into batches of `outTypes` (bytes copied, not decoded). */
function projector(inTypes: readonly SqlType[], fields: readonly number[], outTypes: readonly SqlType[]): (b: RowBatch) => RowBatch {
  if (fields.length === inTypes.length && fields.every((f, i) => f === i)) return (b) => b;
  const builder = new RowBatchBuilder(outTypes);
  return (b) => {
    for (let r = 0; r < b.count; r++) {
      builder.beginRow(b.kind(r));
      for (let j = 0; j < fields.length; j++) builder.copyField(j, b, r, fields[j]!);
      builder.endRow();
    }
    return builder.finish();
  };
}

function describeNode(n: PhysicalNode): string {
  switch (n.kind) {
    case 'GroupAggregate':
      return `GroupAggregate(groupBy=[${n.groupKeys.map((k) => n.input.names[k]).join(', ')}])`;
    default:
      return n.kind;
  }
}
