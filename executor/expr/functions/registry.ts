/**
 * The scalar function and operator registry the binder resolves against (operators by symbol —
 * `+ - * / % ^ || = <> < <= > >= ~ ~* !~ !~* like ilike 'not like' 'not ilike'`, unary `neg`, `@`,
 * subscript `[]` — and functions by lower-case name), and the lookup of a resolved overload by id.
 *
 * Resolution follows PostgreSQL docs §10.2 (operators) and §10.3 (functions): an exact match wins
 * (for a binary operator with one `unknown` argument, the unknown is first assumed to have the other
 * argument's type); otherwise among candidates reachable by implicit casts (common/types.ts
 * canImplicitCast; `unknown` converts to anything) keep those with the most exact matches, then those
 * taking preferred types (float8, text, timestamptz, interval, bool) where a conversion is needed,
 * then, at unknown positions, those taking the string category; the first of the rest (registration
 * order) wins. `anynonarray || text` resolves to text concatenation with the other side cast to text.
 */
import { InternalError } from '../../../common/errors.ts';
import { canImplicitCast, T, typeCategory, type SqlType } from '../../../common/types.ts';
import { ARITHMETIC_FUNCTIONS } from './arithmetic.ts';
import { ANY_MAP, COMPARISON_FUNCTIONS } from './comparison.ts';
import { DATETIME_FUNCTIONS } from './datetime.ts';
import { MATH_FUNCTIONS } from './math.ts';
import { MISC_FUNCTIONS } from './misc.ts';
import { HASH_FUNCTIONS } from './hash.ts';
import { PATTERN_FUNCTIONS } from './pattern.ts';
import { STRING_FUNCTIONS } from './string.ts';
import { FLINK_STRING_FUNCTIONS } from './flink-string.ts';
import { SYSTEM_FUNCTIONS } from './system.ts';
import { ARRAY_FUNCTIONS } from './array.ts';
import { JSON_BUILD_FUNCTIONS } from './json-build.ts';
import { ROW_FUNCTIONS } from './row.ts';
// Installs the reg* types' name lookups (common/oid-names.ts).
import './reg-names.ts';
import { ANY_ARRAY, ANY_TYPE, def, type FunctionImpl, type ResolvedFunction } from './types.ts';

export type { FunctionImpl, ResolvedFunction } from './types.ts';

const EXTRA: readonly FunctionImpl[] = [
  def('array_subscript8', '[]', [ANY_ARRAY, T.int8], T.unknown, (a: readonly unknown[], i: number | bigint) => {
    const n = Number(i);
    return n >= 1 && n <= a.length ? (a[n - 1] ?? null) : null;
  }),
];

const byId = new Map<string, FunctionImpl>();
const byName = new Map<string, FunctionImpl[]>();
for (const f of [
  ...ARITHMETIC_FUNCTIONS,
  ...COMPARISON_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...PATTERN_FUNCTIONS,
  ...FLINK_STRING_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...MISC_FUNCTIONS,
  ...HASH_FUNCTIONS,
  ...SYSTEM_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...JSON_BUILD_FUNCTIONS,
  ...ROW_FUNCTIONS,
  ...EXTRA,
]) {
  if (byId.has(f.id)) throw new InternalError(`duplicate function id ${f.id}`);
  byId.set(f.id, f);
  const list = byName.get(f.name);
  if (list) list.push(f);
  else byName.set(f.name, [f]);
}

const ALIASES: Record<string, string> = { '!=': '<>', '==': '=', '-u': 'neg', 'not_like': 'not like', 'not_ilike': 'not ilike' };
const PREFERRED = new Set(['float8', 'text', 'timestamptz', 'interval', 'bool']);

/** The overload with registry id `id`; InternalError when there is none (a binder/registry mismatch). */
export function getFunction(id: string): FunctionImpl {
  const f = byId.get(id);
  if (!f) throw new InternalError(`unknown function id "${id}"`);
  return f;
}

/** Every registered overload, in registration order (pg_proc lists the named ones). */
export function allFunctions(): readonly FunctionImpl[] {
  return [...byId.values()];
}

/** Every overload registered under `name` (operator symbol or lower-case function name). */
export function functionsNamed(name: string): readonly FunctionImpl[] {
  const key = name.toLowerCase();
  return byName.get(ALIASES[key] ?? key) ?? [];
}

const enum Match {
  None,
  Unknown,
  Implicit,
  Exact,
}

function matchParam(arg: SqlType, param: SqlType): Match {
  if (param === ANY_ARRAY) return arg.id === 'array' ? Match.Exact : Match.None;
  if (param === ANY_MAP) return arg.id === 'map' ? Match.Exact : Match.None;
  if (param === ANY_TYPE) return Match.Exact;
  if (arg.id === 'unknown') return Match.Unknown;
  if (arg.id === param.id) return Match.Exact;
  return canImplicitCast(arg, param) ? Match.Implicit : Match.None;
}

