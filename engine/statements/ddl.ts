/**
 * DDL: CREATE TABLE (DML tables and connector tables), CREATE [MATERIALIZED] VIEW, DROP with
 * dependency checks (2BP01, CASCADE), COMMENT ON, CREATE/ALTER USER. Errors and notices use
 * PostgreSQL's codes and wording (PostgreSQL docs: CREATE TABLE, DROP TABLE).
 */
import { SqlError, SqlState, assertNever } from '../../common/errors.ts';
import { hashPassword } from '../../common/password-hash.ts';
import type { CommentOn, CreateTable, CreateUser, CreateView, Drop } from '../../parser/ast.ts';
import { printExpr } from '../../parser/index.ts';
import type { ColumnInfo, RelationInfo, TableInfo, ViewInfo } from '../../catalog/catalog.ts';
import { bindQuery, bindScalar } from '../../planner/binder/index.ts';
import { getConnector, validateTableOptions } from '../../connectors/registry.ts';
import type { StatementResult } from '../api.ts';
import { TableStore } from '../table-store.ts';
import type { StatementContext } from '../session.ts';
import { lookupRelation } from './show.ts';
import { parallelismNotice } from '../parallel/index.ts';

/** Runs a DDL statement. */
export async function executeDdl(s: CreateTable | CreateView | Drop | CommentOn | CreateUser, ctx: StatementContext): Promise<StatementResult> {
  switch (s.kind) {
    case 'CreateTable':
      return createTable(s, ctx);
    case 'CreateView':
      return createView(s, ctx);
    case 'Drop':
      return drop(s, ctx);
    case 'CommentOn':
      return commentOn(s, ctx);
    case 'CreateUser':
      return createUser(s, ctx);
    default:
      return assertNever(s, 'DDL statement');
  }
}

function relName(parts: readonly string[], pos: number): string {
  if (parts.length > 2 || (parts.length === 2 && parts[0] !== 'public')) {
    throw new SqlError(SqlState.invalidSchemaName, `schema "${parts.slice(0, -1).join('.')}" does not exist`, { position: pos + 1 });
  }
  return parts[parts.length - 1]!;
}

