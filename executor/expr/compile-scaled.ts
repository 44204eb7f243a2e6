/**
 * A specialization of numeric expressions over integers (DESIGN.md, "Expressions"): `+`, `-`, `*`,
 * unary minus and abs of integer expressions (columns, constants, any int2/int4/int8 expression
 * cast to numeric), numeric constants and casts to numeric(p,s) are evaluated as scaled integers —
 * an unscaled safe integer whose display scale is known when compiled (common/numeric-scale.ts:
 * + − take the larger scale, * the sum, numeric(p,s) is s) — so `0.908 * price` is `908 * price`
 * at scale 3, with no Decimal per row, and its text (numeric's binary-row form) is written directly.
 *
 * Every intermediate result is checked to stay within ±(2^53 − 1), where double arithmetic on
 * integers is exact; a row whose values leave that range (or an int8 read as a bigint) reports
 * `OUT_OF_RANGE` and the caller evaluates the original expression with Decimals, which also
 * raises PostgreSQL's errors (numeric field overflow, …) exactly as it would have.
 */
import type { SqlType } from '../../common/types.ts';
import { dscaleOf } from '../../common/numeric-scale.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { compileExpr } from './compile-expr.ts';
import { fieldLayout } from './column-reader.ts';
import { SlotKind } from '../row/binary-row.ts';
import type { Decimal } from 'decimal.js';

/** Marks a row whose scaled evaluation left the safe-integer range: evaluate it with Decimals instead. */
export const OUT_OF_RANGE = undefined;

/** The unscaled value for a row (value × 10^scale), null for NULL, OUT_OF_RANGE to fall back. */
export type ScaledEval = (batch: RowBatch, row: number) => number | null | undefined;

/** A compiled scaled-integer expression and its (fixed) display scale. */
export interface Scaled {
  readonly scale: number;
  readonly ev: ScaledEval;
  /** The unscaled value when the expression is a non-NULL constant (lets `*` fold it in). */
  readonly konst?: number;
}

const MAX = Number.MAX_SAFE_INTEGER;
const TWO32 = 4294967296;
const SAFE_HI = 2097152; // 2^21
/** Scales above this are left to Decimals (10^15 is the largest power of ten below 2^53). */
const MAX_SCALE = 15;
const POW10 = Array.from({ length: MAX_SCALE + 1 }, (_, i) => 10 ** i);
const INT_IDS = new Set(['int2', 'int4', 'int8']);

/** `e` (of type numeric) as a scaled-integer expression, or undefined when it is not one. */
export function compileScaled(e: BoundExpr, inputTypes: readonly SqlType[]): Scaled | undefined {
  switch (e.kind) {
    case 'Const':
      return scaledConst(e.value, e.type);
    case 'Cast':
      return scaledCast(e.operand, e.type, inputTypes);
    case 'Call':
      return scaledCall(e.fn, e.args, inputTypes);
    default:
      return undefined;
  }
}

function scaledConst(v: unknown, t: SqlType): Scaled | undefined {
  if (v === null) return { scale: 0, ev: () => null };
  if (INT_IDS.has(t.id)) return typeof v === 'number' ? { scale: 0, ev: () => v, konst: v } : undefined;
  if (t.id !== 'numeric' || typeof v !== 'object') return undefined;
  const d = v as Decimal;
  if (!d.isFinite()) return undefined;
  const scale = dscaleOf(d);
  if (scale > MAX_SCALE) return undefined;
  const u = Number(d.toFixed(scale).replace('.', ''));
  return Number.isSafeInteger(u) ? { scale, ev: () => u, konst: u } : undefined;
}

function scaledCast(operand: BoundExpr, to: SqlType, inputTypes: readonly SqlType[]): Scaled | undefined {
  if (to.id !== 'numeric') return undefined;
  let inner: Scaled | undefined;
  if (INT_IDS.has(operand.type.id)) {
    inner = operand.kind === 'ColRef' ? intColumn(operand.index, inputTypes) : undefined;
    if (!inner) {
      // Any integer expression: its canonical value is a number when safe, else a bigint.
      const x = compileExpr(operand, inputTypes);
      inner = { scale: 0, ev: (b, r) => { const v = x(b, r); return typeof v === 'number' ? v : v === null ? null : OUT_OF_RANGE; } };
    }
  } else if (operand.type.id === 'numeric') {
    inner = compileScaled(operand, inputTypes);
  }
  if (!inner || to.precision === undefined) return inner;
  // numeric(p,s): exact when s is not below the operand's scale (no rounding); |value| < 10^(p−s).
  const s = to.scale ?? 0;
  if (s < inner.scale || s > MAX_SCALE) return undefined;
  const k = POW10[s - inner.scale]!;
  const limit = to.precision <= 15 ? POW10[to.precision]! : MAX + 1;
  const x = inner.ev;
  return {
    scale: s,
    ev: (b, r) => {
      const v = x(b, r);
      if (v === null || v === undefined) return v;
      const u = v * k;
      return u < limit && u > -limit ? u : OUT_OF_RANGE;
    },
  };
}

