/**
 * Compiles a BoundExpr (planner/logical/expr.ts) once into a closure `(batch, row) => value` over
 * binary rows. Column references read their slot with a reader specialized on the slot kind; calls
 * to strict functions test their arguments for NULL and then call the registry's impl directly;
 * AND / OR / NOT follow SQL's three-valued logic with short-circuit (PostgreSQL docs §9.1); CASE,
 * COALESCE and NULLIF evaluate lazily (§9.18); IN lists of constants use a Set (§9.24: NULL when no
 * match and a NULL in the list); calls and casts whose arguments are all constants (and that are not
 * volatile) are folded when compiled, unless folding raises an error — then the error is left to the
 * rows that reach it, as a CASE branch not taken never raises.
 */
import { InternalError, SqlError, assertNever } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { valuesEqual } from '../row/key-codec.ts';
import { makeCaster } from './cast.ts';
import { columnReader, fieldLayout } from './column-reader.ts';
import { checkInt2, checkInt4 } from './numeric-util.ts';
import { getFunction } from './functions/registry.ts';

/** A compiled expression: the value (JS representation of common/types.ts, null for NULL) for row `row` of `batch`. */
export type Evaluator = (batch: RowBatch, row: number) => unknown;

const NOT_CONST = Symbol('not constant');

/** The value of `e` if it is a constant or folds to one at compile time, else NOT_CONST. */
export function constantValue(e: BoundExpr): unknown {
  if (e.kind === 'Const') return e.value;
  if (e.kind === 'Cast') {
    const v = constantValue(e.operand);
    if (v === NOT_CONST) return NOT_CONST;
    if (v === null) return null;
    try {
      return makeCaster(e.operand.type, e.type, { assignment: e.assignment })(v);
    } catch {
      return NOT_CONST;
    }
  }
  return NOT_CONST;
}

/** True when `v` is the marker constantValue returns for non-constant expressions. */
export function isNotConst(v: unknown): boolean {
  return v === NOT_CONST;
}

function constant(v: unknown): Evaluator {
  const value = v === undefined ? null : v;
  return () => value;
}

/**
 * Compiles `e` over rows of schema `inputTypes`. Throws InternalError for a ParamRef (the engine
 * substitutes parameters first) and SqlError 42846 for a cast PostgreSQL does not have.
 */
export function compileExpr(e: BoundExpr, inputTypes: readonly SqlType[]): Evaluator {
  const c = (x: BoundExpr) => compileExpr(x, inputTypes);
  switch (e.kind) {
    case 'ColRef':
      return columnReader(inputTypes, e.index);
    case 'Const':
      return constant(e.value);
    case 'ParamRef':
      throw new InternalError(`parameter $${e.index} was not replaced before compiling`);
    case 'Call':
      return compileCall(e.fn, e.args, inputTypes);
    case 'Cast':
      return compileCast(e.operand, e.type, e.tryCast, inputTypes, e.assignment ?? false);
    case 'And':
      return compileAnd(e.args.map(c));
    case 'Or':
      return compileOr(e.args.map(c));
    case 'Not': {
      const x = c(e.operand);
      return (b, r) => {
        const v = x(b, r);
        return v === null ? null : !v;
      };
    }
    case 'IsTest':
      return compileIsTest(c(e.operand), e.test, e.negated);
    case 'IsDistinct': {
      const l = c(e.left);
      const rt = c(e.right);
      const t = e.left.type;
      const neg = e.negated;
      return (b, r) => {
        const x = l(b, r);
        const y = rt(b, r);
        const distinct = x === null || y === null ? x !== y : !valuesEqual(t, x, y);
        return distinct !== neg;
      };
    }
    case 'Case':
      return compileCase(
        e.whens.map((w) => [c(w.when), c(w.then)] as const),
        e.else ? c(e.else) : undefined,
      );
    case 'Coalesce': {
      const args = e.args.map(c);
      return (b, r) => {
        for (let i = 0; i < args.length; i++) {
          const v = args[i]!(b, r);
          if (v !== null) return v;
        }
        return null;
      };
    }
    case 'InList':
      return compileInList(e.operand, e.list, e.negated, inputTypes);
    case 'NullIf': {
      const l = c(e.left);
      const rt = c(e.right);
      const t = e.left.type;
      return (b, r) => {
        const x = l(b, r);
        if (x === null) return null;
        const y = rt(b, r);
        return y !== null && valuesEqual(t, x, y) ? null : x;
      };
    }
    case 'Array': {
      const els = e.elements.map(c);
      return (b, r) => els.map((x) => x(b, r));
    }
    case 'Quantified':
      return compileQuantified(e.fn, e.quantifier, c(e.left), c(e.array));
    default:
      return assertNever(e, 'bound expression');
  }
}

