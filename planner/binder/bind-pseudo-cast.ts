/**
 * Casts to PostgreSQL's catalog types (docs §8.19 Object Identifier Types, §8.3 `name` and
 * `"char"`): `oid`, `regclass`, `regtype`, `regproc`, `name` and `"char"` are Strom types
 * (common/types.ts; a reg* value prints as the object's name); `regnamespace`, `regrole` are bigint
 * OIDs; `regprocedure`, `regoper`… are text. From an integer or another OID type the OID passes
 * through; from text the name is looked up — at bind time for a literal (so `'nope'::regclass` fails
 * with 42P01 at its position), else when the query runs (regclass_in, or the type's input function).
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import { T, formatType, isInteger, isOidType, type SqlType } from '../../common/types.ts';
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
const TEXT_TYPES = new Set(['regprocedure', 'regoper', 'regoperator', 'regconfig', 'pg_node_tree', 'cstring']);
/** The pseudo-type names that are Strom types. */
const TYPED: Readonly<Record<string, SqlType>> = { oid: T.oid, regclass: T.regclass, regtype: T.regtype, regproc: T.regproc, name: T.name, char: T.char };

/** `e` (an OID as bigint, or text) as a value of `type`: a constant retyped, else a cast. */
function retype(e: BoundExpr, type: SqlType): BoundExpr {
  if (e.type.id === type.id) return e;
  if (e.kind === 'Const' && typeof e.value === 'number' && isOidType(type)) return { ...e, type };
  return { kind: 'Cast', operand: e, type, tryCast: false };
}

/** Binds `x::<pseudo-type>`; 0A000 for pseudo-types Strom does not handle (record, anyarray, …). */
export function bindPseudoCast(e: Cast, cx: ExprContext): BoundExpr {
  const name = e.typeRef.name.replace(/^pg_catalog\./, '').replace(/"/g, '');
  const operand = bindExpr(e.operand, cx);
  const ctx = cx.env.state.ctx;
  if (TEXT_TYPES.has(name)) return coerce(operand, T.text, ctx);
  const typed = TYPED[name];
  if (name === 'name' || name === 'char') return retype(coerce(operand, T.text, ctx), typed!);
  if (isOidType(operand.type) && name in OID_TYPES) return typed ? retype(operand, typed) : { kind: 'Cast', operand, type: T.int8, tryCast: false };
  if (name === 'regproc') return retype(isInteger(operand.type) ? coerce(operand, T.int8, ctx) : coerce(operand, T.text, ctx), T.regproc);
  const r = bindOidCast(name, e, operand, cx);
  return typed ? retype(r, typed) : r;
}

/** `operand::name` for the OID types as a bigint OID (looked up from text). */
function bindOidCast(name: string, e: Cast, operand: BoundExpr, cx: ExprContext): BoundExpr {
  const ctx = cx.env.state.ctx;
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
