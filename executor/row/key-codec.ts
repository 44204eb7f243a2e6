/**
 * Binary keys and orderings over binary rows: `makeKeyEncoder` turns chosen fields of a row into a
 * string key (for state maps and hashing) such that equal SQL values give equal keys; the comparators
 * order rows and values as PostgreSQL does (docs §9.2 and §7.5: NULL sorts above every value, so
 * NULLS LAST for ASC by default; text in C collation, i.e. by code point; NaN above every float).
 */
import { Decimal } from 'decimal.js';
import { assertNever } from '../../common/errors.ts';
import type { Interval, SqlType } from '../../common/types.ts';
import { decodeVar, headerSize, readLong, RowBatch, SlotKind, slotKind } from './binary-row.ts';
import type { StateKey } from '../state/state-backend.ts';

const USECS_PER_DAY = 86_400_000_000;

// ---------------------------------------------------------------------------------------------
// Values

/** Compares strings by Unicode code point (UTF-8 byte order, PostgreSQL's C collation). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) encode code points above FFFF: move them above E000–FFFF.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Compares floats with NaN equal to itself and above every other value (PostgreSQL float8 ordering). */
export function compareFloat(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a;
  const bn = b !== b;
  return an ? (bn ? 0 : 1) : -1;
}

/** An interval's span as [days, micros in 0..day): months count 30 days (PostgreSQL interval_cmp). */
export function intervalSpan(iv: Interval): [number, number] {
  let days = iv.months * 30 + iv.days;
  const extra = Math.floor(iv.micros / USECS_PER_DAY);
  days += extra;
  return [days, iv.micros - extra * USECS_PER_DAY];
}

/** Compares intervals by total span (1 mon = 30 days, 1 day = 24 hours). */
export function compareInterval(a: Interval, b: Interval): number {
  const [ad, am] = intervalSpan(a);
  const [bd, bm] = intervalSpan(b);
  return ad !== bd ? (ad < bd ? -1 : 1) : am !== bm ? (am < bm ? -1 : 1) : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.isNaN() || b.isNaN()) return a.isNaN() ? (b.isNaN() ? 0 : 1) : -1;
  return a.cmp(b);
}

function asDecimal(v: unknown): Decimal {
  if (v instanceof Decimal) return v;
  return new Decimal(typeof v === 'bigint' ? v.toString() : (v as number));
}

/** Compares two non-null JS values by their shape (number/bigint/Decimal mixes, strings, arrays…). */
export function compareAny(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareFloat(a, b);
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (a instanceof Decimal || b instanceof Decimal) return compareDecimal(asDecimal(a), asDecimal(b));
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return compareArrays(a, b, compareAny);
  if (a instanceof Map && b instanceof Map) return compareArrays([...a], [...b], compareAny);
  if (a !== null && typeof a === 'object' && 'months' in a && b !== null && typeof b === 'object' && 'months' in b) {
    return compareInterval(a as Interval, b as Interval);
  }
  return compareText(String(a), String(b));
}

function compareArrays(a: readonly unknown[], b: readonly unknown[], cmp: (x: unknown, y: unknown) => number): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null) {
      if (x === y) continue;
      return x === null ? 1 : -1;
    }
    const c = cmp(x, y);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

const rtrim = (s: string) => (s.endsWith(' ') ? s.replace(/ +$/, '') : s);

/**
 * Compares two JS values of `type` (NULL = null sorts above every value): negative, 0 or positive.
 * Numbers, bigints and Decimals mix freely; text by code point; char(n) ignores trailing spaces.
 */
export function compareValues(type: SqlType, a: unknown, b: unknown): number {
  if (a === null || a === undefined || b === null || b === undefined) {
    const an = a === null || a === undefined;
    const bn = b === null || b === undefined;
    return an ? (bn ? 0 : 1) : -1;
  }
  switch (type.id) {
    case 'bpchar':
      return compareText(rtrim(a as string), rtrim(b as string));
    case 'interval':
      return compareInterval(a as Interval, b as Interval);
    case 'array': {
      const el = type.element;
      return compareArrays(a as unknown[], b as unknown[], (x, y) => compareValues(el, x, y));
    }
    case 'row': {
      const fs = type.fields;
      let i = 0;
      return compareArrays(a as unknown[], b as unknown[], (x, y) => compareValues(fs[i++]?.type ?? type, x, y));
    }
    default:
      return compareAny(a, b);
  }
}

