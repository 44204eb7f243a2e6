/**
 * Binary rows and row batches, in the manner of Blink's BinaryRowData: a RowKind header byte, null
 * bits, one fixed 8-byte slot per field and a variable-length part, rows packed back to back in one
 * ArrayBuffer per batch. Operators read fields in place through a shared DataView; no JavaScript
 * object is made per row on the hot path.
 *
 * Row layout (byte offsets from the row's start; little-endian):
 *   [0]                 RowKind (0 +I, 1 -U, 2 +U, 3 -D)
 *   [1 .. H)            null bits: field i is NULL when bit (i & 7) of byte 1 + (i >> 3) is set
 *   [H + 8·i .. +8)     slot i, where H = headerSize(arity) = align8(1 + ceil(arity / 8))
 *   [H + 8·arity .. )   variable-length part
 * Slot contents by type: bool u8; int2, int4, date i32; int8, time, timestamp, timestamptz i64
 * (two's complement, written as lo u32 + hi i32); float4, float8 f64; every other type (text, varchar,
 * bpchar, bytea, numeric, interval, json, jsonb, uuid, arrays, maps, rows, unknown) is variable-length:
 * the slot holds offset (u32, from the row's start) and length (u32) of its bytes in the variable part
 * (strings UTF-8; numeric its decimal text with its display scale, e.g. `1.50`; interval months i32, days i32, micros i64; nested types a
 * JSON text of their value).
 */
import type { Decimal } from 'decimal.js';
import { numericText, parseNumericText, SCALED_TEXT_MAX_BYTES, writeScaledText } from '../../common/numeric-scale.ts';
import type { Interval, SqlType } from '../../common/types.ts';

/** The kind of change a row carries (Flink's RowKind): +I insert, -U update-before, +U update-after, -D delete. */
export const RowKind = { INSERT: 0, UPDATE_BEFORE: 1, UPDATE_AFTER: 2, DELETE: 3 } as const;
export type RowKind = (typeof RowKind)[keyof typeof RowKind];
/** The short names of row kinds, indexed by RowKind: `+I`, `-U`, `+U`, `-D`. */
export const ROW_KIND_NAMES = ['+I', '-U', '+U', '-D'] as const;
/** True for +I and +U (the row is added); false for -U and -D (the row is retracted). */
export function isAccumulate(kind: number): boolean {
  return kind === 0 || kind === 2;
}

/** How a field of a type is stored. */
export const enum SlotKind {
  Bool = 0,
  Int = 1,
  Long = 2,
  Double = 3,
  Var = 4,
}

/** The slot kind of `t`. */
export function slotKind(t: SqlType): SlotKind {
  switch (t.id) {
    case 'bool':
      return SlotKind.Bool;
    case 'int2':
    case 'int4':
    case 'date':
      return SlotKind.Int;
    case 'int8':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'xid':
      return SlotKind.Long;
    case 'float4':
    case 'float8':
      return SlotKind.Double;
    default:
      return SlotKind.Var;
  }
}

/** Bytes before the first slot for a row of `arity` fields (RowKind byte and null bits, 8-aligned). */
export function headerSize(arity: number): number {
  return (1 + ((arity + 7) >> 3) + 7) & ~7;
}

const TWO32 = 4294967296;
const SAFE_HI = 2097152; // 2^21: |hi| below this keeps hi·2^32 + lo a safe integer
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Slot kinds per types array, computed once (the arrays of a plan are shared by its batches). */
const kindsCache = new WeakMap<readonly SqlType[], Uint8Array>();

/**
 * The SlotKind of each of `types`, cached per array: the per-value paths (getValue, setValue,
 * copyField) read a byte instead of switching on the type's id string for every field of every row.
 */
export function slotKinds(types: readonly SqlType[]): Uint8Array {
  let k = kindsCache.get(types);
  if (k === undefined) {
    k = Uint8Array.from(types, slotKind);
    kindsCache.set(types, k);
  }
  return k;
}

/**
 * An immutable batch of binary rows of one schema. Row r occupies bytes offsets[r] .. offsets[r+1]
 * of `bytes`. Batches may be transferred between threads (the buffer is plain ArrayBuffer).
 */