function scaledCall(fn: string, args: readonly BoundExpr[], inputTypes: readonly SqlType[]): Scaled | undefined {
  switch (fn) {
    case 'numeric_add':
    case 'numeric_sub':
    case 'numeric_mul': {
      const l = compileScaled(args[0]!, inputTypes);
      const r = l && compileScaled(args[1]!, inputTypes);
      if (!l || !r) return undefined;
      return fn === 'numeric_mul' ? mul(l, r) : addSub(l, r, fn === 'numeric_sub' ? -1 : 1);
    }
    case 'numeric_neg':
    case 'numeric_abs':
    case 'numeric_abs_op': {
      const x = compileScaled(args[0]!, inputTypes);
      if (!x) return undefined;
      const ev = x.ev;
      const f = fn === 'numeric_neg' ? (v: number) => -v : Math.abs;
      return { scale: x.scale, ev: (b, r) => { const v = ev(b, r); return v === null || v === undefined ? v : f(v); } };
    }
    default:
      return undefined;
  }
}

/**
 * An int2/int4/int8 column read in place (no generic reader): NULL → null, an int8 beyond ±2^53
 * → OUT_OF_RANGE. Undefined when the column's storage is not one of those.
 */
function intColumn(index: number, inputTypes: readonly SqlType[]): Scaled | undefined {
  const t = inputTypes[index];
  if (!t || !INT_IDS.has(t.id)) return undefined;
  const { nullByte: nb, mask, slot: so, kind } = fieldLayout(inputTypes, index);
  if (kind === SlotKind.Int) {
    return { scale: 0, ev: (b, r) => { const s = b.offsets[r]!; return (b.bytes[s + nb]! & mask) !== 0 ? null : b.view.getInt32(s + so, true); } };
  }
  return {
    scale: 0,
    ev: (b, r) => {
      const s = b.offsets[r]!;
      if ((b.bytes[s + nb]! & mask) !== 0) return null;
      const hi = b.view.getInt32(s + so + 4, true);
      // |hi| < 2^21 keeps hi·2^32 + lo within ±2^53 (readLong's test); else leave it to Decimals.
      return hi < SAFE_HI && hi >= -SAFE_HI ? hi * TWO32 + b.view.getUint32(s + so, true) : OUT_OF_RANGE;
    },
  };
}

function mul(l: Scaled, r: Scaled): Scaled | undefined {
  const scale = l.scale + r.scale;
  if (scale > MAX_SCALE) return undefined;
  const x = l.ev;
  const y = r.ev;
  // A constant factor (0.908 * price): one evaluation per row.
  const k = l.konst ?? r.konst;
  if (k !== undefined) {
    const z = l.konst !== undefined ? y : x;
    return {
      scale,
      ev: (b, row) => {
        const c = z(b, row);
        if (c === null || c === undefined) return c;
        const p = k * c;
        return p <= MAX && p >= -MAX ? p : OUT_OF_RANGE;
      },
    };
  }
  return {
    scale,
    ev: (b, row) => {
      const a = x(b, row);
      if (a === null || a === undefined) return a;
      const c = y(b, row);
      if (c === null || c === undefined) return c;
      // Exact when |a·c| ≤ 2^53 − 1; a larger product rounds to at least 2^53, which the test rejects.
      const p = a * c;
      return p <= MAX && p >= -MAX ? p : OUT_OF_RANGE;
    },
  };
}

function addSub(l: Scaled, r: Scaled, sign: 1 | -1): Scaled {
  const scale = Math.max(l.scale, r.scale);
  const kl = POW10[scale - l.scale]!;
  const kr = sign * POW10[scale - r.scale]!;
  const x = l.ev;
  const y = r.ev;
  return {
    scale,
    ev: (b, row) => {
      const a = x(b, row);
      if (a === null || a === undefined) return a;
      const c = y(b, row);
      if (c === null || c === undefined) return c;
      const ua = a * kl;
      const uc = c * kr;
      if (ua > MAX || ua < -MAX || uc > MAX || uc < -MAX) return OUT_OF_RANGE;
      const s = ua + uc;
      return s <= MAX && s >= -MAX ? s : OUT_OF_RANGE;
    },
  };
}

