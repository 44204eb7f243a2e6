/**
 * System columns of tables and materialized views (PostgreSQL docs §5.5 "System Columns"), which
 * tools read (`SELECT xmin, * FROM t`, `ctid` as a row handle): `tableoid` (oid: the relation's
 * pg_class OID), `xmin` (xid: Strom applies each statement on its own, so every row reads as written
 * by transaction 1, what txid_current() answers), `xmax` (xid 0: never deleted) and `ctid` (tid
 * `(0,n)`: the row's position in this read, n from 1 — Strom has no heap pages, so a ctid is only
 * meaningful within one query). They are planned only when a query names one (the binder asks
 * `mentionsSystemColumn` first), so other plans are unchanged; `*` and NATURAL joins leave them out.
 */
import { T } from '../../common/types.ts';
import type { RelationInfo } from '../../catalog/catalog.ts';
import type { BoundExpr } from '../logical/expr.ts';
import type { QueryEnv } from './context.ts';
import type { FromResult } from './bind-relation.ts';
import { Scope } from './scope.ts';
import { plainContext } from './expr-context.ts';
import { applyOperator } from './bind-operators.ts';
import { project, window } from './plan-util.ts';

/** The system column names Strom provides. */
export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['tableoid', 'xmin', 'xmax', 'ctid']);

/** Whether the AST `node` (a SELECT, with its subqueries) has a column reference ending in a system column name. */
export function mentionsSystemColumn(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(mentionsSystemColumn);
  if (node === null || typeof node !== 'object') return false;
  const o = node as { kind?: unknown; parts?: unknown };
  if (o.kind === 'ColumnRef' && Array.isArray(o.parts) && SYSTEM_COLUMNS.has(String(o.parts[o.parts.length - 1]))) return true;
  return Object.values(node).some((v) => v !== null && typeof v === 'object' && mentionsSystemColumn(v));
}

/** `from` (a reference to `rel`, qualified by `qualifier`) extended by the system columns. */
export function withSystemColumns(from: FromResult, rel: RelationInfo, qualifier: string, env: QueryEnv): FromResult {
  const w = from.plan.schema.length;
  const numbered = window(from.plan, [], [], [{ fn: 'row_number', args: [], frame: undefined, type: T.int8, name: 'ctid' }]);
  const cx = plainContext(Scope.empty, env, 'FROM');
  const asText = (e: BoundExpr): BoundExpr => ({ kind: 'Cast', operand: e, type: T.text, tryCast: false });
  const text = (s: string): BoundExpr => ({ kind: 'Const', value: s, type: T.text });
  const rowNumber: BoundExpr = { kind: 'ColRef', index: w, type: T.int8 };
  const ctidText = applyOperator('||', [applyOperator('||', [text('(0,'), asText(rowNumber)], 0, cx), text(')')], 0, cx);
  const system: readonly [string, BoundExpr][] = [
    ['tableoid', { kind: 'Const', value: rel.oid, type: T.oid }],
    ['xmin', { kind: 'Const', value: 1, type: T.xid }],
    ['xmax', { kind: 'Const', value: 0, type: T.xid }],
    ['ctid', { kind: 'Cast', operand: ctidText, type: T.tid, tryCast: false }],
  ];
  const exprs: BoundExpr[] = [...from.plan.schema.map((f, i): BoundExpr => ({ kind: 'ColRef', index: i, type: f.type })), ...system.map(([, e]) => e)];
  const plan = project(numbered, exprs, [...from.plan.schema.map((f) => f.name), ...system.map(([n]) => n)]);
  const scope = new Scope([
    ...from.scope.columns,
    ...system.map(([name, e], k) => ({ name, qualifier, type: e.type, index: w + k, hidden: false, system: true })),
  ]);
  return { plan, scope };
}
