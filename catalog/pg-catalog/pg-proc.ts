/**
 * pg_proc (PostgreSQL docs §53.39): the functions Strom evaluates (executor/expr/functions, named
 * ones — operators are pg_operator's, which Strom does not list) and its aggregates (prokind a), all
 * in pg_catalog. OIDs are assigned in registration order from 20000; argument and result types are
 * pg_type OIDs (polymorphic parameters as anyarray / "any").
 */
import { T, type SqlType } from '../../common/types.ts';
import { allFunctions } from '../../executor/expr/functions/registry.ts';
import { ANY_ARRAY, ANY_TYPE } from '../../executor/expr/functions/types.ts';
import { C, NS, OWNER_OID, systemRelation } from './system-relation.ts';
import { columnTypeOid } from './pg-types.ts';

/** A pg_proc entry. */
export interface ProcInfo {
  readonly oid: number;
  readonly name: string;
  readonly kind: 'f' | 'a';
  readonly args: readonly number[];
  readonly variadic: number;
  readonly result: number;
  readonly retset: boolean;
  readonly strict: boolean;
  readonly volatile: boolean;
}

function typeOidOf(t: SqlType): number {
  if (t === ANY_ARRAY) return 2277;
  if (t === ANY_TYPE || t.id === 'unknown') return 2276;
  return columnTypeOid(t);
}

const AGGREGATES: readonly [string, readonly SqlType[], SqlType][] = [
  ['count', [], T.int8], ['count', [ANY_TYPE], T.int8], ['sum', [T.int8], T.numeric], ['sum', [T.float8], T.float8],
  ['sum', [T.numeric], T.numeric], ['avg', [T.int8], T.numeric], ['avg', [T.float8], T.float8], ['avg', [T.numeric], T.numeric],
  ['min', [ANY_TYPE], ANY_TYPE], ['max', [ANY_TYPE], ANY_TYPE], ['bool_and', [T.bool], T.bool], ['bool_or', [T.bool], T.bool],
  ['every', [T.bool], T.bool], ['string_agg', [T.text, T.text], T.text], ['array_agg', [ANY_TYPE], ANY_ARRAY],
];

/** Table functions evaluated in FROM / SELECT (proretset). */
const SET_RETURNING: readonly [string, readonly SqlType[], SqlType][] = [
  ['generate_series', [T.int4, T.int4], T.int4], ['generate_series', [T.int8, T.int8], T.int8], ['unnest', [ANY_ARRAY], ANY_TYPE],
];

let cache: ProcInfo[] | undefined;

/** Every pg_proc entry. */
export function procs(): readonly ProcInfo[] {
  if (cache) return cache;
  const out: ProcInfo[] = [];
  let oid = 20000;
  for (const f of allFunctions()) {
    if (!/^[a-z_][a-z0-9_]*$/.test(f.name)) continue;
    out.push({
      oid: oid++, name: f.name, kind: 'f', args: f.params.map(typeOidOf), variadic: f.variadic ? typeOidOf(f.variadic) : 0,
      result: typeOidOf(f.returnType), retset: false, strict: f.strict, volatile: f.volatile,
    });
  }
  for (const [name, args, ret] of AGGREGATES) out.push({ oid: oid++, name, kind: 'a', args: args.map(typeOidOf), variadic: 0, result: typeOidOf(ret), retset: false, strict: false, volatile: false });
  for (const [name, args, ret] of SET_RETURNING) out.push({ oid: oid++, name, kind: 'f', args: args.map(typeOidOf), variadic: 0, result: typeOidOf(ret), retset: true, strict: true, volatile: false });
  cache = out;
  return out;
}

export const pgProc = systemRelation('pg_catalog', 'pg_proc', 1255, [
  ['oid', C.oid], ['proname', C.name], ['pronamespace', C.oid], ['proowner', C.oid], ['prolang', C.oid], ['procost', C.float4],
  ['prorows', C.float4], ['provariadic', C.oid], ['prosupport', C.text], ['prokind', C.char], ['prosecdef', C.bool],
  ['proleakproof', C.bool], ['proisstrict', C.bool], ['proretset', C.bool], ['provolatile', C.char], ['proparallel', C.char],
  ['pronargs', C.int2], ['pronargdefaults', C.int2], ['prorettype', C.oid], ['proargtypes', C.oidArray], ['proallargtypes', C.oidArray],
  ['proargmodes', C.charArray], ['proargnames', C.textArray], ['proargdefaults', C.nodeTree], ['protrftypes', C.oidArray],
  ['prosrc', C.text], ['probin', C.text], ['prosqlbody', C.nodeTree], ['proconfig', C.textArray], ['proacl', C.textArray],
], () =>
  procs().map((p) => [
    p.oid, p.name, NS.pg_catalog, OWNER_OID, 12, 1, p.retset ? 1000 : 0, p.variadic, '-', p.kind, false, false, p.strict, p.retset,
    p.volatile ? 'v' : 'i', 's', p.args.length, 0, p.result, p.args, null, null, null, null, null, p.name, null, null, null, null,
  ]),
);