/** SQL equality of two non-null values of `type` (NaN = NaN, 1.5 = 1.50, 1 mon = 30 days, -0 = 0). */
export function valuesEqual(type: SqlType, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string' && type.id !== 'bpchar') return false;
  return compareValues(type, a, b) === 0;
}

// ---------------------------------------------------------------------------------------------
// Row comparator

type RowCmp = (a: RowBatch, ar: number, b: RowBatch, br: number) => number;

function fieldComparator(type: SqlType, f: number, h: number): RowCmp {
  const so = h + 8 * f;
  const kind = slotKind(type);
  switch (kind) {
    case SlotKind.Bool:
      return (a, ar, b, br) => a.bytes[a.offsets[ar]! + so]! - b.bytes[b.offsets[br]! + so]!;
    case SlotKind.Int:
      return (a, ar, b, br) => {
        const x = a.view.getInt32(a.offsets[ar]! + so, true);
        const y = b.view.getInt32(b.offsets[br]! + so, true);
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case SlotKind.Long:
      return (a, ar, b, br) => {
        const x = readLong(a.view, a.offsets[ar]! + so);
        const y = readLong(b.view, b.offsets[br]! + so);
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case SlotKind.Double:
      return (a, ar, b, br) => compareFloat(a.view.getFloat64(a.offsets[ar]! + so, true), b.view.getFloat64(b.offsets[br]! + so, true));
    case SlotKind.Var:
      if (type.id === 'text' || type.id === 'varchar' || type.id === 'bytea' || type.id === 'uuid' || type.id === 'unknown') {
        return (a, ar, b, br) => compareBytes(a.getVarBytes(ar, f), b.getVarBytes(br, f));
      }
      return (a, ar, b, br) => compareValues(type, decodeVar(type, a.getVarBytes(ar, f)), decodeVar(type, b.getVarBytes(br, f)));
    default:
      return assertNever(kind, 'slot kind');
  }
}

/**
 * A comparator of rows by `keys` (field index, DESC, NULLS FIRST), as ORDER BY in PostgreSQL:
 * NULLs placed by `nullsFirst` regardless of direction (callers pass PostgreSQL's defaults: NULLS LAST
 * for ASC, NULLS FIRST for DESC). Both batches must have the schema `types`.
 */
export function makeRowComparator(
  types: readonly SqlType[],
  keys: readonly { index: number; desc: boolean; nullsFirst: boolean }[],
): RowCmp {
  const h = headerSize(types.length);
  const parts = keys.map((k) => {
    const cmp = fieldComparator(types[k.index]!, k.index, h);
    const nb = 1 + (k.index >> 3);
    const mask = 1 << (k.index & 7);
    const nullSign = k.nullsFirst ? -1 : 1;
    const dir = k.desc ? -1 : 1;
    return (a: RowBatch, ar: number, b: RowBatch, br: number): number => {
      const an = (a.bytes[a.offsets[ar]! + nb]! & mask) !== 0;
      const bn = (b.bytes[b.offsets[br]! + nb]! & mask) !== 0;
      if (an || bn) return an === bn ? 0 : an ? nullSign : -nullSign;
      return dir * cmp(a, ar, b, br);
    };
  });
  if (parts.length === 1) return parts[0]!;
  return (a, ar, b, br) => {
    for (let i = 0; i < parts.length; i++) {
      const c = parts[i]!(a, ar, b, br);
      if (c !== 0) return c;
    }
    return 0;
  };
}

// ---------------------------------------------------------------------------------------------
// Key encoder

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);

function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start < 64) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', start, end);
}

