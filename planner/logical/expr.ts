/**
 * Bound (resolved, typed) scalar expressions: what the binder makes of AST expressions and what the
 * executor compiles into closures over binary-row slots. Column references are positions in the
 * input schema of the plan node that owns the expression (for a join: left columns, then right).
 *
 * Strict function calls (`Call` with a registry function whose `strict` is true) return NULL when
 * any argument is NULL; the special forms below are non-strict and evaluate lazily, as PostgreSQL.
 */
import type { SqlType } from '../../common/types.ts';

/** A column of the input row, by position. */
export interface ColRef {
  readonly kind: 'ColRef';
  readonly index: number;
  readonly type: SqlType;
}

/** A constant value (a JS value of `type`, see common/types.ts). */
export interface Const {
  readonly kind: 'Const';
  readonly value: unknown;
  readonly type: SqlType;
}

/** A `$n` parameter (1-based); replaced by a Const before planning executes. */
export interface ParamRef {
  readonly kind: 'ParamRef';
  readonly index: number;
  readonly type: SqlType;
}

/**
 * A resolved scalar function or operator. `fn` is the registry id that executor/expr/functions
 * resolved for the argument types (e.g. `int8_add`, `text_concat`, `lower`); the arguments are already
 * cast to the parameter types of that function.
 */
export interface Call {
  readonly kind: 'Call';
  readonly fn: string;
  readonly args: readonly BoundExpr[];
  readonly type: SqlType;
}

/**
 * A type conversion; `tryCast` yields NULL instead of an error (Flink TRY_CAST). `assignment` marks
 * PostgreSQL's assignment context (INSERT/UPDATE targets): a length coercion to varchar(n)/char(n)
 * then raises 22001 for extra non-space characters instead of truncating (PostgreSQL docs §8.3).
 */
export interface CastExpr {
  readonly kind: 'Cast';
  readonly operand: BoundExpr;
  readonly type: SqlType;
  readonly tryCast: boolean;
  readonly assignment?: boolean;
}

/** Three-valued AND / OR over two or more operands (PostgreSQL docs §9.1). */
export interface BoolOp {
  readonly kind: 'And' | 'Or';
  readonly args: readonly BoundExpr[];
  readonly type: SqlType;
}

/** Three-valued NOT. */
export interface Not {
  readonly kind: 'Not';
  readonly operand: BoundExpr;
  readonly type: SqlType;
}

/** `x IS [NOT] NULL`, `IS [NOT] TRUE|FALSE|UNKNOWN` (never NULL). */
export interface IsTestExpr {
  readonly kind: 'IsTest';
  readonly operand: BoundExpr;
  readonly test: 'null' | 'true' | 'false' | 'unknown';
  readonly negated: boolean;
  readonly type: SqlType;
}

/** `a IS [NOT] DISTINCT FROM b` (never NULL). Operands share one type. */
export interface IsDistinct {
  readonly kind: 'IsDistinct';
  readonly left: BoundExpr;
  readonly right: BoundExpr;
  readonly negated: boolean;
  readonly type: SqlType;
}

/** Searched CASE (a simple CASE is bound to this with `operand = value` tests). */
export interface CaseExpr {
  readonly kind: 'Case';
  readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[];
  readonly else: BoundExpr | undefined;
  readonly type: SqlType;
}

/** COALESCE(a, b, …), lazily. */
export interface Coalesce {
  readonly kind: 'Coalesce';
  readonly args: readonly BoundExpr[];
  readonly type: SqlType;
}

/** `x [NOT] IN (list)` with SQL's NULL semantics; list items have x's type. */
export interface InListExpr {
  readonly kind: 'InList';
  readonly operand: BoundExpr;
  readonly list: readonly BoundExpr[];
  readonly negated: boolean;
  readonly type: SqlType;
}

/** NULLIF(a, b). */
export interface NullIf {
  readonly kind: 'NullIf';
  readonly left: BoundExpr;
  readonly right: BoundExpr;
  readonly type: SqlType;
}

/** ARRAY[…] constructor. */
export interface ArrayExpr {
  readonly kind: 'Array';
  readonly elements: readonly BoundExpr[];
  readonly type: SqlType;
}

/** `x op ANY|ALL (array)`; `fn` is the resolved comparison for (x's type, element type). */
export interface QuantifiedExpr {
  readonly kind: 'Quantified';
  readonly fn: string;
  readonly quantifier: 'any' | 'all';
  readonly left: BoundExpr;
  readonly array: BoundExpr;
  readonly type: SqlType;
}

export type BoundExpr =
  | ColRef
  | Const
  | ParamRef
  | Call
  | CastExpr
  | BoolOp
  | Not
  | IsTestExpr
  | IsDistinct
  | CaseExpr
  | Coalesce
  | InListExpr
  | NullIf
  | ArrayExpr
  | QuantifiedExpr;

