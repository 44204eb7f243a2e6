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

/** Strings longer than this are left as they are (ids and names are short; long literals are not switched on). */
const INTERN_MAX = 256;

/**
 * `v` decoded, its strings internalized: strings that structured clone creates are fresh heap
 * strings, and V8 compares two internalized strings by pointer but others by content, so a type id
 * from the wire made every `switch (type.id)` of the hot path (binary-row.ts `slotKind`, once per
 * field per row) call V8's string comparison — 4 % of a P2 worker's time in Nexmark q13, against
 * 0.6 % on one thread. `seen` maps each string of this value to its internalized copy (V8's string
 * table holds them weakly, so nothing outlives the plan).
 */
function decode(v: unknown, seen: Map<string, string>): unknown {
  if (typeof v === 'string') return v.length <= INTERN_MAX ? intern(v, seen) : v;
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map((x) => decode(x, seen));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [decode(k, seen), decode(x, seen)]));
  if (v instanceof Set) return new Set([...v].map((x) => decode(x, seen)));
  const rec = v as Record<string, unknown>;
  if (typeof rec[NUMERIC] === 'string') return parseNumericText(rec[NUMERIC]);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(rec)) out[k] = decode(x, seen);
  return out;
}

/** `s` as V8's internalized copy: a named property's key is internalized, and Object.keys returns it. */
function intern(s: string, seen: Map<string, string>): string {
  let i = seen.get(s);
  if (i === undefined) {
    i = Object.keys({ [s]: true })[0]!;
    seen.set(s, i);
  }
  return i;
}

/** Any plan-like value (a plan, a TableInfo) as a value postMessage can clone. */
export function encodeValue(v: unknown): unknown {
  return encode(v);
}

/** The value `encodeValue` encoded. */
export function decodeValue(v: unknown): unknown {
  return decode(v, new Map());
}

/** The plan as a value postMessage can clone. */
export function encodePlan(plan: PhysicalNode): unknown {
  return encode(plan);
}

/** The plan `encodePlan` encoded. */
export function decodePlan(v: unknown): PhysicalNode {
  return decode(v, new Map()) as PhysicalNode;
}
