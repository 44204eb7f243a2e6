/**
 * Compiles a boolean BoundExpr into a row filter that passes a row only when the expression is TRUE
 * (NULL and FALSE reject, as WHERE does: PostgreSQL docs §7.2.2). Common shapes skip the generic
 * evaluator: a comparison between a fixed-width column (or an arithmetic of one column and a
 * constant, e.g. Nexmark q2's `auction % 123 = 0`) and a constant reads the slot in place and calls
 * the operator's impl directly; AND / OR of predicates short-circuit on booleans; `col IS [NOT] NULL`
 * tests the null bit.
 */
import type { SqlType } from '../../common/types.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import { SlotKind, type RowBatch } from '../row/binary-row.ts';
import { fieldLayout, rawReader, type RawReader } from './column-reader.ts';
import { compileExpr, constantValue, isNotConst } from './compile-expr.ts';
import { getFunction } from './functions/registry.ts';

/** A compiled filter: true only when the predicate is TRUE for the row. */
export type Predicate = (batch: RowBatch, row: number) => boolean;

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);

/** A non-null-when-the-column-is-non-null numeric source: one fixed-width column, maybe through strict arithmetic with constants. */
interface FastSource {
  readonly nullByte: number;
  readonly mask: number;
  readonly read: RawReader;
}

function fastSource(e: BoundExpr, inputTypes: readonly SqlType[]): FastSource | undefined {
  if (e.kind === 'ColRef') {
    const l = fieldLayout(inputTypes, e.index);
    if (l.kind === SlotKind.Var) return undefined;
    return { nullByte: l.nullByte, mask: l.mask, read: rawReader(inputTypes[e.index]!, l) };
  }
  if (e.kind === 'Call' && e.args.length === 2) {
    const fn = getFunction(e.fn);
    if (!fn.strict || fn.volatile || !['+', '-', '*', '/', '%', 'mod'].includes(fn.name)) return undefined;
    const impl = fn.impl;
    const [a, b] = e.args as [BoundExpr, BoundExpr];
    const kb = constantValue(b);
    if (!isNotConst(kb) && kb !== null) {
      const src = fastSource(a, inputTypes);
      if (!src) return undefined;
      const inner = src.read;
      return { ...src, read: (batch, s) => impl(inner(batch, s), kb) };
    }
    const ka = constantValue(a);
    if (!isNotConst(ka) && ka !== null) {
      const src = fastSource(b, inputTypes);
      if (!src) return undefined;
      const inner = src.read;
      return { ...src, read: (batch, s) => impl(ka, inner(batch, s)) };
    }
  }
  return undefined;
}

function fastComparison(e: BoundExpr, inputTypes: readonly SqlType[]): Predicate | undefined {
  if (e.kind !== 'Call' || e.args.length !== 2) return undefined;
  const fn = getFunction(e.fn);
  if (!COMPARISONS.has(fn.name) || !fn.strict) return undefined;
  const cmp = fn.impl as (x: unknown, y: unknown) => boolean;
  const [a, b] = e.args as [BoundExpr, BoundExpr];
  const kb = constantValue(b);
  const ka = constantValue(a);
  if (!isNotConst(kb)) {
    if (kb === null) return () => false;
    const src = fastSource(a, inputTypes);
    if (!src) return undefined;
    const { nullByte: nb, mask, read } = src;
    return (batch, r) => {
      const s = batch.offsets[r]!;
      return (batch.bytes[s + nb]! & mask) === 0 && cmp(read(batch, s), kb) === true;
    };
  }
  if (!isNotConst(ka)) {
    if (ka === null) return () => false;
    const src = fastSource(b, inputTypes);
    if (!src) return undefined;
    const { nullByte: nb, mask, read } = src;
    return (batch, r) => {
      const s = batch.offsets[r]!;
      return (batch.bytes[s + nb]! & mask) === 0 && cmp(ka, read(batch, s)) === true;
    };
  }
  return undefined;
}

/**
 * Compiles `e` (of type bool) over rows of schema `inputTypes` into a filter that is true only when
 * `e` is TRUE. Throws as compileExpr does.
 */
export function compilePredicate(e: BoundExpr, inputTypes: readonly SqlType[]): Predicate {
  switch (e.kind) {
    case 'Const':
      return e.value === true ? () => true : () => false;
    case 'And': {
      const ps = e.args.map((x) => compilePredicate(x, inputTypes));
      if (ps.length === 2) {
        const [p, q] = ps as [Predicate, Predicate];
        return (b, r) => p(b, r) && q(b, r);
      }
      return (b, r) => {
        for (let i = 0; i < ps.length; i++) if (!ps[i]!(b, r)) return false;
        return true;
      };
    }
    case 'Or': {
      const ps = e.args.map((x) => compilePredicate(x, inputTypes));
      return (b, r) => {
        for (let i = 0; i < ps.length; i++) if (ps[i]!(b, r)) return true;
        return false;
      };
    }
    case 'IsTest':
      if (e.operand.kind === 'ColRef' && (e.test === 'null' || e.test === 'unknown')) {
        const { nullByte: nb, mask } = fieldLayout(inputTypes, e.operand.index);
        const want = e.negated ? 0 : mask;
        return (b, r) => (b.bytes[b.offsets[r]! + nb]! & mask) === want;
      }
      break;
    case 'Call': {
      const fast = fastComparison(e, inputTypes);
      if (fast) return fast;
      break;
    }
    default:
      break;
  }
  const ev = compileExpr(e, inputTypes);
  return (b, r) => ev(b, r) === true;
}