function paramsFor(f: FunctionImpl, n: number): readonly SqlType[] | undefined {
  if (n === f.params.length) return f.params;
  if (!f.variadic || n < f.params.length) return undefined;
  const ps = [...f.params];
  while (ps.length < n) ps.push(f.variadic);
  return ps;
}

interface Candidate {
  readonly fn: FunctionImpl;
  readonly params: readonly SqlType[];
  readonly matches: readonly Match[];
}

function resolved(c: Candidate, args: readonly SqlType[]): ResolvedFunction {
  const argTypes = c.params.map((p, i) => {
    if (p === ANY_ARRAY || p === ANY_MAP) return args[i]!;
    if (p === ANY_TYPE) return args[i]!.id === 'unknown' ? T.text : T.text;
    if (args[i]!.id === p.id && p.id !== 'numeric' && p.id !== 'varchar' && p.id !== 'bpchar') return args[i]!;
    return p;
  });
  let returnType = c.fn.returnType;
  // A polymorphic anyarray result has the type of the first anyarray argument.
  if (returnType === ANY_ARRAY) returnType = argTypes[c.params.indexOf(ANY_ARRAY)] ?? returnType;
  const a0 = argTypes[0];
  if (c.fn.name === '[]' && a0) {
    if (a0.id === 'array') returnType = a0.element;
    else if (a0.id === 'map') returnType = a0.value;
  }
  return { fn: c.fn, argTypes, returnType };
}

/**
 * Resolves operator or function `name` for argument types `argTypes` (`unknown` for untyped string
 * literals and parameters). Returns the overload, the types to cast each argument to and the result
 * type, or undefined when nothing matches (the binder raises 42883).
 */
export function resolveFunction(name: string, argTypes: readonly SqlType[]): ResolvedFunction | undefined {
  const n = argTypes.length;
  const cands: Candidate[] = [];
  for (const fn of functionsNamed(name)) {
    const params = paramsFor(fn, n);
    if (!params) continue;
    const matches = params.map((p, i) => matchParam(argTypes[i]!, p));
    if (matches.includes(Match.None)) continue;
    cands.push({ fn, params, matches });
  }
  if (cands.length === 0) return resolveTextCat(name, argTypes);
  const exactAll = cands.find((c) => c.matches.every((m) => m === Match.Exact));
  if (exactAll) return resolved(exactAll, argTypes);
  // §10.2 step 2.a: binary operator with one unknown argument — assume the other argument's type.
  if (n === 2 && (argTypes[0]!.id === 'unknown') !== (argTypes[1]!.id === 'unknown')) {
    const known = argTypes[0]!.id === 'unknown' ? argTypes[1]! : argTypes[0]!;
    const c = cands.find((c) => c.params.every((p) => p.id === known.id && p !== ANY_ARRAY && p !== ANY_MAP));
    if (c) return resolved(c, argTypes);
  }
  let best = keepMax(cands, (c) => c.matches.filter((m) => m === Match.Exact).length);
  if (best.length > 1) best = keepMax(best, (c) => c.params.filter((p, i) => c.matches[i] !== Match.Exact && PREFERRED.has(p.id)).length);
  if (best.length > 1 && argTypes.some((t) => t.id === 'unknown')) {
    best = keepMax(best, (c) => c.params.filter((p, i) => c.matches[i] === Match.Unknown && typeCategory(p) === 'S').length);
  }
  return resolved(best[0]!, argTypes);
}

function keepMax(cs: readonly Candidate[], score: (c: Candidate) => number): Candidate[] {
  let max = -1;
  let out: Candidate[] = [];
  for (const c of cs) {
    const s = score(c);
    if (s > max) {
      max = s;
      out = [c];
    } else if (s === max) out.push(c);
  }
  return out;
}

/** `anynonarray || text` and `text || anynonarray` (PostgreSQL's anytextcat / textanycat). */
function resolveTextCat(name: string, args: readonly SqlType[]): ResolvedFunction | undefined {
  if (name !== '||' || args.length !== 2) return undefined;
  const stringish = (t: SqlType) => typeCategory(t) === 'S' || t.id === 'unknown';
  const nonArray = (t: SqlType) => t.id !== 'array';
  if ((stringish(args[0]!) && nonArray(args[1]!)) || (stringish(args[1]!) && nonArray(args[0]!))) {
    return { fn: getFunction('text_concat'), argTypes: [T.text, T.text], returnType: T.text };
  }
  return undefined;
}
