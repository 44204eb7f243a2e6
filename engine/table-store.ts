/**
 * A DML table's rows: held in memory for reads, written through to the catalog's SQLite store on
 * every statement, and published as a changelog (+I for INSERT, -U/+U for UPDATE, -D for DELETE)
 * to every job, materialized view and subscription that reads the table.
 *
 * Constraints as PostgreSQL: a primary key is unique (23505) and NOT NULL (23502); NOT NULL columns
 * reject NULL (23502). Rows persist as JSON arrays of PostgreSQL text values (pg-text).
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import { formatValue, parseValue } from '../common/pg-text.ts';
import type { Catalog, TableInfo } from '../catalog/catalog.ts';
import { RowBatchBuilder, RowKind } from '../executor/row/binary-row.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';
import { valueKey } from '../executor/row/value-key.ts';

/** A change listener: receives each statement's changes as one batch. */
export type ChangeListener = (batch: RowBatch) => void;

/** The result of ON CONFLICT handling for one proposed row. */
export type ConflictAction = { kind: 'nothing' } | { kind: 'update'; compute: (existing: unknown[], excluded: unknown[]) => unknown[] | undefined };

/** A DML table's index for lookup joins: key string → the rows with that key (and their array, built on demand). */
interface LookupIndex {
  readonly columns: readonly number[];
  readonly map: Map<string, { readonly rows: Map<string, unknown[]>; list: unknown[][] | undefined }>;
}

export class TableStore {
  readonly types: readonly SqlType[];
  private readonly rows = new Map<string, unknown[]>();
  private readonly pk: readonly number[] | undefined;
  /**
   * With computed columns (`proc_time AS PROCTIME()`, computed when read): the physical columns.
   * Rows are kept full width with NULL in computed columns; INSERT and job output deliver physical
   * columns only, which `widen` spreads out.
   */
  private readonly physical: readonly number[] | undefined;
  private nextRowId = 1;
  private readonly listeners = new Set<ChangeListener>();
  /** Indexes by column lists (`"0,2"`), for lookup joins: valueKey(values) → the matching rows. */
  private readonly indexes = new Map<string, LookupIndex>();

  constructor(
    readonly table: TableInfo,
    private readonly catalog: Catalog,
  ) {
    this.types = table.columns.map((c) => c.type);
    const physical = table.columns.flatMap((c, i) => (c.computed === undefined ? [i] : []));
    this.physical = physical.length < table.columns.length ? physical : undefined;
    this.pk = table.primaryKey?.map((n) => table.columns.findIndex((c) => c.name === n));
    for (const { key, row } of catalog.tableRows(table.name)) {
      this.rows.set(key, this.decode(row));
      if (key.startsWith('#')) this.nextRowId = Math.max(this.nextRowId, Number(key.slice(1)) + 1);
    }
  }

  /** Number of rows. */
  get size(): number {
    return this.rows.size;
  }

  /** The current rows as JavaScript values (do not mutate). */
  values(): IterableIterator<unknown[]> {
    return this.rows.values();
  }

  /** The current rows as one +I batch. */
  snapshot(): RowBatch {
    const b = new RowBatchBuilder(this.types, 1024, this.rows.size + 1);
    for (const r of this.rows.values()) b.addRow(RowKind.INSERT, r);
    return b.finish();
  }

  /**
   * A lookup by `columns` (a lookup join against this table): a function from key values
   * (`keyString` = valueKey(key)) to the rows whose `columns` equal them; NULL keys match nothing.
   * The first call for a column list builds an index that every later change maintains. Do not
   * mutate the returned rows.
   */
  lookupBy(columns: readonly number[]): (key: readonly unknown[], keyString: string) => readonly unknown[][] {
    const id = columns.join(',');
    let ix = this.indexes.get(id);
    if (!ix) {
      const created: LookupIndex = { columns, map: new Map() };
      this.indexes.set(id, created);
      for (const [k, r] of this.rows) this.indexRow(created, k, r, true);
      ix = created;
    }
    const map = ix.map;
    const none: unknown[][] = [];
    return (key, keyString) => {
      const hits = map.get(keyString);
      if (!hits || key.some((v) => v === null || v === undefined)) return none;
      return (hits.list ??= [...hits.rows.values()]);
    };
  }

