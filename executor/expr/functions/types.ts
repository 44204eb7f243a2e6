/**
 * The shapes of the function registry (see registry.ts): a FunctionImpl is one overload of a
 * function or operator with fixed parameter types; the binder resolves a call to one and casts the
 * arguments to `ResolvedFunction.argTypes` before building a `Call` with `fn.id`.
 */
import type { SqlType } from '../../../common/types.ts';

/**
 * One overload. `impl` takes the argument values (JS representation of common/types.ts, already of
 * the parameter types) and returns the result; when `strict`, it is never called with a NULL argument
 * (the caller yields NULL). `volatile` functions (now(), random()) are never constant-folded.
 */
export interface FunctionImpl {
  readonly id: string;
  readonly name: string;
  readonly params: readonly SqlType[];
  /** Type of the trailing variadic arguments (after `params`); ANY_TYPE accepts every type, cast to text. */
  readonly variadic?: SqlType;
  readonly returnType: SqlType;
  readonly strict: boolean;
  readonly volatile: boolean;
  readonly impl: (...args: any[]) => unknown;
}

/** The outcome of resolution: the overload, the types to cast each argument to, the result type. */
export interface ResolvedFunction {
  readonly fn: FunctionImpl;
  readonly argTypes: readonly SqlType[];
  readonly returnType: SqlType;
}

/**
 * Pseudo-type for polymorphic parameters (PostgreSQL's anyarray / "any"), matched by identity:
 * ANY_ARRAY accepts any array type (the argument keeps its type); ANY_TYPE (variadic only) accepts
 * any type, which the binder casts to text.
 */
export const ANY_ARRAY: SqlType = Object.freeze({ id: 'array', element: Object.freeze({ id: 'unknown' }) }) as SqlType;
export const ANY_TYPE: SqlType = Object.freeze({ id: 'unknown' }) as SqlType;

/** Options of `def`. */
export interface DefOptions {
  readonly strict?: boolean;
  readonly volatile?: boolean;
  readonly variadic?: SqlType;
}

/** Builds a FunctionImpl (strict and non-volatile unless told otherwise). */
export function def(
  id: string,
  name: string,
  params: readonly SqlType[],
  returnType: SqlType,
  impl: (...args: any[]) => unknown,
  opts: DefOptions = {},
): FunctionImpl {
  return {
    id,
    name,
    params,
    returnType,
    impl,
    strict: opts.strict ?? true,
    volatile: opts.volatile ?? false,
    ...(opts.variadic ? { variadic: opts.variadic } : {}),
  };
}