function createTable(s: CreateTable, ctx: StatementContext): StatementResult {
  const { catalog } = ctx.db;
  const name = relName(s.name.parts, s.name.pos);
  if (catalog.getRelation(name)) {
    if (s.ifNotExists) {
      ctx.session.notice({ severity: 'NOTICE', code: SqlState.duplicateTable, message: `relation "${name}" already exists, skipping` });
      return { kind: 'command', tag: 'CREATE TABLE' };
    }
    throw new SqlError(SqlState.duplicateTable, `relation "${name}" already exists`, { position: s.name.pos + 1 });
  }
  if (s.asQuery) throw new SqlError(SqlState.featureNotSupported, 'CREATE TABLE … AS SELECT is not supported yet', { position: s.pos + 1 });
  const seen = new Set<string>();
  for (const c of s.columns) {
    if (seen.has(c.name)) throw new SqlError(SqlState.duplicateColumn, `column "${c.name}" specified more than once`, { position: c.pos + 1 });
    seen.add(c.name);
  }
  const pk = s.primaryKey?.columns;
  for (const k of pk ?? []) {
    if (!seen.has(k)) throw new SqlError(SqlState.undefinedColumn, `column "${k}" named in key does not exist`, { position: s.primaryKey!.pos + 1 });
  }
  const physical: { name: string; type: ColumnInfo['type'] }[] = [];
  const columns: ColumnInfo[] = [];
  for (const c of s.columns) {
    if (c.kind !== 'ColumnDef') continue;
    if (!c.typeRef.type) throw new SqlError(SqlState.featureNotSupported, `type ${c.typeRef.text} is not supported for table columns`, { position: c.typeRef.pos + 1 });
    physical.push({ name: c.name, type: c.typeRef.type });
  }
  for (const c of s.columns) {
    if (c.kind === 'ColumnDef') {
      const isPk = pk?.includes(c.name) ?? false;
      columns.push({ name: c.name, type: c.typeRef.type!, nullable: !c.notNull && !isPk, default: c.default ? printExpr(c.default) : undefined });
    } else {
      const bound = bindScalar(c.expr, physical, { catalog, paramTypes: [] });
      columns.push({ name: c.name, type: bound.type, nullable: true, computed: printExpr(c.expr) });
    }
  }
  if (s.watermark) {
    const wm = s.watermark;
    const col = columns.find((c) => c.name === wm.column);
    if (!col) throw new SqlError(SqlState.undefinedColumn, `column "${wm.column}" named in WATERMARK does not exist`, { position: wm.pos + 1 });
    if (col.type.id !== 'timestamp' && col.type.id !== 'timestamptz') {
      throw new SqlError(SqlState.datatypeMismatch, `WATERMARK column "${wm.column}" must be of type TIMESTAMP(3) or TIMESTAMP_LTZ(3), not ${col.type.id}`, { position: wm.pos + 1 });
    }
    bindScalar(wm.expr, columns.map((c) => ({ name: c.name, type: c.type })), { catalog, paramTypes: [] });
  }
  const options: Record<string, string> = {};
  for (const o of s.options) options[o.key] = o.value;
  const connector = options['connector'];
  const info: Omit<TableInfo, 'oid'> = {
    kind: 'table',
    name,
    columns,
    sql: ctx.text,
    createdAt: Date.now(),
    connector,
    options,
    primaryKey: pk,
    watermark: s.watermark ? { column: s.watermark.column, expr: printExpr(s.watermark.expr) } : undefined,
  };
  if (connector === undefined) {
    const stray = Object.keys(options);
    if (stray.length > 0) {
      throw new SqlError(SqlState.invalidParameterValue, `option "${stray[0]}" needs a connector`, {
        hint: "Add 'connector' = '…' to the WITH options, or drop the options to create a table stored by Strom.",
      });
    }
    // Computed columns (`proc_time AS PROCTIME()`) are computed when the table is read; rows store NULL there.
    const computedKey = columns.find((c) => c.computed !== undefined && (pk?.includes(c.name) ?? false));
    if (computedKey) throw new SqlError(SqlState.invalidTableDefinition, `computed column "${computedKey.name}" cannot be part of the primary key`);
  } else {
    const conn = getConnector(connector);
    validateTableOptions(info as TableInfo);
    conn.validate?.(info as TableInfo);
  }
  const created = catalog.addRelation(info) as TableInfo;
  if (connector === undefined) ctx.db.tables.set(name, new TableStore(created, catalog));
  return { kind: 'command', tag: 'CREATE TABLE' };
}