function compileCall(id: string, argExprs: readonly BoundExpr[], inputTypes: readonly SqlType[]): Evaluator {
  const fn = getFunction(id);
  const impl = fn.impl;
  if (!fn.volatile) {
    const consts = argExprs.map(constantValue);
    if (consts.every((v) => v !== NOT_CONST)) {
      if (fn.strict && consts.some((v) => v === null)) return constant(null);
      try {
        return constant(impl(...consts));
      } catch (err) {
        if (!(err instanceof SqlError)) throw err;
      }
    }
  }
  const args = argExprs.map((a) => compileExpr(a, inputTypes));
  if (!fn.strict) {
    return (b, r) => {
      const vs = new Array<unknown>(args.length);
      for (let i = 0; i < args.length; i++) vs[i] = args[i]!(b, r);
      const v = impl(...vs);
      return v === undefined ? null : v;
    };
  }
  switch (args.length) {
    case 0:
      return () => impl();
    case 1: {
      const a0 = args[0]!;
      return (b, r) => {
        const x = a0(b, r);
        return x === null ? null : impl(x);
      };
    }
    case 2: {
      const a0 = args[0]!;
      const a1 = args[1]!;
      return (b, r) => {
        const x = a0(b, r);
        if (x === null) return null;
        const y = a1(b, r);
        return y === null ? null : impl(x, y);
      };
    }
    case 3: {
      const a0 = args[0]!;
      const a1 = args[1]!;
      const a2 = args[2]!;
      return (b, r) => {
        const x = a0(b, r);
        if (x === null) return null;
        const y = a1(b, r);
        if (y === null) return null;
        const z = a2(b, r);
        return z === null ? null : impl(x, y, z);
      };
    }
    default:
      return (b, r) => {
        const vs = new Array<unknown>(args.length);
        for (let i = 0; i < args.length; i++) {
          const v = args[i]!(b, r);
          if (v === null) return null;
          vs[i] = v;
        }
        return impl(...vs);
      };
  }
}

/** Digits of an integer part that always fit a safe integer (10^15 < 2^53). */
const SAFE_INT_DIGITS = 15;

/**
 * `CAST(col AS int2|int4|int8)` of a numeric column, read from the column's decimal text in the row
 * (numeric's binary-row form) without a Decimal: an optional '-', at most 15 integer digits and an
 * optional fraction, rounded half away from zero as PostgreSQL's numeric → integer casts do
 * (numeric_int8: round to nearest, ties away from zero), then range-checked for int2/int4 (22003).
 * Anything else (NaN, Infinity, longer values) goes to `general`, the Decimal path, which raises
 * PostgreSQL's errors. NULL reads as null.
 */