export class RowBatch {
  readonly view: DataView;
  /** Per field: its SlotKind (`slotKinds(types)`). */
  readonly kinds: Uint8Array;
  constructor(
    readonly types: readonly SqlType[],
    readonly bytes: Uint8Array,
    /** count + 1 entries: row starts, then the end of the last row. */
    readonly offsets: Int32Array,
    readonly count: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.kinds = slotKinds(types);
  }

  /** Number of fields per row. */
  get arity(): number {
    return this.types.length;
  }

  /** RowKind of row r. */
  kind(r: number): RowKind {
    return this.bytes[this.offsets[r]!] as RowKind;
  }

  /** True when field f of row r is NULL. */
  isNull(r: number, f: number): boolean {
    return (this.bytes[this.offsets[r]! + 1 + (f >> 3)]! & (1 << (f & 7))) !== 0;
  }

  /** Byte offset of field f's slot in row r (from the start of `bytes`). */
  slot(r: number, f: number): number {
    return this.offsets[r]! + headerSize(this.types.length) + 8 * f;
  }

  getBool(r: number, f: number): boolean {
    return this.bytes[this.slot(r, f)] !== 0;
  }
  getInt(r: number, f: number): number {
    return this.view.getInt32(this.slot(r, f), true);
  }
  /** An int8/time/timestamp field: a number when safe, else a bigint (see common/types.ts). */
  getLong(r: number, f: number): number | bigint {
    return readLong(this.view, this.slot(r, f));
  }
  getDouble(r: number, f: number): number {
    return this.view.getFloat64(this.slot(r, f), true);
  }
  /** The raw bytes of a variable-length field (a view, not a copy). */
  getVarBytes(r: number, f: number): Uint8Array {
    const s = this.slot(r, f);
    const start = this.offsets[r]! + this.view.getUint32(s, true);
    return this.bytes.subarray(start, start + this.view.getUint32(s + 4, true));
  }
  getString(r: number, f: number): string {
    return decodeUtf8(this.getVarBytes(r, f));
  }

  /** Field f of row r as its JavaScript value (common/types.ts), or null. Not for hot paths. */
  getValue(r: number, f: number): unknown {
    if (this.isNull(r, f)) return null;
    switch (this.kinds[f] as SlotKind) {
      case SlotKind.Bool:
        return this.getBool(r, f);
      case SlotKind.Int:
        return this.getInt(r, f);
      case SlotKind.Long:
        return this.getLong(r, f);
      case SlotKind.Double:
        return this.getDouble(r, f);
      case SlotKind.Var:
        return decodeVar(this.types[f]!, this.getVarBytes(r, f));
    }
  }

  /** Row r as an array of JavaScript values (for results sent to clients and for tests). */
  getRow(r: number): unknown[] {
    // Pushed, not preallocated: `new Array(n)` makes a holey array, whose element reads V8 optimizes
    // less well wherever rows are read later (lookup join dimension rows in a worker's replica: q13 at
    // P2 spent 15 % more CPU on them).
    const n = this.types.length;
    const out: unknown[] = [];
    for (let f = 0; f < n; f++) out.push(this.getValue(r, f));
    return out;
  }

  /** Total bytes of row data. */
  get byteLength(): number {
    return this.offsets[this.count]!;
  }
}

/** Reads an i64 at `pos` as number (safe range) or bigint. */
export function readLong(view: DataView, pos: number): number | bigint {
  const lo = view.getUint32(pos, true);
  const hi = view.getInt32(pos + 4, true);
  if (hi < SAFE_HI && hi >= -SAFE_HI) return hi * TWO32 + lo;
  return view.getBigInt64(pos, true);
}

/** Writes an i64 (number must be an integer; bigint in the int64 range). */
export function writeLong(view: DataView, pos: number, v: number | bigint): void {
  if (typeof v === 'number') {
    const hi = Math.floor(v / TWO32);
    view.setUint32(pos, v - hi * TWO32, true);
    view.setInt32(pos + 4, hi, true);
  } else {
    view.setBigInt64(pos, v, true);
  }
}