  private indexRow(ix: LookupIndex, rowKey: string, row: unknown[], add: boolean): void {
    const k = valueKey(ix.columns.map((c) => row[c]));
    let m = ix.map.get(k);
    if (add) {
      if (!m) ix.map.set(k, (m = { rows: new Map(), list: undefined }));
      m.rows.set(rowKey, row);
      m.list = undefined;
    } else if (m) {
      m.rows.delete(rowKey);
      m.list = undefined;
      if (m.rows.size === 0) ix.map.delete(k);
    }
  }

  /** Registers a listener for future changes; returns the function that removes it. */
  subscribe(l: ChangeListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private encode(r: readonly unknown[]): string {
    return JSON.stringify(r.map((v, i) => (v === null ? null : formatValue(this.types[i]!, v))));
  }
  private decode(s: string): unknown[] {
    return (JSON.parse(s) as (string | null)[]).map((v, i) => (v === null ? null : parseValue(this.types[i]!, v)));
  }

  /** A row of the physical columns (or already full width) as a full-width row. */
  private widen(r: unknown[]): unknown[] {
    const p = this.physical;
    if (!p || r.length === this.types.length) return r;
    const out: unknown[] = new Array(this.types.length).fill(null);
    p.forEach((c, i) => (out[c] = r[i] ?? null));
    return out;
  }

  private keyOf(r: readonly unknown[]): string | undefined {
    if (!this.pk) return undefined;
    return JSON.stringify(this.pk.map((i) => formatValue(this.types[i]!, r[i])));
  }

  private checkNotNull(r: readonly unknown[]): void {
    this.table.columns.forEach((c, i) => {
      const required = !c.nullable || (this.pk?.includes(i) ?? false);
      if (required && (r[i] === null || r[i] === undefined)) {
        throw new SqlError(SqlState.notNullViolation, `null value in column "${c.name}" of relation "${this.table.name}" violates not-null constraint`);
      }
    });
  }

  private duplicate(r: readonly unknown[]): SqlError {
    const cols = this.pk!.map((i) => this.table.columns[i]!.name).join(', ');
    const vals = this.pk!.map((i) => formatValue(this.types[i]!, r[i])).join(', ');
    return new SqlError(SqlState.uniqueViolation, `duplicate key value violates unique constraint "${this.table.name}_pkey"`, {
      detail: `Key (${cols})=(${vals}) already exists.`,
    });
  }

  /**
   * Inserts rows (full-width, already cast to the column types). With `onConflict`, a row whose key
   * exists is skipped (DO NOTHING) or replaced by `compute` (DO UPDATE; undefined = WHERE rejected).
   * All-or-nothing: a constraint error leaves the table unchanged. Returns the rows inserted or updated.
   */
  insert(rows: readonly unknown[][], onConflict?: ConflictAction): number {
    const b = new RowBatchBuilder(this.types, 1024, rows.length * 2 + 1);
    const staged = new Map<string, unknown[] | null>();
    const current = (k: string) => (staged.has(k) ? staged.get(k) ?? undefined : this.rows.get(k));
    let count = 0;
    for (const physicalRow of rows) {
      const r = this.widen(physicalRow);
      this.checkNotNull(r);
      const k = this.keyOf(r);
      if (k === undefined) {
        const id = `#${this.nextRowId++}`;
        staged.set(id, r);
        b.addRow(RowKind.INSERT, r);
        count++;
        continue;
      }
      const existing = current(k);
      if (existing) {
        if (!onConflict) throw this.duplicate(r);
        if (onConflict.kind === 'nothing') continue;
        const updated = onConflict.compute(existing, r);
        if (!updated) continue;
        this.checkNotNull(updated);
        if (this.keyOf(updated) !== k) throw new SqlError(SqlState.featureNotSupported, 'ON CONFLICT DO UPDATE cannot change the primary key');
        staged.set(k, updated);
        b.addRow(RowKind.UPDATE_BEFORE, existing);
        b.addRow(RowKind.UPDATE_AFTER, updated);
        count++;
        continue;
      }
      staged.set(k, r);
      b.addRow(RowKind.INSERT, r);
      count++;
    }
    this.commit(staged, b.finish());
    return count;
  }

  /** Updates every row matching `filter` with `compute(row)`; returns the count. PK changes are checked for uniqueness. */
  update(filter: (r: unknown[]) => boolean, compute: (r: unknown[]) => unknown[]): number {
    const b = new RowBatchBuilder(this.types);
    const staged = new Map<string, unknown[] | null>();
    const moved: [string, unknown[]][] = [];
    let count = 0;
    for (const [k, r] of this.rows) {
      if (!filter(r)) continue;
      const nr = compute(r);
      this.checkNotNull(nr);
      const nk = this.keyOf(nr);
      if (nk !== undefined && nk !== k) {
        staged.set(k, null);
        moved.push([nk, nr]);
      } else {
        staged.set(k, nr);
      }
      b.addRow(RowKind.UPDATE_BEFORE, r);
      b.addRow(RowKind.UPDATE_AFTER, nr);
      count++;
    }
    for (const [nk, nr] of moved) {
      const clash = staged.has(nk) ? staged.get(nk) : this.rows.get(nk);
      if (clash) throw this.duplicate(nr);
      staged.set(nk, nr);
    }
    this.commit(staged, b.finish());
    return count;
  }

  /** Deletes every row matching `filter`; returns the count. */
  delete(filter: (r: unknown[]) => boolean): number {
    const b = new RowBatchBuilder(this.types);
    const staged = new Map<string, unknown[] | null>();
    for (const [k, r] of this.rows) {
      if (!filter(r)) continue;
      staged.set(k, null);
      b.addRow(RowKind.DELETE, r);
    }
    this.commit(staged, b.finish());
    return staged.size;
  }

  /**
   * Applies a changelog written by a continuous job (INSERT INTO dml_table SELECT … FROM stream):
   * +I/+U add a row (replacing by primary key), -U/-D remove one matching row. Constraint errors
   * fail the job.
   */
  applyChangelog(input: RowBatch): void {
    const staged = new Map<string, unknown[] | null>();
    let batch = input;
    if (this.physical && input.arity !== this.types.length) {
      const b = new RowBatchBuilder(this.types, 1024, input.count + 1);
      for (let r = 0; r < input.count; r++) b.addRow(input.kind(r), this.widen(input.getRow(r)));
      batch = b.finish();
    }
    for (let r = 0; r < batch.count; r++) {
      const row = batch.getRow(r);
      const kind = batch.kind(r);
      const k = this.keyOf(row);
      if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) {
        this.checkNotNull(row);
        staged.set(k ?? `#${this.nextRowId++}`, row);
      } else {
        const enc = this.encode(row);
        if (k !== undefined) staged.set(k, null);
        else {
          for (const [rk, rv] of [...staged, ...this.rows]) {
            if (rv && staged.get(rk) !== null && this.encode(rv) === enc) {
              staged.set(rk, null);
              break;
            }
          }
        }
      }
    }
    this.commit(staged, batch);
  }

  /** Removes every row without emitting changes (DROP TABLE). */
  clear(): void {
    this.rows.clear();
    this.indexes.clear();
    this.listeners.clear();
  }

  private commit(staged: Map<string, unknown[] | null>, changes: RowBatch): void {
    if (staged.size === 0) return;
    const upserts: { key: string; row: string }[] = [];
    const deletes: string[] = [];
    for (const [k, r] of staged) {
      if (r) upserts.push({ key: k, row: this.encode(r) });
      else deletes.push(k);
    }
    this.catalog.putTableRows(this.table.name, upserts, deletes);
    for (const [k, r] of staged) {
      for (const ix of this.indexes.values()) {
        const old = this.rows.get(k);
        if (old) this.indexRow(ix, k, old, false);
        if (r) this.indexRow(ix, k, r, true);
      }
      if (r) this.rows.set(k, r);
      else this.rows.delete(k);
    }
    if (changes.count > 0) for (const l of [...this.listeners]) l(changes);
  }
}