function createView(s: CreateView, ctx: StatementContext): StatementResult {
  const { catalog } = ctx.db;
  const name = relName(s.name.parts, s.name.pos);
  const tag = s.materialized ? 'CREATE MATERIALIZED VIEW' : 'CREATE VIEW';
  const existing = catalog.getRelation(name);
  if (existing) {
    if (s.ifNotExists) {
      ctx.session.notice({ severity: 'NOTICE', code: SqlState.duplicateTable, message: `relation "${name}" already exists, skipping` });
      return { kind: 'command', tag };
    }
    if (!(s.orReplace && !s.materialized && existing.kind === 'view')) {
      throw new SqlError(SqlState.duplicateTable, `relation "${name}" already exists`, { position: s.name.pos + 1 });
    }
  }
  const bound = bindQuery(s.query, { catalog, paramTypes: [] });
  const names = [...bound.columnNames];
  if (s.columns) {
    if (s.columns.length > names.length) throw new SqlError(SqlState.syntaxError, 'CREATE VIEW specifies more column names than columns');
    s.columns.forEach((c, i) => (names[i] = c));
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new SqlError(SqlState.duplicateColumn, `column "${n}" specified more than once`);
    seen.add(n);
  }
  const info: Omit<ViewInfo, 'oid'> = {
    kind: s.materialized ? 'materialized view' : 'view',
    name,
    columns: bound.plan.schema.map((f, i) => ({ name: names[i]!, type: f.type, nullable: f.nullable })),
    sql: ctx.text,
    createdAt: Date.now(),
    query: s.queryText,
    dependsOn: [...new Set(bound.relationsRead)],
    ...(s.materialized ? { config: Object.fromEntries(ctx.session.settings.config()) } : {}),
  };
  if (existing) catalog.removeRelation(name);
  if (s.materialized) {
    // Plan before recording, so an unsupported query leaves nothing behind.
    const config = ctx.session.settings.config();
    const planned = ctx.db.planQuery(s.query, [], config);
    ctx.db.physical(planned.optimized, false, { config, root: 'materialize' });
  }
  const created = catalog.addRelation(info) as ViewInfo;
  if (s.materialized) {
    try {
      const fallback = parallelismNotice(ctx.db.startMaterializedView(created).job);
      if (fallback) ctx.session.notice(fallback);
    } catch (e) {
      catalog.removeRelation(name);
      ctx.db.views.delete(name);
      throw e;
    }
  }
  return { kind: 'command', tag };
}

const KIND_WORD: Record<string, string> = { table: 'table', view: 'view', 'materialized view': 'materialized view' };

function dropTag(kind: Drop['objectKind']): string {
  return `DROP ${kind.toUpperCase()}`;
}

function drop(s: Drop, ctx: StatementContext): StatementResult {
  const { catalog } = ctx.db;
  if (s.objectKind === 'user') {
    for (const n of s.names) {
      const name = n.parts.at(-1)!;
      if (!catalog.users().some((u) => u.name === name)) {
        if (s.ifExists) {
          ctx.session.notice({ severity: 'NOTICE', code: SqlState.undefinedObject, message: `role "${name}" does not exist, skipping` });
          continue;
        }
        throw new SqlError(SqlState.undefinedObject, `role "${name}" does not exist`);
      }
      catalog.removeUser(name);
    }
    return { kind: 'command', tag: 'DROP ROLE' };
  }
  if (!['table', 'view', 'materialized view'].includes(s.objectKind)) {
    throw new SqlError(SqlState.featureNotSupported, `DROP ${s.objectKind.toUpperCase()} is not supported`);
  }
  const targets: RelationInfo[] = [];
  for (const n of s.names) {
    const name = n.parts.at(-1)!;
    const r = catalog.getRelation(name);
    if (!r) {
      if (s.ifExists) {
        ctx.session.notice({ severity: 'NOTICE', code: SqlState.undefinedTable, message: `${KIND_WORD[s.objectKind]} "${name}" does not exist, skipping` });
        continue;
      }
      throw new SqlError(SqlState.undefinedTable, `${KIND_WORD[s.objectKind]} "${name}" does not exist`, { position: n.pos + 1 });
    }
    if (r.kind !== s.objectKind) {
      const use = r.kind === 'table' ? 'DROP TABLE' : r.kind === 'view' ? 'DROP VIEW' : 'DROP MATERIALIZED VIEW';
      throw new SqlError(SqlState.wrongObjectType, `"${name}" is not a ${KIND_WORD[s.objectKind]}`, { hint: `Use ${use} to remove a ${r.kind}.`, position: n.pos + 1 });
    }
    targets.push(r);
  }
  // Collect dependents: views reading the relation, and running INSERT jobs reading or writing it.
  const order: RelationInfo[] = [];
  const jobsToStop = new Set<string>();
  const visit = (r: RelationInfo, root: RelationInfo) => {
    if (order.includes(r)) return;
    for (const d of catalog.dependents(r.name)) {
      if (!s.cascade) {
        throw new SqlError(SqlState.dependentObjectsStillExist, `cannot drop ${KIND_WORD[root.kind]} ${root.name} because other objects depend on it`, {
          detail: `${KIND_WORD[d.kind]} ${d.name} depends on ${KIND_WORD[r.kind]} ${r.name}`,
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        });
      }
      visit(d, root);
    }
    for (const j of ctx.db.jobs.values()) {
      if (j.status !== 'RUNNING' || j.record.kind !== 'insert') continue;
      if (!(j.reads.has(r.name) || j.record.target === r.name)) continue;
      if (!s.cascade) {
        throw new SqlError(SqlState.dependentObjectsStillExist, `cannot drop ${KIND_WORD[root.kind]} ${root.name} because other objects depend on it`, {
          detail: `job ${j.id} (${j.record.statement}) depends on ${KIND_WORD[r.kind]} ${r.name}`,
          hint: 'Use DROP ... CASCADE to drop the dependent objects too, or STOP JOB first.',
        });
      }
      jobsToStop.add(j.id);
    }
    order.push(r);
  };
  for (const t of targets) visit(t, t);
  for (const id of jobsToStop) {
    ctx.db.jobs.get(id)!.cancel();
    ctx.session.notice({ severity: 'NOTICE', code: '00000', message: `drop cascades to job ${id}` });
  }
  for (const r of order) {
    if (!targets.includes(r)) ctx.session.notice({ severity: 'NOTICE', code: '00000', message: `drop cascades to ${KIND_WORD[r.kind]} ${r.name}` });
    const mv = ctx.db.views.get(r.name);
    if (mv) {
      mv.job?.cancel();
      ctx.db.views.delete(r.name);
    }
    const store = ctx.db.tables.get(r.name);
    if (store) {
      store.clear();
      ctx.db.tables.delete(r.name);
    }
    catalog.removeRelation(r.name);
  }
  return { kind: 'command', tag: dropTag(s.objectKind) };
}