function len4(n: number): string {
  return String.fromCharCode((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

/** Canonical text of a nested value: equal SQL values give equal text (-0 = 0, 1.50 = 1.5, NaN). */
function canonical(type: SqlType, v: unknown): string {
  if (v === null || v === undefined) return 'N';
  switch (type.id) {
    case 'array':
      return '[' + (v as unknown[]).map((x) => canonical(type.element, x)).join(',') + ']';
    case 'map':
      return '{' + [...(v as Map<unknown, unknown>)].map(([k, x]) => canonical(type.key, k) + ':' + canonical(type.value, x)).join(',') + '}';
    case 'row':
      return '(' + (v as unknown[]).map((x, i) => canonical(type.fields[i]!.type, x)).join(',') + ')';
    case 'float4':
    case 'float8':
      return (v as number) === 0 ? '0' : String(v);
    case 'numeric':
      return asDecimal(v).toString();
    case 'interval':
      return intervalSpan(v as Interval).join('.');
    case 'bpchar':
      return JSON.stringify(rtrim(v as string));
    case 'bytea':
      return Buffer.from(v as Uint8Array).toString('hex');
    default:
      return JSON.stringify(typeof v === 'bigint' ? v.toString() : v);
  }
}

type FieldKey = (batch: RowBatch, rowStart: number) => string;

function fieldKey(type: SqlType, f: number, h: number): FieldKey {
  const so = h + 8 * f;
  const kind = slotKind(type);
  switch (kind) {
    case SlotKind.Bool:
      return (b, s) => (b.bytes[s + so] ? '\x01' : '\x00');
    case SlotKind.Int:
      return (b, s) => {
        const x = b.bytes;
        const o = s + so;
        return String.fromCharCode(x[o]!, x[o + 1]!, x[o + 2]!, x[o + 3]!);
      };
    case SlotKind.Long:
      return (b, s) => latin1(b.bytes, s + so, s + so + 8);
    case SlotKind.Double:
      return (b, s) => {
        const v = b.view.getFloat64(s + so, true);
        if (v === 0) return '\x00\x00\x00\x00\x00\x00\x00\x00';
        f64[0] = v === v ? v : NaN;
        return latin1(f64b, 0, 8);
      };
    case SlotKind.Var:
      break;
    default:
      return assertNever(kind, 'slot kind');
  }
  const bytesOf = (b: RowBatch, s: number): [number, number] => {
    const start = s + b.view.getUint32(s + so, true);
    return [start, start + b.view.getUint32(s + so + 4, true)];
  };
  switch (type.id) {
    case 'numeric':
    case 'interval':
    case 'array':
    case 'map':
    case 'row':
      return (b, s) => {
        const [st, en] = bytesOf(b, s);
        const c = canonical(type, decodeVar(type, b.bytes.subarray(st, en)));
        return len4(c.length) + c;
      };
    case 'bpchar':
      return (b, s) => {
        const [st, en0] = bytesOf(b, s);
        let en = en0;
        while (en > st && b.bytes[en - 1] === 32) en--;
        return len4(en - st) + latin1(b.bytes, st, en);
      };
    default:
      return (b, s) => {
        const [st, en] = bytesOf(b, s);
        return len4(en - st) + latin1(b.bytes, st, en);
      };
  }
}

/**
 * Where a lone int or long key field lies in its row, as byte offsets from the row's start: the
 * 8-byte slot, the null-bitmap byte and its mask. Undefined unless `fields` is one int or long field.
 * Shared by the key encoders here and the exchange's channel function (engine/parallel/partition.ts).
 */
export interface IntKeySlot {
  readonly slot: number;
  readonly nullByte: number;
  readonly nullMask: number;
  readonly long: boolean;
}

/** See IntKeySlot. */
export function intKeySlot(types: readonly SqlType[], fields: readonly number[]): IntKeySlot | undefined {
  if (fields.length !== 1) return undefined;
  const f = fields[0]!;
  const kind = slotKind(types[f]!);
  if (kind !== SlotKind.Int && kind !== SlotKind.Long) return undefined;
  return { slot: headerSize(types.length) + 8 * f, nullByte: 1 + (f >> 3), nullMask: 1 << (f & 7), long: kind === SlotKind.Long };
}

/** See IntKeySlot: the slots of `fields` when every one is an int or long field (one or more), else undefined. */
export function intKeySlots(types: readonly SqlType[], fields: readonly number[]): IntKeySlot[] | undefined {
  if (fields.length === 0) return undefined;
  const out: IntKeySlot[] = [];
  for (const f of fields) {
    const at = intKeySlot(types, [f]);
    if (at === undefined) return undefined;
    out.push(at);
  }
  return out;
}

/** Bound (exclusive) of the first field of a packed pair key: 2^26. */
const PAIR_HI = 2 ** 26;
/** Bound (exclusive) of the second field of a packed pair key, and its multiplier: 2^27 (2^26 · 2^27 = 2^53). */
const PAIR_LO = 2 ** 27;

/**
 * A state key over `fields` (executor/state/state-backend.ts StateKey): for a single int or long field
 * holding a safe integer, the number itself (a Map hashes a small integer without building a string
 * per row, and the key costs the heap no object); for two int or long fields holding a and b with
 * 0 ≤ a < 2^26 and 0 ≤ b < 2^27 (ids, as Nexmark's (bidder, auction)), the number a · 2^27 + b;
 * otherwise — NULL, a value beyond those ranges, other or more fields — the string of
 * `makeKeyEncoder`. Which form a key takes depends only on its values, so one value always has one
 * form and equal SQL values give equal keys: an int4 and an int8 field of the same value give the
 * same number, so join sides of both types meet.
 */
export function makeStateKeyEncoder(types: readonly SqlType[], fields: readonly number[]): (batch: RowBatch, row: number) => StateKey {
  const at = intKeySlot(types, fields);
  if (at === undefined) {
    const slots = fields.length === 2 ? intKeySlots(types, fields) : undefined;
    if (slots === undefined) return makeKeyEncoder(types, fields);
    const asString = makeKeyEncoder(types, fields);
    const [x, y] = slots as [IntKeySlot, IntKeySlot];
    return (b, r) => {
      const s = b.offsets[r]!;
      const bytes = b.bytes;
      if ((bytes[s + x.nullByte]! & x.nullMask) === 0 && (bytes[s + y.nullByte]! & y.nullMask) === 0) {
        const view = b.view;
        // A long's high word must be 0 for the value to be in range; an int's value is its low word.
        if (!x.long || view.getInt32(s + x.slot + 4, true) === 0) {
          if (!y.long || view.getInt32(s + y.slot + 4, true) === 0) {
            const hi = x.long ? view.getUint32(s + x.slot, true) : view.getInt32(s + x.slot, true);
            const lo = y.long ? view.getUint32(s + y.slot, true) : view.getInt32(s + y.slot, true);
            if (hi >= 0 && hi < PAIR_HI && lo >= 0 && lo < PAIR_LO) return hi * PAIR_LO + lo;
          }
        }
      }
      return asString(b, r);
    };
  }
  const { slot, nullByte, nullMask } = at;
  if (!at.long) {
    return (b, r) => {
      const s = b.offsets[r]!;
      return b.bytes[s + nullByte]! & nullMask ? '\x00' : b.view.getInt32(s + slot, true);
    };
  }
  return (b, r) => {
    const s = b.offsets[r]!;
    if (b.bytes[s + nullByte]! & nullMask) return '\x00';
    const v = readLong(b.view, s + slot);
    return typeof v === 'number' ? v : 'i' + v;
  };
}

/**
 * A key function over `fields` of rows with schema `types`: a latin1 string (one char per byte) with,
 * per field, a null marker then the value's bytes (4 for int/date, 8 for long/float, length-prefixed
 * bytes for variable types). Equal SQL values give equal keys: -0 and 0, all NaNs, 1.5 and 1.50,
 * '1 mon' and '30 days', char(n) with and without trailing spaces. A single int/long field is encoded
 * as `i` + its decimal text (or `\0` for NULL).
 */
export function makeKeyEncoder(types: readonly SqlType[], fields: readonly number[]): (batch: RowBatch, row: number) => string {
  const h = headerSize(types.length);
  const at = intKeySlot(types, fields);
  if (at !== undefined) {
    const { slot, nullByte, nullMask } = at;
    if (!at.long) {
      return (b, r) => {
        const s = b.offsets[r]!;
        return b.bytes[s + nullByte]! & nullMask ? '\x00' : 'i' + b.view.getInt32(s + slot, true);
      };
    }
    return (b, r) => {
      const s = b.offsets[r]!;
      return b.bytes[s + nullByte]! & nullMask ? '\x00' : 'i' + readLong(b.view, s + slot);
    };
  }
  const parts = fields.map((f) => ({ key: fieldKey(types[f]!, f, h), nb: 1 + (f >> 3), mask: 1 << (f & 7) }));
  return (b, r) => {
    const s = b.offsets[r]!;
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      out += b.bytes[s + p.nb]! & p.mask ? '\x00' : '\x01' + p.key(b, s);
    }
    return out;
  };
}