/** Factories and helpers for bound expressions. */
export const E = {
  col(index: number, type: SqlType): ColRef {
    return { kind: 'ColRef', index, type };
  },
  lit(value: unknown, type: SqlType): Const {
    return { kind: 'Const', value, type };
  },
  call(fn: string, args: readonly BoundExpr[], type: SqlType): Call {
    return { kind: 'Call', fn, args, type };
  },
} as const;

/** The child expressions of `e`, in order. */
export function children(e: BoundExpr): readonly BoundExpr[] {
  switch (e.kind) {
    case 'ColRef':
    case 'Const':
    case 'ParamRef':
      return [];
    case 'Call':
    case 'And':
    case 'Or':
    case 'Coalesce':
      return e.args;
    case 'Cast':
    case 'Not':
    case 'IsTest':
      return [e.operand];
    case 'IsDistinct':
    case 'NullIf':
      return [e.left, e.right];
    case 'Case':
      return [...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'InList':
      return [e.operand, ...e.list];
    case 'Array':
      return e.elements;
    case 'Quantified':
      return [e.left, e.array];
  }
}

/** Rebuilds `e` with its children mapped by `f` (bottom-up callers apply `f` recursively themselves). */
export function mapChildren(e: BoundExpr, f: (c: BoundExpr) => BoundExpr): BoundExpr {
  switch (e.kind) {
    case 'ColRef':
    case 'Const':
    case 'ParamRef':
      return e;
    case 'Call':
      return { ...e, args: e.args.map(f) };
    case 'And':
    case 'Or':
      return { ...e, args: e.args.map(f) };
    case 'Coalesce':
      return { ...e, args: e.args.map(f) };
    case 'Cast':
      return { ...e, operand: f(e.operand) };
    case 'Not':
      return { ...e, operand: f(e.operand) };
    case 'IsTest':
      return { ...e, operand: f(e.operand) };
    case 'IsDistinct':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'NullIf':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'Case':
      return { ...e, whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })), else: e.else ? f(e.else) : undefined };
    case 'InList':
      return { ...e, operand: f(e.operand), list: e.list.map(f) };
    case 'Array':
      return { ...e, elements: e.elements.map(f) };
    case 'Quantified':
      return { ...e, left: f(e.left), array: f(e.array) };
  }
}

/** The set of input column indices `e` reads. */
export function columnsUsed(e: BoundExpr, into: Set<number> = new Set()): Set<number> {
  if (e.kind === 'ColRef') into.add(e.index);
  for (const c of children(e)) columnsUsed(c, into);
  return into;
}

/** `e` with every ColRef index i replaced by `map(i)`. */
export function remapColumns(e: BoundExpr, map: (i: number) => number): BoundExpr {
  if (e.kind === 'ColRef') return { ...e, index: map(e.index) };
  return mapChildren(e, (c) => remapColumns(c, map));
}

/** Readable text of a bound expression for EXPLAIN: `$3`, `+($1, 1)`, `CAST($0 AS bigint)`. */
export function explainExpr(e: BoundExpr, names?: readonly string[]): string {
  const r = (x: BoundExpr) => explainExpr(x, names);
  switch (e.kind) {
    case 'ColRef':
      return names?.[e.index] ?? `$${e.index}`;
    case 'Const':
      return e.value === null ? 'null' : typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'ParamRef':
      return `?${e.index}`;
    case 'Call':
      return `${e.fn}(${e.args.map(r).join(', ')})`;
    case 'Cast':
      return `${e.tryCast ? 'TRY_CAST' : 'CAST'}(${r(e.operand)} AS ${e.type.id})`;
    case 'And':
    case 'Or':
      return `${e.kind.toUpperCase()}(${e.args.map(r).join(', ')})`;
    case 'Not':
      return `NOT(${r(e.operand)})`;
    case 'IsTest':
      return `IS ${e.negated ? 'NOT ' : ''}${e.test.toUpperCase()}(${r(e.operand)})`;
    case 'IsDistinct':
      return `IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM(${r(e.left)}, ${r(e.right)})`;
    case 'Case':
      return `CASE(${e.whens.map((w) => `${r(w.when)} THEN ${r(w.then)}`).join(', ')}${e.else ? `, ELSE ${r(e.else)}` : ''})`;
    case 'Coalesce':
      return `COALESCE(${e.args.map(r).join(', ')})`;
    case 'InList':
      return `${e.negated ? 'NOT IN' : 'IN'}(${r(e.operand)}, ${e.list.map(r).join(', ')})`;
    case 'NullIf':
      return `NULLIF(${r(e.left)}, ${r(e.right)})`;
    case 'Array':
      return `ARRAY(${e.elements.map(r).join(', ')})`;
    case 'Quantified':
      return `${e.fn} ${e.quantifier.toUpperCase()}(${r(e.left)}, ${r(e.array)})`;
  }
}
