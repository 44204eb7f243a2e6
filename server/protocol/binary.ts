/**
 * Binary format of values, as PostgreSQL's typsend/typreceive functions write and read them
 * (PostgreSQL docs §55.2.3 "Formats and Format Codes"; the layouts are those of the *_send/*_recv
 * functions in src/backend/utils/adt). JavaScript values are those of common/types.ts.
 *
 *  - bool: 1 byte; int2/int4/int8: big-endian two's complement; float4/float8: IEEE 754
 *  - numeric: int16 ndigits, int16 weight, int16 sign (0 +, 0x4000 −, 0xC000 NaN, 0xD000 +Inf,
 *    0xF000 −Inf), int16 dscale, then ndigits base-10000 digits (int16 each)
 *  - text, varchar, bpchar, unknown, json: UTF-8 bytes; jsonb: version byte 1 then the text
 *  - bytea: the bytes; uuid: 16 bytes
 *  - date: int32 days since 2000-01-01; time: int64 µs since midnight;
 *    timestamp/timestamptz: int64 µs since 2000-01-01 00:00 (UTC); ±infinity as int32/int64 max/min
 *  - interval: int64 µs, int32 days, int32 months
 *  - arrays: int32 ndim, int32 has-null flag, uint32 element OID, ndim × (int32 size, int32 lower
 *    bound 1), then each element as int32 length (−1 NULL) and bytes
 *  - map and row: sent as json (their OID is json, see typeOid), i.e. their text form
 */
import { Decimal } from 'decimal.js';
import { dscaleOf, withScale } from '../../common/numeric-scale.ts';
import { SqlError } from '../../common/errors.ts';
import type { Interval, SqlType } from '../../common/types.ts';
import { typeOid } from '../../common/types.ts';
import { formatValue, parseValue } from '../value-text.ts';
import { BufferWriter } from './writer.ts';

/** Days from 1970-01-01 to 2000-01-01 (PostgreSQL's epoch for binary dates). */
export const PG_EPOCH_DAYS = 10957;
/** Microseconds from 1970-01-01 to 2000-01-01. */
export const PG_EPOCH_MICROS = PG_EPOCH_DAYS * 86_400_000_000;

const INT32_MAX = 0x7fffffff;
const INT32_MIN = -0x80000000;
const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;
const TWO_32 = 0x1_0000_0000;

const NUMERIC_POS = 0x0000;
const NUMERIC_NEG = 0x4000;
const NUMERIC_NAN = 0xc000;
const NUMERIC_PINF = 0xd000;
const NUMERIC_NINF = 0xf000;

/** SQLSTATE 22P03 invalid_binary_representation. */
const INVALID_BINARY = '22P03';

function binaryError(message = 'insufficient data left in message'): SqlError {
  return new SqlError(INVALID_BINARY, message);
}

/** The innermost element type of a (possibly nested) array type, and its nesting depth. */
function arrayBase(t: SqlType): { base: SqlType; depth: number } {
  let depth = 0;
  while (t.id === 'array') {
    t = t.element;
    depth++;
  }
  return { base: t, depth };
}

/**
 * The OID to announce for `t` on the wire: `typeOid`, except that an array of arrays goes as a
 * multi-dimensional array of its innermost element type (PostgreSQL has no arrays of arrays).
 */
export function wireTypeOid(t: SqlType): number {
  if (t.id === 'array' && t.element.id === 'array') return typeOid({ id: 'array', element: arrayBase(t).base });
  return typeOid(t);
}

