/**
 * An in-memory Catalog test double for binder tests: relations in a Map, everything else minimal.
 * `table()` / `view()` build RelationInfos tersely.
 */
import type { SqlType } from '../../../common/types.ts';
import { SqlError, SqlState } from '../../../common/errors.ts';
import type { Catalog, ColumnInfo, JobInfo, RelationInfo, TableInfo, UserInfo, ViewInfo } from '../../../catalog/catalog.ts';

/** A Map-backed Catalog. */
export class MemoryCatalog implements Catalog {
  private readonly rels = new Map<string, RelationInfo>();
  private nextOid = 16384;

  getRelation(name: string): RelationInfo | undefined {
    return this.rels.get(name);
  }
  getRelationByOid(oid: number): RelationInfo | undefined {
    return [...this.rels.values()].find((r) => r.oid === oid);
  }
  relations(): readonly RelationInfo[] {
    return [...this.rels.values()];
  }
  addRelation(r: Omit<TableInfo, 'oid'> | Omit<ViewInfo, 'oid'>): RelationInfo {
    if (this.rels.has(r.name)) throw new SqlError(SqlState.duplicateTable, `relation "${r.name}" already exists`);
    const rel = { ...r, oid: this.nextOid++ } as RelationInfo;
    this.rels.set(r.name, rel);
    return rel;
  }
  setComment(): void {}
  removeRelation(name: string): void {
    this.rels.delete(name);
  }
  dependents(name: string): readonly RelationInfo[] {
    return this.relations().filter((r) => r.kind !== 'table' && r.dependsOn.includes(name));
  }
  jobs(): readonly JobInfo[] {
    return [];
  }
  getJob(): JobInfo | undefined {
    return undefined;
  }
  putJob(): void {}
  users(): readonly UserInfo[] {
    return [];
  }
  putUser(): void {}
  removeUser(): void {}
  tableRows(): Iterable<{ key: string; row: string }> {
    return [];
  }
  putTableRows(): void {}
  close(): void {}
}

/** Column shorthand: [name, type, extra]. */
export type ColumnSpec = readonly [string, SqlType, Partial<ColumnInfo>?];

function columns(specs: readonly ColumnSpec[]): ColumnInfo[] {
  return specs.map(([name, type, extra]) => ({ name, type, nullable: true, ...extra }));
}

/** A table definition (DML table unless `connector` is given). */
export function table(name: string, specs: readonly ColumnSpec[], extra: Partial<Omit<TableInfo, 'oid' | 'kind' | 'name' | 'columns'>> = {}): Omit<TableInfo, 'oid'> {
  return {
    kind: 'table',
    name,
    columns: columns(specs),
    sql: '',
    createdAt: 0,
    connector: undefined,
    options: {},
    primaryKey: undefined,
    watermark: undefined,
    ...extra,
  };
}

/** A view or materialized view definition. */
export function view(name: string, query: string, specs: readonly ColumnSpec[], kind: 'view' | 'materialized view' = 'view'): Omit<ViewInfo, 'oid'> {
  return { kind, name, columns: columns(specs), sql: '', createdAt: 0, query, dependsOn: [] };
}