/** UTF-8 decode with an ASCII fast path for short strings. */
export function decodeUtf8(b: Uint8Array): string {
  const n = b.length;
  if (n < 48) {
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = b[i]!;
      if (c > 127) return decoder.decode(b);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(b);
}

/** Decodes a variable-length field's bytes into the JS value of `t`. */
export function decodeVar(t: SqlType, b: Uint8Array): unknown {
  switch (t.id) {
    case 'bytea':
      return b.slice();
    case 'numeric':
      return parseNumericText(decodeUtf8(b));
    case 'interval': {
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      return { months: v.getInt32(0, true), days: v.getInt32(4, true), micros: Number(readLong(v, 8)) } satisfies Interval;
    }
    case 'array':
    case 'map':
    case 'row':
      return fromNestedJson(t, JSON.parse(decodeUtf8(b)));
    default:
      return decodeUtf8(b);
  }
}

/** Encodes the JS value of a variable-length type `t` into bytes. */
export function encodeVar(t: SqlType, v: unknown): Uint8Array {
  switch (t.id) {
    case 'bytea':
      return v as Uint8Array;
    case 'numeric':
      return encoder.encode(typeof v === 'object' ? numericText(v as Decimal) : String(v));
    case 'interval': {
      const iv = v as Interval;
      const b = new Uint8Array(16);
      const dv = new DataView(b.buffer);
      dv.setInt32(0, iv.months, true);
      dv.setInt32(4, iv.days, true);
      writeLong(dv, 8, iv.micros);
      return b;
    }
    case 'array':
    case 'map':
    case 'row':
      return encoder.encode(JSON.stringify(toNestedJson(t, v)));
    default:
      return encoder.encode(v as string);
  }
}

function toNestedJson(t: SqlType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (t.id) {
    case 'array':
      return (v as unknown[]).map((x) => toNestedJson(t.element, x));
    case 'map':
      return [...(v as Map<unknown, unknown>)].map(([k, x]) => [toNestedJson(t.key, k), toNestedJson(t.value, x)]);
    case 'row':
      return (v as unknown[]).map((x, i) => toNestedJson(t.fields[i]!.type, x));
    case 'bytea':
      return Buffer.from(v as Uint8Array).toString('base64');
    case 'numeric':
      return numericText(v as Decimal);
    case 'int8':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return typeof v === 'bigint' ? { big: v.toString() } : v;
    default:
      return v;
  }
}

function fromNestedJson(t: SqlType, j: unknown): unknown {
  if (j === null) return null;
  switch (t.id) {
    case 'array':
      return (j as unknown[]).map((x) => fromNestedJson(t.element, x));
    case 'map':
      return new Map((j as [unknown, unknown][]).map(([k, x]) => [fromNestedJson(t.key, k), fromNestedJson(t.value, x)]));
    case 'row':
      return (j as unknown[]).map((x, i) => fromNestedJson(t.fields[i]!.type, x));
    case 'bytea':
      return new Uint8Array(Buffer.from(j as string, 'base64'));
    case 'numeric':
      return parseNumericText(j as string);
    case 'int8':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return typeof j === 'object' ? BigInt((j as { big: string }).big) : j;
    default:
      return j;
  }
}

/**
 * Copies `len` bytes from `from` at `start` to `to` at `at` (fv, tv: DataViews over the same bytes),
 * four at a time: for short copies (under a few hundred bytes) faster than `set(subarray)`, which
 * makes a view object per call.
 */
function copyBytes(from: Uint8Array, fv: DataView, start: number, to: Uint8Array, tv: DataView, at: number, len: number): void {
  let k = 0;
  for (; k + 4 <= len; k += 4) tv.setInt32(at + k, fv.getInt32(start + k, true), true);
  for (; k < len; k++) to[at + k] = from[start + k]!;
}

/**
 * Which fields a row of schema `outTypes` takes, bytes as they are, from a row of schema `srcTypes`
 * (compiled once by `fieldCopyPlan`, used by `RowBatchBuilder.beginCopiedRow`). Offsets are bytes
 * from a row's start.
 */
export interface FieldCopyPlan {
  /** The output row's header with every field NULL, as little-endian 32-bit words (the RowKind byte is copied per row). */
  readonly header: Int32Array;
  /** Slot offsets of the output fields the plan does not copy (zeroed: NULL until set). */
  readonly unset: Int32Array;
  /** Fixed-width copies, 6 entries each: source null byte, source mask, source slot, output null byte, output mask, output slot. */
  readonly fixed: Int32Array;
  /** Variable-length copies, laid out as `fixed`. */
  readonly vars: Int32Array;
  /** Arity of the source rows the plan reads. */
  readonly srcArity: number;
}

/**
 * A plan copying source field `src[i]` into output field `dst[i]` for each i. Each pair must have the
 * same slot kind and the same bytes for equal values (the caller checks types; a copy does not
 * convert). Throws RangeError when a field is out of range or the slot kinds differ.
 */
export function fieldCopyPlan(srcTypes: readonly SqlType[], outTypes: readonly SqlType[], dst: readonly number[], src: readonly number[]): FieldCopyPlan {
  const hs = headerSize(srcTypes.length);
  const ho = headerSize(outTypes.length);
  const header = new Uint8Array(ho);
  for (let i = 0; i < outTypes.length; i++) header[1 + (i >> 3)]! |= 1 << (i & 7);
  const hv = new DataView(header.buffer);
  const headerWords = Int32Array.from({ length: ho / 4 }, (_, i) => hv.getInt32(4 * i, true));
  const copied = new Set(dst);
  const unset = Int32Array.from(outTypes.map((_, i) => i).filter((i) => !copied.has(i)), (i) => ho + 8 * i);
  const fixed: number[] = [];
  const vars: number[] = [];
  for (let i = 0; i < dst.length; i++) {
    const d = dst[i]!;
    const sf = src[i]!;
    const st = srcTypes[sf];
    const ot = outTypes[d];
    if (!st || !ot) throw new RangeError(`field copy ${sf} → ${d} out of range`);
    const kind = slotKind(st);
    if (kind !== slotKind(ot)) throw new RangeError(`field copy ${sf} → ${d}: slot kinds differ`);
    (kind === SlotKind.Var ? vars : fixed).push(1 + (sf >> 3), 1 << (sf & 7), hs + 8 * sf, 1 + (d >> 3), 1 << (d & 7), ho + 8 * d);
  }
  return { header: headerWords, unset, fixed: Int32Array.from(fixed), vars: Int32Array.from(vars), srcArity: srcTypes.length };
}

/**
 * Builds a RowBatch row by row: `beginRow(kind)`, then any of the setters for each field (fields
 * not set are NULL; var-length fields may be set in any order), then `endRow()`. `finish()` returns
 * the batch and resets the builder. Buffers grow by doubling; units are bytes.
 */
export class RowBatchBuilder {
  private bytes: Uint8Array;
  private view: DataView;
  private offsets: Int32Array;
  private count = 0;
  private rowStart = 0;
  private cursor = 0;
  private readonly header: number;
  private readonly fixed: number;
  /** Per field: its SlotKind (`slotKinds(types)`). */
  private readonly kinds: Uint8Array;
  /** The header of a row whose fields are all NULL (RowKind 0), as little-endian 32-bit words. */
  private readonly nullHeader: Int32Array;
  /** The bytes `setVarRange` last copied from, and a DataView over them. */
  private rangeSrc: Uint8Array | undefined;
  private rangeView: DataView | undefined;

  constructor(
    readonly types: readonly SqlType[],
    initialBytes = 64 * 1024,
    initialRows = 1024,
  ) {
    this.bytes = new Uint8Array(initialBytes);
    this.view = new DataView(this.bytes.buffer);
    this.offsets = new Int32Array(initialRows + 1);
    this.header = headerSize(types.length);
    this.fixed = this.header + 8 * types.length;
    this.kinds = slotKinds(types);
    const h = new Uint8Array(this.header);
    for (let i = 0; i < types.length; i++) h[1 + (i >> 3)]! |= 1 << (i & 7);
    const hv = new DataView(h.buffer);
    this.nullHeader = Int32Array.from({ length: this.header / 4 }, (_, i) => hv.getInt32(4 * i, true));
  }

  /** Rows written so far in the current batch. */
  get rowCount(): number {
    return this.count;
  }
  /** Bytes written so far in the current batch. */
  get byteCount(): number {
    return this.cursor;
  }

  private ensure(extra: number): void {
    const need = this.cursor + extra;
    if (need <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < need) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.bytes.subarray(0, this.cursor));
    this.bytes = nb;
    this.view = new DataView(nb.buffer);
  }

  /** Starts a row of `kind`; every field NULL until set. */
  beginRow(kind: number): void {
    this.rowStart = this.cursor;
    this.ensure(this.fixed);
    const s = this.rowStart;
    // The header with all fields NULL (setters clear the bit), then zero slots, as 32-bit words.
    const h = this.nullHeader;
    const v = this.view;
    for (let i = 0; i < h.length; i++) v.setInt32(s + 4 * i, h[i]!, true);
    for (let i = s + 4 * h.length, e = s + this.fixed; i < e; i += 4) v.setInt32(i, 0, true);
    this.bytes[s] = kind;
    this.cursor = s + this.fixed;
  }

  /**
   * Starts a row with the RowKind of row `sr` of `src` and the fields of `plan` copied from it, bytes
   * as they are (a NULL stays NULL); every other field NULL until set, as after `beginRow`. Then set
   * the other fields and `endRow()`. Fixed slots are copied as two 32-bit words, variable-length
   * bytes four at a time (DataView, so any alignment works): no decoding, no per-field dispatch on
   * types. `src` must have the plan's source schema and this builder its output schema (not checked
   * per row).
   */
  beginCopiedRow(src: RowBatch, sr: number, plan: FieldCopyPlan): void {
    const s = src.offsets[sr]!;
    const nv = plan.vars.length / 6;
    // Copied variable-length bytes come from the source row, once per copy.
    this.rowStart = this.cursor;
    this.ensure(this.fixed + (nv === 0 ? 0 : (src.offsets[sr + 1]! - s) * nv));
    const d = this.rowStart;
    const to = this.bytes;
    const tv = this.view;
    const from = src.bytes;
    const fv = src.view;
    const h = plan.header;
    for (let i = 0; i < h.length; i++) tv.setInt32(d + 4 * i, h[i]!, true);
    to[d] = from[s]!;
    const un = plan.unset;
    for (let i = 0; i < un.length; i++) {
      tv.setInt32(d + un[i]!, 0, true);
      tv.setInt32(d + un[i]! + 4, 0, true);
    }
    const fx = plan.fixed;
    for (let i = 0; i < fx.length; i += 6) {
      const b = d + fx[i + 5]!;
      if ((from[s + fx[i]!]! & fx[i + 1]!) !== 0) {
        tv.setInt32(b, 0, true);
        tv.setInt32(b + 4, 0, true);
        continue;
      }
      to[d + fx[i + 3]!]! &= ~fx[i + 4]!;
      const a = s + fx[i + 2]!;
      tv.setInt32(b, fv.getInt32(a, true), true);
      tv.setInt32(b + 4, fv.getInt32(a + 4, true), true);
    }
    let c = d + this.fixed;
    const vx = plan.vars;
    for (let i = 0; i < vx.length; i += 6) {
      if ((from[s + vx[i]!]! & vx[i + 1]!) !== 0) {
        tv.setInt32(d + vx[i + 5]!, 0, true);
        tv.setInt32(d + vx[i + 5]! + 4, 0, true);
        continue;
      }
      to[d + vx[i + 3]!]! &= ~vx[i + 4]!;
      const a = s + vx[i + 2]!;
      const start = s + fv.getUint32(a, true);
      const len = fv.getUint32(a + 4, true);
      const b = d + vx[i + 5]!;
      tv.setUint32(b, c - d, true);
      tv.setUint32(b + 4, len, true);
      if (len >= 256) to.set(from.subarray(start, start + len), c);
      else copyBytes(from, fv, start, to, tv, c, len);
      c += len;
    }
    this.cursor = c;
  }

  private present(f: number): number {
    this.bytes[this.rowStart + 1 + (f >> 3)]! &= ~(1 << (f & 7));
    return this.rowStart + this.header + 8 * f;
  }

  setNull(f: number): void {
    this.bytes[this.rowStart + 1 + (f >> 3)]! |= 1 << (f & 7);
  }
  setBool(f: number, v: boolean): void {
    this.bytes[this.present(f)] = v ? 1 : 0;
  }
  setInt(f: number, v: number): void {
    this.view.setInt32(this.present(f), v, true);
  }
  setLong(f: number, v: number | bigint): void {
    writeLong(this.view, this.present(f), v);
  }
  setDouble(f: number, v: number): void {
    this.view.setFloat64(this.present(f), v, true);
  }
  /** Sets a var-length field from raw bytes (already in the field's encoding). */
  setVarBytes(f: number, b: Uint8Array): void {
    const len = b.length;
    this.ensure(len);
    const s = this.present(f);
    this.view.setUint32(s, this.cursor - this.rowStart, true);
    this.view.setUint32(s + 4, len, true);
    this.bytes.set(b, this.cursor);
    this.cursor += len;
  }
  /** Sets a var-length field from bytes `start`..`end` of `src` (already in the field's encoding). */
  setVarRange(f: number, src: Uint8Array, start: number, end: number): void {
    const len = end - start;
    this.ensure(len);
    const s = this.present(f);
    const c = this.cursor;
    this.view.setUint32(s, c - this.rowStart, true);
    this.view.setUint32(s + 4, len, true);
    if (len < 8) {
      const to = this.bytes;
      for (let i = 0; i < len; i++) to[c + i] = src[start + i]!;
    } else if (len < 256) {
      if (src !== this.rangeSrc) {
        this.rangeSrc = src;
        this.rangeView = new DataView(src.buffer, src.byteOffset, src.byteLength);
      }
      copyBytes(src, this.rangeView!, start, this.bytes, this.view, c, len);
    } else this.bytes.set(src.subarray(start, end), c);
    this.cursor = c + len;
  }
  /** Discards the row begun by the last `beginRow` (not yet ended). */
  abortRow(): void {
    this.cursor = this.rowStart;
  }
  /** Sets a text field (UTF-8). */
  setString(f: number, v: string): void {
    const max = v.length * 3;
    this.ensure(max);
    const s = this.present(f);
    let len: number;
    if (v.length < 64) {
      // ASCII fast path
      len = 0;
      const b = this.bytes;
      const base = this.cursor;
      for (; len < v.length; len++) {
        const c = v.charCodeAt(len);
        if (c > 127) break;
        b[base + len] = c;
      }
      if (len < v.length) len = encoder.encodeInto(v, b.subarray(base, base + max)).written;
    } else {
      len = encoder.encodeInto(v, this.bytes.subarray(this.cursor, this.cursor + max)).written;
    }
    this.view.setUint32(s, this.cursor - this.rowStart, true);
    this.view.setUint32(s + 4, len, true);
    this.cursor += len;
  }

  /**
   * Sets a numeric field to the scaled integer `u` at `scale` (the value u / 10^scale), written as its
   * decimal text (numeric's binary-row form; common/numeric-scale.ts `writeScaledText`) without
   * making a string. `u` must be a safe integer and `scale` 0..15.
   */
  setScaledNumeric(f: number, u: number, scale: number): void {
    this.ensure(SCALED_TEXT_MAX_BYTES);
    const s = this.present(f);
    const len = writeScaledText(this.bytes, this.cursor, u, scale);
    this.view.setUint32(s, this.cursor - this.rowStart, true);
    this.view.setUint32(s + 4, len, true);
    this.cursor += len;
  }

  /** Sets field f from its JavaScript value (null → NULL). */
  setValue(f: number, v: unknown): void {
    if (v === null || v === undefined) return this.setNull(f);
    switch (this.kinds[f] as SlotKind) {
      case SlotKind.Bool:
        return this.setBool(f, v as boolean);
      case SlotKind.Int:
        return this.setInt(f, v as number);
      case SlotKind.Long:
        return this.setLong(f, v as number | bigint);
      case SlotKind.Double:
        return this.setDouble(f, v as number);
      case SlotKind.Var: {
        const t = this.types[f]!;
        if (typeof v === 'string' && t.id !== 'numeric') return this.setString(f, v);
        return this.setVarBytes(f, encodeVar(t, v));
      }
    }
  }

  /** Copies the variable-length bytes whose slot is at `ss` in the row of `src` starting at `rowStart` into field f. */
  private copyVar(f: number, src: RowBatch, rowStart: number, ss: number): void {
    const start = rowStart + src.view.getUint32(ss, true);
    const len = src.view.getUint32(ss + 4, true);
    this.ensure(len);
    const d = this.present(f);
    const c = this.cursor;
    this.view.setUint32(d, c - this.rowStart, true);
    this.view.setUint32(d + 4, len, true);
    // Short fields: words through DataViews beat a subarray view plus a native copy.
    if (len < 256) copyBytes(src.bytes, src.view, start, this.bytes, this.view, c, len);
    else this.bytes.set(src.bytes.subarray(start, start + len), c);
    this.cursor = c + len;
  }

  /** Copies field `sf` of row `sr` of `src` into field f, bytes as they are (same slot kind required). */
  copyField(f: number, src: RowBatch, sr: number, sf: number): void {
    if (src.isNull(sr, sf)) return this.setNull(f);
    const ss = src.slot(sr, sf);
    if (src.kinds[sf] === SlotKind.Var) return this.copyVar(f, src, src.offsets[sr]!, ss);
    const d = this.present(f);
    // Eight bytes: a loop beats a subarray view plus a native copy.
    const from = src.bytes;
    const to = this.bytes;
    for (let i = 0; i < 8; i++) to[d + i] = from[ss + i]!;
  }

  /** Appends a whole row of `src` (same schema) with a given kind, bytes as they are. */
  copyRow(src: RowBatch, sr: number, kind: number = src.kind(sr)): void {
    const start = src.offsets[sr]!;
    const len = src.offsets[sr + 1]! - start;
    this.rowStart = this.cursor;
    this.ensure(len);
    this.bytes.set(src.bytes.subarray(start, start + len), this.cursor);
    this.bytes[this.cursor] = kind;
    this.cursor += len;
    this.endRow();
  }

  /** Appends a row from JavaScript values. */
  addRow(kind: number, values: readonly unknown[]): void {
    this.beginRow(kind);
    for (let f = 0; f < values.length; f++) this.setValue(f, values[f]);
    this.endRow();
  }

  /** Ends the current row. */
  endRow(): void {
    // Keep rows 8-aligned so slots stay aligned.
    const pad = (8 - ((this.cursor - this.rowStart) & 7)) & 7;
    if (pad) {
      this.ensure(pad);
      const b = this.bytes;
      for (let i = this.cursor, e = i + pad; i < e; i++) b[i] = 0;
      this.cursor += pad;
    }
    if (this.count + 1 >= this.offsets.length) {
      const no = new Int32Array(this.offsets.length * 2);
      no.set(this.offsets);
      this.offsets = no;
    }
    this.offsets[this.count] = this.rowStart;
    this.count++;
    this.offsets[this.count] = this.cursor;
  }

  /** The rows so far as a batch (a compact copy); the builder is reset for the next batch. */
  finish(): RowBatch {
    const bytes = this.bytes.slice(0, this.cursor);
    const offsets = this.offsets.slice(0, this.count + 1);
    const batch = new RowBatch(this.types, bytes, offsets, this.count);
    this.count = 0;
    this.cursor = 0;
    this.rowStart = 0;
    this.offsets[0] = 0;
    return batch;
  }
}

/** A batch from JavaScript rows (for tests, VALUES and DML): each entry is [kind, values]. */
export function batchOf(types: readonly SqlType[], rows: readonly (readonly [number, readonly unknown[]])[]): RowBatch {
  const b = new RowBatchBuilder(types, 1024, rows.length + 1);
  for (const [k, v] of rows) b.addRow(k, v);
  return b.finish();
}

