/**
 * Continuous results and job control: SUBSCRIBE (a changelog stream: `op` then the relation's
 * columns, the current content first as +I rows unless `snapshot = false`), FLUSH, STOP JOB.
 *
 * A subscription to a materialized view or DML table reads that relation's own changelog; a
 * subscription to a query, a plain view or a connector table runs a private job (shown in SHOW JOBS
 * while it runs) that ends when the subscription closes.
 */
import { SqlError, SqlState, assertNever } from '../../common/errors.ts';
import { T } from '../../common/types.ts';
import type { Flush, StopJob, Subscribe } from '../../parser/ast.ts';
import type { Query } from '../../parser/ast.ts';
import { ROW_KIND_NAMES } from '../../executor/row/binary-row.ts';
import type { RowBatch } from '../../executor/row/binary-row.ts';
import { Materialize } from '../../executor/operators/materialize.ts';
import type { ResultColumn, StatementResult, Value } from '../api.ts';
import { SubscriptionCursor } from '../cursor.ts';
import { buildDag } from '../dag.ts';
import { Job } from '../job.ts';
import type { EngineSession, StatementContext } from '../session.ts';
import { resultColumns } from './columns.ts';
import { lookupRelation } from './show.ts';
import { parse } from '../../parser/index.ts';

/** Runs SUBSCRIBE, FLUSH or STOP JOB. */
export async function executeStreaming(s: Subscribe | Flush | StopJob, ctx: StatementContext): Promise<StatementResult> {
  switch (s.kind) {
    case 'Subscribe':
      return { kind: 'rows', cursor: openSubscription(s, ctx) };
    case 'Flush':
      await ctx.db.flush();
      return { kind: 'command', tag: 'FLUSH' };
    case 'StopJob': {
      const job = ctx.db.jobs.get(s.id);
      if (!job) {
        if (ctx.db.catalog.getJob(s.id)) throw new SqlError(SqlState.objectNotInPrerequisiteState, `job "${s.id}" is not running`);
        throw new SqlError(SqlState.undefinedObject, `job "${s.id}" does not exist`, { position: s.pos + 1 });
      }
      if (job.status !== 'RUNNING') throw new SqlError(SqlState.objectNotInPrerequisiteState, `job "${s.id}" is not running (${job.status})`);
      job.cancel();
      return { kind: 'command', tag: 'STOP JOB' };
    }
    default:
      return assertNever(s, 'streaming statement');
  }
}

/** The `snapshot` option of SUBSCRIBE (default true); any other option is 22023. */
function snapshotOption(s: Subscribe): boolean {
  let snapshot = true;
  for (const o of s.options) {
    if (o.key.toLowerCase() !== 'snapshot') {
      throw new SqlError(SqlState.invalidParameterValue, `unsupported SUBSCRIBE option "${o.key}"`, { detail: 'supported options: snapshot' });
    }
    const v = o.value.toLowerCase();
    if (!['true', 'false', 'on', 'off', '1', '0'].includes(v)) throw new SqlError(SqlState.invalidParameterValue, `invalid value for SUBSCRIBE option snapshot: "${o.value}"`);
    snapshot = v === 'true' || v === 'on' || v === '1';
  }
  return snapshot;
}

type Target = { kind: 'stored'; name: string } | { kind: 'query'; query: Query };

function resolveTarget(s: Subscribe, session: EngineSession): Target {
  if (s.target.kind === 'query') return { kind: 'query', query: s.target.query };
  const r = lookupRelation(session, s.target.name.parts, s.target.name.pos);
  if (r.kind === 'materialized view' || (r.kind === 'table' && r.connector === undefined)) return { kind: 'stored', name: r.name };
  const q = parse(`SELECT * FROM "${r.name.replace(/"/g, '""')}"`)[0]!.statement;
  if (q.kind !== 'QueryStatement') throw new SqlError(SqlState.internalError, 'unexpected parse result');
  return { kind: 'query', query: q.query };
}

