/**
 * A physical plan as a structured-clone value, to send to parallel workers. Plans are plain data
 * (discriminated unions of readonly objects, STYLE.md habit 1) except for numeric constants, which are
 * decimal.js Decimals carrying a display scale (common/numeric-scale.ts): structured clone would drop
 * their prototype, so they travel as their numeric text and are parsed back with the same scale.
 */
import { Decimal } from 'decimal.js';
import { numericText, parseNumericText } from '../../common/numeric-scale.ts';
import type { PhysicalNode } from '../../planner/physical/plan.ts';

const NUMERIC = '$strom.numeric';

function encode(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Decimal) return { [NUMERIC]: numericText(v) };
  if (ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(encode);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [encode(k), encode(x)]));
  if (v instanceof Set) return new Set([...v].map(encode));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'function') out[k] = encode(x);
  return out;
}

/**
 * Strings of a decoded value, internalized once each. Strings that structured clone creates are
 * fresh heap strings; V8 compares two internalized strings by pointer but others by content, so a
 * type id from the wire made every `switch (type.id)` of the hot path (binary-row.ts `slotKind`,
 * once per field per row) call V8's string comparison: a P2 worker of Nexmark q13 spent 4 % of its
 * time there, against 0.6 % on one thread.
 */
const interned = new Map<string, string>();

/** `s` as V8's internalized copy: a named property's key is internalized, and Object.keys returns it. */
function intern(s: string): string {
  let i = interned.get(s);
  if (i === undefined) {
    i = Object.keys({ [s]: true })[0]!;
    interned.set(s, i);
  }
  return i;
}

function decode(v: unknown): unknown {
  if (typeof v === 'string') return intern(v);
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(decode);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [decode(k), decode(x)]));
  if (v instanceof Set) return new Set([...v].map(decode));
  const rec = v as Record<string, unknown>;
  if (typeof rec[NUMERIC] === 'string') return parseNumericText(rec[NUMERIC]);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(rec)) out[k] = decode(x);
  return out;
}

/** Any plan-like value (a plan, a TableInfo) as a value postMessage can clone. */
export function encodeValue(v: unknown): unknown {
  return encode(v);
}

/** The value `encodeValue` encoded. */
export function decodeValue(v: unknown): unknown {
  return decode(v);
}

/** The plan as a value postMessage can clone. */
export function encodePlan(plan: PhysicalNode): unknown {
  return encode(plan);
}

/** The plan `encodePlan` encoded. */
export function decodePlan(v: unknown): PhysicalNode {
  return decode(v) as PhysicalNode;
}
