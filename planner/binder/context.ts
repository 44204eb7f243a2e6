/**
 * The binder's public context and result shapes, and the per-query environment threaded through the
 * bind-*.ts modules (CTEs in scope, the outer query's scope for correlated subqueries).
 */
import type { SqlType } from '../../common/types.ts';
import type { Catalog, TableInfo } from '../../catalog/catalog.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { Scope } from './scope.ts';

/** What binding reads: the catalog, parameter types, session settings. */
export interface BindContext {
  readonly catalog: Catalog;
  /** Parameter types: declared ones set; undefined entries are inferred during binding and written back into this array (text if unconstrained). */
  readonly paramTypes: (SqlType | undefined)[];
  /** Session settings, for current_setting() etc. (may be unused for now). */
  readonly settings?: ReadonlyMap<string, string>;
}

/** A bound query: its plan, output column names, and the relations its text reads directly. */
export interface BoundQuery {
  readonly plan: LogicalPlan;
  readonly columnNames: readonly string[];
  /** names of relations read directly (for view dependencies) */
  readonly relationsRead: readonly string[];
}

/** ON CONFLICT of an INSERT: key columns (table column indices) and the action. */
export interface BoundOnConflict {
  readonly keyColumns: readonly number[];
  /** `set`/`where` expressions are over [table columns..., excluded columns...]. */
  readonly action: 'nothing' | { readonly set: readonly { column: number; expr: BoundExpr }[]; readonly where?: BoundExpr };
}

/** A bound INSERT: `source` produces one column per `targetColumns` entry, already cast to the column types. */
export interface BoundInsert {
  readonly table: TableInfo;
  readonly targetColumns: readonly number[];
  readonly source: LogicalPlan;
  readonly onConflict?: BoundOnConflict;
}

/** A bound UPDATE: filter and SET expressions are over the table's columns. */
export interface BoundUpdate {
  readonly table: TableInfo;
  readonly filter: BoundExpr | undefined;
  readonly set: readonly { column: number; expr: BoundExpr }[];
}

/** A bound DELETE: the filter is over the table's columns. */
export interface BoundDelete {
  readonly table: TableInfo;
  readonly filter: BoundExpr | undefined;
}

/** State shared by one top-level bind call (not by the views it expands). */
export interface BinderState {
  readonly ctx: BindContext;
  readonly relationsRead: Set<string>;
  /** Nesting depth of view expansion (guards against cycles). */
  readonly viewDepth: number;
}

/** A CTE visible by name: its bound plan and output columns. */
export interface CteBinding {
  readonly plan: LogicalPlan;
  readonly names: readonly string[];
}

/**
 * The outer query's FROM scope, seen by a subquery: references into it are correlations (allowed only
 * in the subquery's WHERE conjuncts). `refs` collects the ColRefs created for them (their `index` is
 * the outer column's index); `blocked` scopes make any such reference a 0A000 error.
 */
export interface OuterScope {
  readonly scope: Scope;
  readonly refs: WeakSet<BoundExpr>;
  readonly parent: OuterScope | undefined;
  readonly blocked: boolean;
  /** Set when the subquery is bound over its outer rows (bind-subquery.ts): outer references read this domain. */
  readonly domain?: OuterDomain;
}

/**
 * The outer rows a subquery is bound over when its outer references are not all in WHERE conjuncts
 * (bind-subquery.ts): `plan` is joined first into the subquery's FROM, and outer column `i` is read as
 * its column `positions.get(i)` (identity while `positions` is undefined: the pass that records
 * which outer columns the subquery reads, into `used`).
 */
export interface OuterDomain {
  readonly plan: LogicalPlan;
  readonly positions: ReadonlyMap<number, number> | undefined;
  readonly used: Set<number>;
}

/** Errors raised for an outer reference where decorrelation into join conditions cannot place it (bind-subquery.ts then binds over a domain). */
export const correlationLimits = new WeakSet<object>();

/** The environment of one query level. */
export interface QueryEnv {
  readonly state: BinderState;
  readonly ctes: ReadonlyMap<string, CteBinding>;
  readonly outer: OuterScope | undefined;
  /** The query names a system column (xmin, ctid, tableoid…): table references plan them (system-columns.ts). */
  readonly systemColumns?: boolean;
}

/** Options of a query binding. */
export interface QueryOptions {
  /** Keep `unknown`-typed output columns (set-operation operands, INSERT sources); otherwise they become text. */
  readonly keepUnknown?: boolean;
}

/** An environment with the same state and CTEs, whose correlations are reported as unsupported. */
export function blockOuter(env: QueryEnv): QueryEnv {
  return env.outer ? { ...env, outer: { ...env.outer, blocked: true } } : env;
}