function numericColumnToInt(types: readonly SqlType[], index: number, to: 'int2' | 'int4' | 'int8', general: Evaluator): Evaluator {
  const l = fieldLayout(types, index);
  const { nullByte, mask, slot } = l;
  return (b, r) => {
    const s = b.offsets[r]!;
    const bytes = b.bytes;
    if ((bytes[s + nullByte]! & mask) !== 0) return null;
    let i = s + b.view.getUint32(s + slot, true);
    const end = i + b.view.getUint32(s + slot + 4, true);
    const neg = bytes[i] === 45; // '-'
    if (neg) i++;
    const digitsStart = i;
    let v = 0;
    for (; i < end; i++) {
      const c = bytes[i]! - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    const digits = i - digitsStart;
    if (digits === 0 || digits > SAFE_INT_DIGITS) return general(b, r);
    if (i < end) {
      if (bytes[i] !== 46) return general(b, r); // not '.': e.g. NaN / Infinity
      const f = bytes[i + 1];
      if (f !== undefined && i + 1 < end) {
        const c = f - 48;
        if (c < 0 || c > 9) return general(b, r);
        if (c >= 5) v += 1;
      }
    }
    const n = neg ? -v : v;
    if (to === 'int2') return checkInt2(n);
    if (to === 'int4') return checkInt4(n);
    return n === 0 ? 0 : n;
  };
}

function compileCast(operand: BoundExpr, to: SqlType, tryCast: boolean, inputTypes: readonly SqlType[], assignment: boolean): Evaluator {
  const caster = makeCaster(operand.type, to, { assignment });
  const cv = constantValue(operand);
  if (cv !== NOT_CONST) {
    if (cv === null) return constant(null);
    try {
      return constant(caster(cv));
    } catch (err) {
      if (!(err instanceof SqlError)) throw err;
      if (tryCast) return constant(null);
    }
  }
  const x = compileExpr(operand, inputTypes);
  if (!tryCast && operand.kind === 'ColRef' && operand.type.id === 'numeric' && (to.id === 'int2' || to.id === 'int4' || to.id === 'int8')) {
    return numericColumnToInt(inputTypes, operand.index, to.id, (b, r) => {
      const v = x(b, r);
      return v === null ? null : caster(v);
    });
  }
  if (tryCast) {
    return (b, r) => {
      const v = x(b, r);
      if (v === null) return null;
      try {
        return caster(v);
      } catch (err) {
        if (err instanceof SqlError) return null;
        throw err;
      }
    };
  }
  return (b, r) => {
    const v = x(b, r);
    return v === null ? null : caster(v);
  };
}

function compileAnd(args: readonly Evaluator[]): Evaluator {
  if (args.length === 2) {
    const [p, q] = args as [Evaluator, Evaluator];
    return (b, r) => {
      const x = p(b, r);
      if (x === false) return false;
      const y = q(b, r);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };
  }
  return (b, r) => {
    let sawNull = false;
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!(b, r);
      if (v === false) return false;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : true;
  };
}

function compileOr(args: readonly Evaluator[]): Evaluator {
  return (b, r) => {
    let sawNull = false;
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!(b, r);
      if (v === true) return true;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : false;
  };
}

function compileIsTest(x: Evaluator, test: 'null' | 'true' | 'false' | 'unknown', negated: boolean): Evaluator {
  switch (test) {
    case 'null':
    case 'unknown':
      return negated ? (b, r) => x(b, r) !== null : (b, r) => x(b, r) === null;
    case 'true':
      return negated ? (b, r) => x(b, r) !== true : (b, r) => x(b, r) === true;
    case 'false':
      return negated ? (b, r) => x(b, r) !== false : (b, r) => x(b, r) === false;
    default:
      return assertNever(test, 'IS test');
  }
}

function compileCase(whens: readonly (readonly [Evaluator, Evaluator])[], otherwise: Evaluator | undefined): Evaluator {
  return (b, r) => {
    for (let i = 0; i < whens.length; i++) {
      const w = whens[i]!;
      if (w[0](b, r) === true) return w[1](b, r);
    }
    return otherwise ? otherwise(b, r) : null;
  };
}

function isPrimitive(v: unknown): boolean {
  const t = typeof v;
  return t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint';
}

function compileInList(operand: BoundExpr, list: readonly BoundExpr[], negated: boolean, inputTypes: readonly SqlType[]): Evaluator {
  const x = compileExpr(operand, inputTypes);
  const t = operand.type;
  const consts = list.map(constantValue);
  const allConst = consts.every((v) => v !== NOT_CONST);
  // bpchar compares ignoring trailing spaces, so it cannot use a Set of strings.
  if (allConst && t.id !== 'bpchar' && consts.every((v) => v === null || isPrimitive(v))) {
    const set = new Set(consts.filter((v) => v !== null));
    const hasNull = consts.includes(null);
    const miss = hasNull ? null : negated;
    return (b, r) => {
      const v = x(b, r);
      if (v === null) return null;
      return set.has(v) ? !negated : miss;
    };
  }
  const items = list.map((e) => compileExpr(e, inputTypes));
  return (b, r) => {
    const v = x(b, r);
    if (v === null) return null;
    let sawNull = false;
    for (let i = 0; i < items.length; i++) {
      const y = items[i]!(b, r);
      if (y === null) sawNull = true;
      else if (valuesEqual(t, v, y)) return !negated;
    }
    return sawNull ? null : negated;
  };
}

function compileQuantified(id: string, quantifier: 'any' | 'all', left: Evaluator, array: Evaluator): Evaluator {
  const cmp = getFunction(id).impl;
  const any = quantifier === 'any';
  return (b, r) => {
    const arr = array(b, r) as readonly unknown[] | null;
    if (arr === null) return null;
    if (arr.length === 0) return !any;
    const v = left(b, r);
    if (v === null) return null;
    let sawNull = false;
    for (let i = 0; i < arr.length; i++) {
      const y = arr[i];
      if (y === null || y === undefined) {
        sawNull = true;
        continue;
      }
      const res = cmp(v, y);
      if (res === null) sawNull = true;
      else if (res === any) return any;
    }
    return sawNull ? null : !any;
  };
}
