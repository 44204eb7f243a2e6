/**
 * The database: the persistent catalog, the stored rows of DML tables, the running materialized
 * views and jobs, and the path a query walks from AST to running operators (bind → optimize →
 * physical plan → dataflow). Implements the Engine the server talks to (engine/api.ts).
 *
 * Restart (README "Persistence"): the catalog and DML table rows are durable in SQLite; on open,
 * every materialized view is re-created and every INSERT job that was RUNNING is started again.
 * Until checkpoints exist, a restarted job recomputes from its sources.
 */
import { randomBytes } from 'node:crypto';
import { SqlError, SqlState } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import type { Catalog, JobInfo, RelationInfo, TableInfo, ViewInfo } from '../catalog/catalog.ts';
import { SqliteCatalog } from '../catalog/store.ts';
import { parse } from '../parser/index.ts';
import type { Query } from '../parser/ast.ts';
import { bindInsert, bindQuery } from '../planner/binder/index.ts';
import { insertSourcePlan } from './statements/dml.ts';
import type { LogicalPlan } from '../planner/logical/plan.ts';
import { optimize } from '../planner/optimizer/optimizer.ts';
import { toPhysical } from '../planner/physical/to-physical.ts';
import { readExecConfig } from '../planner/physical/exec-config.ts';
import { assignMiniBatch } from '../planner/physical/assign-mini-batch.ts';
import { inferUpdateKind, type UpdateKindRequirement } from '../planner/physical/infer-update-kind.ts';
import type { ChangelogMode, PhysicalNode } from '../planner/physical/plan.ts';
import { INSERT_ONLY, RETRACT } from '../planner/physical/plan.ts';
import { bindParamsInPlan } from '../planner/logical/plan-utils.ts';
import type { Engine, StartupParams, Value } from './api.ts';
import { EngineSession } from './session.ts';
import { TableStore } from './table-store.ts';
import { Job } from './job.ts';
import { MaterializedView } from './materialized-view.ts';
import { buildDag, type DagRoot } from './dag.ts';
import { buildJobDag } from './parallel/index.ts';
import { lookupIsAsync } from './lookup-function.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';

/** The consumer of a continuous plan's root: a Materialize keyed by the plan's upsert key, or a sink table. */
export type PhysicalRoot = 'materialize' | { readonly sink: TableInfo };

/** Options of `Database.physical`. */
export interface PhysicalOptions {
  /** Flink configuration (session, or persisted with the view or job); default: Flink's defaults. */
  readonly config?: ReadonlyMap<string, string>;
  /** The consumer of a continuous plan (retraction elimination); undefined keeps every -U. */
  readonly root?: PhysicalRoot;
}

/** Options of `Database.open`. */
export interface DatabaseOptions {
  /** Directory for catalog.db (created if missing). */
  readonly dataDir: string;
  /** Server log (print sink output, job failures). */
  readonly log?: (line: string) => void;
}

/** A planned query: the bound and optimized logical plans and the output column names. */
export interface PlannedQuery {
  readonly logical: LogicalPlan;
  readonly optimized: LogicalPlan;
  readonly columnNames: readonly string[];
  readonly relationsRead: readonly string[];
}

export class Database implements Engine {
  readonly tables = new Map<string, TableStore>();
  readonly views = new Map<string, MaterializedView>();
  readonly jobs = new Map<string, Job>();
  readonly sessions = new Set<EngineSession>();
  readonly log: (line: string) => void;
  private nextPid = 1000 + Math.floor(Math.random() * 1000);
  private closed = false;

  private constructor(
    readonly catalog: Catalog,
    opts: DatabaseOptions,
  ) {
    this.log = opts.log ?? ((l) => console.log(l));
  }

  /** Opens the data directory, restores tables, views and jobs. */
  static open(opts: DatabaseOptions): Database {
    const db = new Database(SqliteCatalog.open(opts.dataDir), opts);
    db.restore();
    return db;
  }

  private restore(): void {
    for (const r of this.catalog.relations()) {
      if (r.kind === 'table' && r.connector === undefined) this.tables.set(r.name, new TableStore(r, this.catalog));
    }
    for (const r of this.catalog.relations()) {
      if (r.kind !== 'materialized view') continue;
      try {
        this.startMaterializedView(r);
      } catch (e) {
        this.log(`materialized view ${r.name} could not be restarted: ${(e as Error).message}`);
      }
    }
    for (const j of this.catalog.jobs()) {
      if (j.kind !== 'insert' || j.status !== 'RUNNING') continue;
      try {
        const stmt = parse(j.statement)[0]!.statement;
        if (stmt.kind !== 'Insert') throw new Error('not an INSERT');
        const bound = bindInsert(stmt, { catalog: this.catalog, paramTypes: [] });
        this.startInsertJob(j.id, j.statement, bound.table, insertSourcePlan(bound, this.catalog), new Map(Object.entries(j.config ?? {})));
      } catch (e) {
        this.catalog.putJob({ ...j, status: 'FAILED', endedAt: Date.now(), error: `restart failed: ${(e as Error).message}` });
      }
    }
  }