/** Appends the binary form of non-null `v` (of type `t`) to `w`, without a length word. */
export function encodeBinary(w: BufferWriter, t: SqlType, v: unknown): void {
  switch (t.id) {
    case 'bool':
      w.uint8(v ? 1 : 0);
      return;
    case 'int2':
      w.int16(Number(v));
      return;
    case 'int4':
      w.int32(Number(v));
      return;
    case 'int8':
      w.int64(typeof v === 'bigint' ? v : Number(v));
      return;
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'xid':
      // An unsigned 32-bit integer (oidsend, xidsend); `| 0` keeps its bits in int32 form.
      w.int32(Number(v) | 0);
      return;
    case 'tid': {
      // tidsend: block number (uint32), offset (uint16).
      const [block, offset] = String(v).slice(1, -1).split(',').map(Number) as [number, number];
      w.int32(block | 0);
      w.int16(offset);
      return;
    }
    case 'name':
      w.utf8(String(v));
      return;
    case 'char':
      w.bytes(Buffer.from(String(v), 'utf8').subarray(0, 1));
      return;
    case 'float4':
      w.float32(Number(v));
      return;
    case 'float8':
      w.float64(Number(v));
      return;
    case 'numeric':
      encodeNumeric(w, v instanceof Decimal ? v : new Decimal(String(v)), t.scale);
      return;
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'unknown':
    case 'json':
      w.utf8(String(v));
      return;
    case 'jsonb':
      w.uint8(1);
      w.utf8(String(v));
      return;
    case 'bytea':
      w.bytes(v as Uint8Array);
      return;
    case 'uuid':
      w.bytes(Buffer.from(String(v).replace(/-/g, ''), 'hex'));
      return;
    case 'date': {
      const d = Number(v);
      w.int32(d === Infinity ? INT32_MAX : d === -Infinity ? INT32_MIN : d - PG_EPOCH_DAYS);
      return;
    }
    case 'time':
      w.int64(Number(v));
      return;
    case 'timestamp':
    case 'timestamptz': {
      const us = Number(v);
      w.int64(us === Infinity ? INT64_MAX : us === -Infinity ? INT64_MIN : us - PG_EPOCH_MICROS);
      return;
    }
    case 'interval': {
      const iv = v as Interval;
      w.int64(iv.micros);
      w.int32(iv.days);
      w.int32(iv.months);
      return;
    }
    case 'array':
      encodeArray(w, t, v as readonly unknown[]);
      return;
    case 'map':
    case 'row':
      w.utf8(formatValue(t, v));
      return;
  }
}

function encodeNumeric(w: BufferWriter, d: Decimal, typeScale: number | undefined): void {
  if (d.isNaN()) {
    w.int16(0).int16(0).uint16(NUMERIC_NAN).int16(0);
    return;
  }
  if (!d.isFinite()) {
    w.int16(0).int16(0).uint16(d.isNegative() ? NUMERIC_NINF : NUMERIC_PINF).int16(0);
    return;
  }
  // The column's declared scale, else the value's display scale (common/numeric-scale.ts), as the text output.
  const dscale = typeScale ?? dscaleOf(d);
  const text = d.abs().toFixed(dscale);
  const dot = text.indexOf('.');
  let intPart = dot < 0 ? text : text.slice(0, dot);
  let fracPart = dot < 0 ? '' : text.slice(dot + 1);
  if (intPart === '0') intPart = '';
  intPart = '0'.repeat((4 - (intPart.length % 4)) % 4) + intPart;
  fracPart += '0'.repeat((4 - (fracPart.length % 4)) % 4);
  const digits: number[] = [];
  for (let i = 0; i < intPart.length; i += 4) digits.push(Number(intPart.slice(i, i + 4)));
  for (let i = 0; i < fracPart.length; i += 4) digits.push(Number(fracPart.slice(i, i + 4)));
  let weight = intPart.length / 4 - 1;
  let start = 0;
  while (start < digits.length && digits[start] === 0) {
    start++;
    weight--;
  }
  let end = digits.length;
  while (end > start && digits[end - 1] === 0) end--;
  if (start === end) {
    w.int16(0).int16(0).uint16(NUMERIC_POS).int16(dscale);
    return;
  }
  w.int16(end - start).int16(weight).uint16(d.isNegative() ? NUMERIC_NEG : NUMERIC_POS).int16(dscale);
  for (let i = start; i < end; i++) w.int16(digits[i]!);
}