/** The columns SUBSCRIBE returns: `op` (text) and the relation's columns. */
export function subscribeColumns(s: Subscribe, session: EngineSession): ResultColumn[] {
  const t = resolveTarget(s, session);
  if (t.kind === 'stored') {
    const r = session.db.catalog.getRelation(t.name)!;
    return [{ name: 'op', type: T.text, tableOid: 0, attnum: 0 }, ...r.columns.map((c, i) => ({ name: c.name, type: c.type, tableOid: r.oid, attnum: i + 1 }))];
  }
  const planned = session.db.planQuery(t.query, [], session.settings.config());
  return [{ name: 'op', type: T.text, tableOid: 0, attnum: 0 }, ...resultColumns(planned.columnNames, planned.optimized.schema.map((f) => f.type))];
}

function changeRows(b: RowBatch): Value[][] {
  const rows: Value[][] = new Array(b.count);
  for (let r = 0; r < b.count; r++) rows[r] = [ROW_KIND_NAMES[b.kind(r)], ...b.getRow(r)];
  return rows;
}

/** Opens a subscription cursor for SUBSCRIBE (also used by COPY and DECLARE … CURSOR FOR SUBSCRIBE). */
export function openSubscription(s: Subscribe, ctx: StatementContext): SubscriptionCursor {
  const snapshot = snapshotOption(s);
  const t = resolveTarget(s, ctx.session);
  const columns = subscribeColumns(s, ctx.session);
  const { db } = ctx;
  if (t.kind === 'stored') {
    const feed = db.views.get(t.name)?.materialize ?? db.tables.get(t.name);
    if (!feed) throw new SqlError(SqlState.objectNotInPrerequisiteState, `"${t.name}" is not running`);
    let unsubscribe = () => {};
    const cursor = new SubscriptionCursor(columns, () => unsubscribe());
    const mvJob = db.views.get(t.name)?.job;
    if (mvJob && mvJob.status === 'FAILED') throw mvJob.failure ?? new SqlError(SqlState.objectNotInPrerequisiteState, `materialized view "${t.name}" failed`);
    if (snapshot) cursor.push(changeRows(feed.snapshot()));
    const stopFeed = feed.subscribe((b) => cursor.push(changeRows(b)));
    const stopJobWatch = mvJob?.onEnd((j) => {
      if (j.status === 'FAILED') cursor.fail(j.failure ?? new SqlError(SqlState.objectNotInPrerequisiteState, `materialized view "${t.name}" failed`));
      else cursor.finish();
    });
    unsubscribe = () => {
      stopFeed();
      stopJobWatch?.();
    };
    return cursor;
  }
  // A private job maintaining the query's result; the subscription reads its changelog.
  const config = ctx.session.settings.config();
  const planned = db.planQuery(t.query, ctx.paramTypes, config, ctx.params);
  const physical = db.physical(planned.optimized, false, { config, root: 'materialize' });
  const mat = new Materialize({ types: physical.types, upsertKey: physical.upsertKey });
  const dag = buildDag(physical, { db, config, bounded: false }, { kind: 'materialize', materialize: mat });
  const job = new Job(
    { id: db.newJobId(), statement: ctx.text, kind: 'subscribe', target: '', status: 'RUNNING', startedAt: Date.now(), endedAt: undefined, error: undefined },
    dag,
  );
  dag.bindJob(job);
  let stopFeed = () => {};
  const cursor = new SubscriptionCursor(columns, () => {
    stopFeed();
    job.cancel();
  });
  db.addTransientJob(job);
  job.onEnd((j) => {
    if (j.status === 'FAILED') cursor.fail(j.failure ?? new SqlError(SqlState.internalError, 'subscription failed'));
    else if (j.status === 'FINISHED') cursor.finish();
  });
  job.start();
  if (snapshot) cursor.push(changeRows(mat.snapshot()));
  stopFeed = mat.subscribe((b) => cursor.push(changeRows(b)));
  return cursor;
}