  openSession(params: StartupParams): EngineSession {
    if (this.closed) throw new SqlError(SqlState.adminShutdown, 'the database system is shutting down');
    if (params.database !== 'strom') throw new SqlError(SqlState.invalidCatalogName, `database "${params.database}" does not exist`);
    const s = new EngineSession(this, this.nextPid++, params);
    this.sessions.add(s);
    return s;
  }

  /** The stored password forms of a user (Engine.passwordOf); the SCRAM verifier or md5 hash from CREATE/ALTER USER. */
  passwordOf(user: string): { scram?: string; md5?: string } | undefined {
    const u = this.catalog.users().find((x) => x.name === user);
    if (!u) return undefined;
    const p = u.password;
    const scram = p?.startsWith('SCRAM-SHA-256$') ? p : undefined;
    const md5 = u.md5Password ?? (p?.startsWith('md5') ? p : undefined);
    return { scram, md5 };
  }

  /** Called by a session when it closes. */
  sessionClosed(s: EngineSession): void {
    this.sessions.delete(s);
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.sessions]) s.close();
    // Stop jobs without recording them as canceled: they resume after a restart.
    for (const j of this.jobs.values()) j.cancelForShutdown();
    this.jobs.clear();
    this.catalog.close();
  }

  // ───────────── planning ─────────────

  /** Binds and optimizes a query. Parameters are substituted when `params` is given. */
  planQuery(q: Query, paramTypes: (SqlType | undefined)[], config: ReadonlyMap<string, string>, params?: readonly Value[]): PlannedQuery {
    const bound = bindQuery(q, { catalog: this.catalog, paramTypes });
    const logical = params ? bindParamsInPlan(bound.plan, params, paramTypes) : bound.plan;
    const optimized = optimize(logical, { config });
    return { logical, optimized, columnNames: bound.columnNames, relationsRead: bound.relationsRead };
  }

  /**
   * The physical plan of an optimized logical plan. `opts.config` (Flink keys) decides minibatch,
   * two-phase aggregation (planner/physical/exec-config.ts); `opts.root` is the consumer of a
   * continuous plan, for retraction elimination (planner/physical/infer-update-kind.ts). Throws
   * SqlError 22023 for malformed options.
   */
  physical(plan: LogicalPlan, bounded: boolean, opts: PhysicalOptions = {}): PhysicalNode {
    const exec = readExecConfig(opts.config ?? new Map());
    let p = toPhysical(plan, { bounded, storedMode: (r) => this.storedMode(r), lookupAsync: lookupIsAsync, exec });
    if (bounded) return p;
    if (exec.miniBatch) p = assignMiniBatch(p, exec.miniBatch.intervalMs);
    if (opts.root) p = inferUpdateKind(p, this.updateKindOf(opts.root, p));
    return p;
  }

  /** What the root consumer needs: a Materialize keyed by the plan's upsert key upserts; a sink upserts by its primary key. */
  private updateKindOf(root: PhysicalRoot, p: PhysicalNode): UpdateKindRequirement {
    if (root === 'materialize') return p.upsertKey && p.upsertKey.length > 0 ? { kind: 'upsert', key: p.upsertKey } : { kind: 'retract' };
    const t = root.sink;
    // A DML table forwards its changes to readers as they come: keep -U for them.
    if (t.connector === undefined || !t.primaryKey || t.primaryKey.length === 0) return { kind: 'retract' };
    const cols = t.columns.filter((c) => !c.computed).map((c) => c.name);
    const key = t.primaryKey.map((n) => cols.indexOf(n));
    return key.every((k) => k >= 0) ? { kind: 'upsert', key } : { kind: 'retract' };
  }

  /** The changelog a stored relation emits when read continuously. */
  storedMode(r: RelationInfo): { mode: ChangelogMode; upsertKey: readonly number[] | undefined } {
    if (r.kind === 'table') {
      const pk = r.primaryKey?.map((n) => r.columns.findIndex((c) => c.name === n));
      return { mode: RETRACT, upsertKey: pk };
    }
    const mv = this.views.get(r.name);
    if (mv) return { mode: mv.mode, upsertKey: mv.upsertKey };
    return { mode: INSERT_ONLY, upsertKey: undefined };
  }

  /** Runs a bounded physical plan to completion and returns its rows (+I only, in output order). */
  runBounded(plan: PhysicalNode, config: ReadonlyMap<string, string>): RowBatch[] {
    const out: RowBatch[] = [];
    const dag = buildDag(plan, { db: this, config, bounded: true }, { kind: 'collect', collect: (b) => out.push(b) });
    dag.runToEnd();
    return out;
  }

  // ───────────── materialized views and jobs ─────────────

  /** A new job id: 8 hex digits. */
  newJobId(): string {
    let id: string;
    do id = randomBytes(4).toString('hex');
    while (this.jobs.has(id) || this.catalog.getJob(id));
    return id;
  }

  /** Plans a materialized view's query and starts the job that maintains it. */
  startMaterializedView(view: ViewInfo): MaterializedView {
    const q = parse(view.query)[0];
    if (!q || q.statement.kind !== 'QueryStatement') throw new SqlError(SqlState.syntaxError, `materialized view "${view.name}" has no query`);
    const config = new Map<string, string>(Object.entries(view.config ?? {}));
    const planned = this.planQuery(q.statement.query, [], config);
    const physical = this.physical(planned.optimized, false, { config, root: 'materialize' });
    const existing = this.catalog.jobs().find((j) => j.kind === 'materialized view' && j.target === view.name);
    const id = existing?.id ?? this.newJobId();
    const mv = new MaterializedView(view, physical);
    const info: JobInfo = {
      id,
      statement: view.sql,
      kind: 'materialized view',
      target: view.name,
      status: 'RUNNING',
      startedAt: Date.now(),
      endedAt: undefined,
      error: undefined,
    };
    const dag = buildJobDag(physical, { db: this, config, bounded: false }, { kind: 'materialize', materialize: mv.materialize });
    const job = new Job(info, dag);
    mv.job = job;
    dag.bindJob(job);
    this.views.set(view.name, mv);
    this.registerJob(job);
    job.start();
    return mv;
  }

  /**
   * Starts an `INSERT INTO target SELECT …` job writing into a connector sink or a DML table.
   * Throws SqlError when the plan cannot run or the sink cannot take its changelog.
   */
  startInsertJob(id: string, statement: string, target: TableInfo, source: LogicalPlan, config: ReadonlyMap<string, string>): Job {
    const physical = this.physical(optimize(source, { config }), false, { config, root: { sink: target } });
    const root = this.sinkRoot(target, physical);
    const info: JobInfo = {
      id,
      statement,
      kind: 'insert',
      target: target.name,
      status: 'RUNNING',
      startedAt: Date.now(),
      endedAt: undefined,
      error: undefined,
      config: Object.fromEntries(config),
    };
    const dag = buildJobDag(physical, { db: this, config, bounded: false }, root);
    const job = new Job(info, dag);
    dag.bindJob(job);
    this.registerJob(job);
    job.start();
    return job;
  }

  /** The root that writes a job's output into `target`; checks that the sink accepts the changelog. */
  sinkRoot(target: TableInfo, physical: PhysicalNode): DagRoot {
    if (target.connector === undefined) {
      const store = this.tables.get(target.name)!;
      return { kind: 'table', store };
    }
    return { kind: 'connector', table: target, producer: physical };
  }

  private registerJob(job: Job): void {
    this.jobs.set(job.id, job);
    this.catalog.putJob(job.record);
    job.onEnd((j) => {
      if (j.status === 'FAILED') this.log(`job ${j.id} failed: ${j.record.error}`);
      if (!this.closed) this.catalog.putJob(j.record);
    });
  }

  /** Registers a job that is not persisted (a subscription's private job); it leaves when it ends. */
  addTransientJob(job: Job): void {
    this.jobs.set(job.id, job);
    job.onEnd((j) => this.jobs.delete(j.id));
  }

  /**
   * FLUSH: every running job forwards a barrier, so buffered changes reach every view and sink;
   * resolves when every barrier reached its job's root (asynchronous lookups in flight included).
   */
  async flush(): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const j of this.jobs.values()) if (j.status === 'RUNNING') pending.push(j.flush());
    await Promise.all(pending);
  }

  /** Running jobs reading relation `name` (for DROP dependency checks). */
  jobsReading(name: string): Job[] {
    return [...this.jobs.values()].filter((j) => j.status === 'RUNNING' && j.reads.has(name));
  }
}