function arrayDims(v: readonly unknown[], depth: number): number[] {
  const dims: number[] = [];
  let cur: unknown = v;
  for (let i = 0; i < depth; i++) {
    const a = cur as readonly unknown[];
    dims.push(a.length);
    if (a.length === 0) return [];
    cur = a[0];
  }
  return dims;
}

function encodeArray(w: BufferWriter, t: SqlType, v: readonly unknown[]): void {
  const { base, depth } = arrayBase(t);
  const dims = arrayDims(v, depth);
  const flat = dims.length === 0 ? [] : (v.flat(depth - 1) as unknown[]);
  w.int32(dims.length);
  w.int32(flat.some((x) => x === null || x === undefined) ? 1 : 0);
  w.uint32(typeOid(base));
  for (const n of dims) w.int32(n).int32(1);
  for (const el of flat) {
    if (el === null || el === undefined) {
      w.int32(-1);
      continue;
    }
    const at = w.reserveInt32();
    encodeBinary(w, base, el);
    w.patchInt32(at, w.offset - at - 4);
  }
}

/** The binary form of non-null `v` as a fresh Buffer (for tests and one-off values). */
export function binaryBytes(t: SqlType, v: unknown): Buffer {
  const w = new BufferWriter(64);
  encodeBinary(w, t, v);
  return w.take();
}

function expectLength(b: Buffer, n: number): void {
  if (b.length !== n) throw binaryError(`incorrect binary data format: expected ${n} bytes, got ${b.length}`);
}

function readInt64(b: Buffer, at: number): number | bigint {
  const hi = b.readInt32BE(at);
  if (hi >= -0x200000 && hi < 0x200000) {
    const v = hi * TWO_32 + b.readUInt32BE(at + 4);
    if (Number.isSafeInteger(v)) return v;
  }
  return b.readBigInt64BE(at);
}

/**
 * Decodes the binary form of a value of type `t` (e.g. a Bind parameter). Throws SqlError 22P03
 * when the bytes do not fit the type.
 */