function commentOn(s: CommentOn, ctx: StatementContext): StatementResult {
  if (s.objectKind === 'column') {
    // COMMENT ON COLUMN [schema.]table.column: the last part names the column.
    const parts = s.name.parts;
    if (parts.length < 2) throw new SqlError(SqlState.syntaxError, 'column name must be qualified', { position: s.name.pos + 1 });
    const r = lookupRelation(ctx.session, parts.slice(0, -1), s.name.pos);
    ctx.db.catalog.setComment(r.name, s.comment ?? undefined, parts[parts.length - 1]!);
    return { kind: 'command', tag: 'COMMENT' };
  }
  const r = lookupRelation(ctx.session, s.name.parts, s.name.pos);
  ctx.db.catalog.setComment(r.name, s.comment ?? undefined);
  return { kind: 'command', tag: 'COMMENT' };
}

function createUser(s: CreateUser, ctx: StatementContext): StatementResult {
  const { catalog } = ctx.db;
  const existing = catalog.users().find((u) => u.name === s.name);
  if (s.alter && !existing) throw new SqlError(SqlState.undefinedObject, `role "${s.name}" does not exist`);
  if (!s.alter && existing) throw new SqlError(SqlState.duplicateObject, `role "${s.name}" already exists`);
  // A SCRAM-SHA-256 verifier in rolpassword's form, and the md5 form beside it (common/password-hash.ts).
  const hashed = s.password === undefined || s.password === null ? undefined : hashPassword(s.password, s.name);
  const password = s.password === undefined ? existing?.password : (hashed?.scram ?? hashed?.md5);
  const md5Password = s.password === undefined ? existing?.md5Password : hashed?.md5;
  const superuser = s.options.some((o) => o.toLowerCase() === 'superuser') || (existing?.superuser ?? false);
  catalog.putUser({ name: s.name, password, md5Password, superuser });
  return { kind: 'command', tag: s.alter ? 'ALTER ROLE' : 'CREATE ROLE' };
}
