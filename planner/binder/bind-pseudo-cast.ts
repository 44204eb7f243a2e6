/**
 * Casts to PostgreSQL's catalog pseudo-types (docs §8.19 Object Identifier Types, §8.3 `name` and
 * `"char"`): `oid`, `regclass`, `regtype`, `regnamespace`, `regrole` are bigint OIDs in Strom;
 * `regproc`, `regprocedure`, `name`, `"char"` are text. From an integer the OID passes through; from
 * text the name is looked up — at bind time for a literal (so `'nope'::regclass` fails with 42P01 at
 * its position), else when the query runs (executor/expr/functions/system.ts regclass_in). A reg*
 * value prints as its number, not its name (PostgreSQL prints the name): see DESIGN.md "System catalog".
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import { T, formatType, isInteger } from '../../common/types.ts';
import type { Cast } from '../../parser/ast.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { systemRelation } from '../../catalog/pg-catalog/registry.ts';
import { regnamespaceIn, regtypeIn } from '../../executor/expr/functions/system.ts';
import { bindError } from './diag.ts';
import type { ExprContext } from './expr-context.ts';
import { bindExpr } from './bind-expr.ts';
import { applyFunction } from './bind-operators.ts';
import { coerce } from './coerce.ts';

const OID_TYPES: Readonly<Record<string, string | undefined>> = {
  oid: undefined,
  xid: undefined,
  cid: undefined,
  regclass: 'regclass_in',
  regtype: 'regtype_in',
  regnamespace: 'regnamespace_in',
  regrole: 'regrole_in',
};
const TEXT_TYPES = new Set(['name', 'char', 'regproc', 'regprocedure', 'regoper', 'regoperator', 'regconfig', 'pg_node_tree', 'cstring']);

/** Binds `x::<pseudo-type>`; 0A000 for pseudo-types Strom does not handle (record, anyarray, …). */
export function bindPseudoCast(e: Cast, cx: ExprContext): BoundExpr {
  const name = e.typeRef.name.replace(/^pg_catalog\./, '').replace(/"/g, '');
  const operand = bindExpr(e.operand, cx);
  const ctx = cx.env.state.ctx;
  if (TEXT_TYPES.has(name)) return coerce(operand, T.text, ctx);
  if (!(name in OID_TYPES)) throw bindError(SqlState.featureNotSupported, `type ${e.typeRef.name} is not supported yet`, e.typeRef.pos);
  if (isInteger(operand.type)) return coerce(operand, T.int8, ctx);
  const lookup = OID_TYPES[name];
  if (operand.type.id !== 'text' && operand.type.id !== 'unknown' && operand.type.id !== 'varchar') {
    throw bindError(SqlState.cannotCoerce, `cannot cast type ${formatType(operand.type)} to ${name}`, e.pos);
  }
  if (operand.kind === 'Const' && typeof operand.value === 'string') {
    const s = operand.value.trim();
    if (/^\d+$/.test(s)) return { kind: 'Const', value: Number(s), type: T.int8 };
    if (lookup === undefined) throw bindError(SqlState.invalidTextRepresentation, `invalid input syntax for type oid: "${operand.value}"`, e.operand.pos);
    try {
      if (name === 'regclass') return { kind: 'Const', value: regclassAtBind(s, cx), type: T.int8 };
      if (name === 'regtype') return { kind: 'Const', value: regtypeIn(s), type: T.int8 };
      if (name === 'regnamespace') return { kind: 'Const', value: regnamespaceIn(s), type: T.int8 };
    } catch (err) {
      if (err instanceof SqlError) err.position = e.operand.pos + 1;
      throw err;
    }
  }
  if (lookup === undefined) return coerce(operand, T.int8, ctx);
  return applyFunction(lookup, [operand], e.pos, cx);
}

function regclassAtBind(s: string, cx: ExprContext): number {
  const m = /^(?:"?(pg_catalog|information_schema|public)"?\.)?(?:"((?:[^"]|"")+)"|(.+))$/.exec(s);
  const schema = m?.[1];
  const rel = m ? (m[2] !== undefined ? m[2].replace(/""/g, '"') : m[3]!.toLowerCase()) : s;
  if (schema !== 'public') {
    const sys = systemRelation(schema === 'information_schema' ? 'information_schema' : 'pg_catalog', rel);
    if (sys) return sys.oid;
  }
  if (schema === undefined || schema === 'public') {
    const r = cx.env.state.ctx.catalog.getRelation(rel);
    if (r) return r.oid;
  }
  throw new SqlError(SqlState.undefinedTable, `relation "${s}" does not exist`);
}