export function decodeBinary(t: SqlType, b: Buffer): unknown {
  switch (t.id) {
    case 'bool':
      expectLength(b, 1);
      return b[0] !== 0;
    case 'int2':
      expectLength(b, 2);
      return b.readInt16BE(0);
    case 'int4':
      expectLength(b, 4);
      return b.readInt32BE(0);
    case 'int8':
      expectLength(b, 8);
      return readInt64(b, 0);
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'xid':
      expectLength(b, 4);
      return b.readUInt32BE(0);
    case 'tid':
      expectLength(b, 6);
      return `(${b.readUInt32BE(0)},${b.readUInt16BE(4)})`;
    case 'name':
      return b.toString('utf8');
    case 'char':
      return b.toString('utf8', 0, Math.min(b.length, 1));
    case 'float4':
      expectLength(b, 4);
      return b.readFloatBE(0);
    case 'float8':
      expectLength(b, 8);
      return b.readDoubleBE(0);
    case 'numeric':
      return decodeNumeric(b);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'unknown':
    case 'json':
      return b.toString('utf8');
    case 'jsonb':
      if (b.length < 1 || b[0] !== 1) throw binaryError('unsupported jsonb version number');
      return b.toString('utf8', 1);
    case 'bytea':
      return new Uint8Array(b);
    case 'uuid': {
      expectLength(b, 16);
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'date': {
      expectLength(b, 4);
      const d = b.readInt32BE(0);
      return d === INT32_MAX ? Infinity : d === INT32_MIN ? -Infinity : d + PG_EPOCH_DAYS;
    }
    case 'time':
      expectLength(b, 8);
      return Number(readInt64(b, 0));
    case 'timestamp':
    case 'timestamptz': {
      expectLength(b, 8);
      const raw = b.readBigInt64BE(0);
      if (raw === INT64_MAX) return Infinity;
      if (raw === INT64_MIN) return -Infinity;
      return Number(readInt64(b, 0)) + PG_EPOCH_MICROS;
    }
    case 'interval': {
      expectLength(b, 16);
      const iv: Interval = { micros: Number(readInt64(b, 0)), days: b.readInt32BE(8), months: b.readInt32BE(12) };
      return iv;
    }
    case 'array':
      return decodeArray(t, b);
    case 'map':
    case 'row':
      return parseValue(t, b.toString('utf8'));
  }
}

function decodeNumeric(b: Buffer): Decimal {
  if (b.length < 8) throw binaryError();
  const ndigits = b.readInt16BE(0);
  const weight = b.readInt16BE(2);
  const sign = b.readUInt16BE(4);
  if (ndigits < 0 || b.length !== 8 + 2 * ndigits) throw binaryError('invalid length in external "numeric" value');
  if (sign === NUMERIC_NAN) return new Decimal(NaN);
  if (sign === NUMERIC_PINF) return new Decimal(Infinity);
  if (sign === NUMERIC_NINF) return new Decimal(-Infinity);
  if (sign !== NUMERIC_POS && sign !== NUMERIC_NEG) throw binaryError('invalid sign in external "numeric" value');
  const dscale = b.readUInt16BE(6) & 0x3fff;
  if (ndigits === 0) return withScale(new Decimal(0), dscale);
  let s = '';
  for (let i = 0; i < ndigits; i++) {
    const d = b.readInt16BE(8 + 2 * i);
    if (d < 0 || d > 9999) throw binaryError('invalid digit in external "numeric" value');
    s += String(d).padStart(4, '0');
  }
  // The first digit has weight `weight`: the point goes after (weight + 1) groups.
  const pointGroups = weight + 1;
  if (pointGroups <= 0) s = '0.' + '0000'.repeat(-pointGroups) + s;
  else if (pointGroups >= ndigits) s = s + '0000'.repeat(pointGroups - ndigits);
  else s = s.slice(0, pointGroups * 4) + '.' + s.slice(pointGroups * 4);
  const d = new Decimal(s);
  return withScale(sign === NUMERIC_NEG ? d.negated() : d, dscale);
}

function decodeArray(t: SqlType & { id: 'array' }, b: Buffer): unknown[] {
  if (b.length < 12) throw binaryError();
  const ndim = b.readInt32BE(0);
  if (ndim < 0 || ndim > 6) throw binaryError(`invalid number of dimensions: ${ndim}`);
  if (ndim === 0) return [];
  const { base, depth } = arrayBase(t);
  let pos = 12;
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) {
    if (pos + 8 > b.length) throw binaryError();
    dims.push(b.readInt32BE(pos));
    pos += 8;
  }
  // A multi-dimensional array into a one-level array type: elements are nested arrays of `base`.
  const elType = depth >= ndim ? arrayBase(t).base : base;
  let total = 1;
  for (const n of dims) total *= n;
  const flat: unknown[] = [];
  for (let i = 0; i < total; i++) {
    if (pos + 4 > b.length) throw binaryError();
    const len = b.readInt32BE(pos);
    pos += 4;
    if (len < 0) {
      flat.push(null);
      continue;
    }
    if (pos + len > b.length) throw binaryError();
    flat.push(decodeBinary(elType, b.subarray(pos, pos + len)));
    pos += len;
  }
  if (pos !== b.length) throw binaryError('incorrect binary data format in array');
  return nest(flat, dims);
}

function nest(flat: unknown[], dims: readonly number[]): unknown[] {
  if (dims.length === 1) return flat;
  const [n, ...rest] = dims;
  const size = flat.length / n!;
  const out: unknown[] = [];
  for (let i = 0; i < n!; i++) out.push(nest(flat.slice(i * size, (i + 1) * size), rest));
  return out;
}
