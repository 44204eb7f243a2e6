/**
 * Whole-row SQL equality and a hash consistent with it, read from the binary rows in place (no key
 * string per row): the same equality as the keys of key-codec.ts (`makeKeyEncoder` over every column):
 * NULL equals NULL, -0 = 0, NaN = NaN, 1.5 = 1.50, char(n) ignores trailing spaces, '1 mon' = '30 days'.
 * Operators that keep rows in packed buffers (the TopN) use them to find a row's own copy and to tell
 * an unchanged row from a replaced one.
 */
import type { SqlType } from '../../common/types.ts';
import { assertNever } from '../../common/errors.ts';
import type { RowBatch } from './binary-row.ts';
import { SlotKind, decodeVar, headerSize, slotKind } from './binary-row.ts';
import { valuesEqual } from './key-codec.ts';

/** True when row ar of a and row br of b (both of one schema) are equal column by column. */
export type RowEquality = (a: RowBatch, ar: number, b: RowBatch, br: number) => boolean;

/** A 32-bit hash of a row: equal rows (RowEquality) hash alike. */
export type RowHasher = (b: RowBatch, r: number) => number;

/** Var-length types whose bytes are canonical (equal values have equal bytes). */
function rawBytes(t: SqlType): boolean {
  switch (t.id) {
    case 'numeric':
    case 'interval':
    case 'array':
    case 'map':
    case 'row':
    case 'bpchar':
      return false;
    default:
      return true;
  }
}

/** [start, end) of a var-length value in `b.bytes`, its slot at absolute offset `s`. */
function varRange(b: RowBatch, rowStart: number, s: number): [number, number] {
  const start = rowStart + b.view.getUint32(s, true);
  return [start, start + b.view.getUint32(s + 4, true)];
}

function bytesEqual(x: Uint8Array, xs: number, xe: number, y: Uint8Array, ys: number, ye: number): boolean {
  if (xe - xs !== ye - ys) return false;
  for (let i = 0; i < xe - xs; i++) if (x[xs + i] !== y[ys + i]) return false;
  return true;
}

function rtrimEnd(b: Uint8Array, start: number, end: number): number {
  while (end > start && b[end - 1] === 32) end--;
  return end;
}

type FieldEq = (a: RowBatch, as: number, b: RowBatch, bs: number) => boolean;

function fieldEquality(t: SqlType, f: number, h: number): FieldEq {
  const so = h + 8 * f;
  const kind = slotKind(t);
  switch (kind) {
    case SlotKind.Bool:
      return (a, as, b, bs) => (a.bytes[as + so] !== 0) === (b.bytes[bs + so] !== 0);
    case SlotKind.Int:
      return (a, as, b, bs) => a.view.getInt32(as + so, true) === b.view.getInt32(bs + so, true);
    case SlotKind.Long:
      return (a, as, b, bs) => a.view.getInt32(as + so, true) === b.view.getInt32(bs + so, true) && a.view.getInt32(as + so + 4, true) === b.view.getInt32(bs + so + 4, true);
    case SlotKind.Double:
      return (a, as, b, bs) => {
        const x = a.view.getFloat64(as + so, true);
        const y = b.view.getFloat64(bs + so, true);
        return x === y || (x !== x && y !== y);
      };
    case SlotKind.Var:
      break;
    default:
      return assertNever(kind, 'slot kind');
  }
  if (rawBytes(t)) {
    return (a, as, b, bs) => {
      const [xs, xe] = varRange(a, as, as + so);
      const [ys, ye] = varRange(b, bs, bs + so);
      return bytesEqual(a.bytes, xs, xe, b.bytes, ys, ye);
    };
  }
  if (t.id === 'bpchar') {
    return (a, as, b, bs) => {
      const [xs, xe] = varRange(a, as, as + so);
      const [ys, ye] = varRange(b, bs, bs + so);
      return bytesEqual(a.bytes, xs, rtrimEnd(a.bytes, xs, xe), b.bytes, ys, rtrimEnd(b.bytes, ys, ye));
    };
  }
  return (a, as, b, bs) => {
    const [xs, xe] = varRange(a, as, as + so);
    const [ys, ye] = varRange(b, bs, bs + so);
    if (bytesEqual(a.bytes, xs, xe, b.bytes, ys, ye)) return true;
    return valuesEqual(t, decodeVar(t, a.bytes.subarray(xs, xe)), decodeVar(t, b.bytes.subarray(ys, ye)));
  };
}

/** Equality of rows of `types` over `fields` (default: every column). */
export function makeRowEquality(types: readonly SqlType[], fields: readonly number[] = types.map((_, i) => i)): RowEquality {
  const h = headerSize(types.length);
  const parts = fields.map((f) => ({ eq: fieldEquality(types[f]!, f, h), nb: 1 + (f >> 3), mask: 1 << (f & 7) }));
  return (a, ar, b, br) => {
    const as = a.offsets[ar]!;
    const bs = b.offsets[br]!;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const an = a.bytes[as + p.nb]! & p.mask;
      if (an !== (b.bytes[bs + p.nb]! & p.mask)) return false;
      if (an === 0 && !p.eq(a, as, b, bs)) return false;
    }
    return true;
  };
}

/**
 * A hash of rows of `types` (FNV-1a over the null bits and the canonical bytes of each value;
 * values whose bytes are not canonical — numeric, interval, arrays, maps, rows — are left out, so
 * equal rows still hash alike). With `fields`, only those columns count: rows equal on them
 * (`makeRowEquality(types, fields)`) hash alike.
 */
export function makeRowHasher(types: readonly SqlType[], fields?: readonly number[]): RowHasher {
  if (fields !== undefined) return makeFieldsHasher(types, fields);
  const h = headerSize(types.length);
  const nullBytes = (types.length + 7) >> 3;
  const widths = types.map((t) => {
    const k = slotKind(t);
    return k === SlotKind.Bool ? 1 : k === SlotKind.Int ? 4 : k === SlotKind.Long ? 8 : k === SlotKind.Double ? -1 : t.id === 'bpchar' ? -3 : rawBytes(t) ? -2 : 0;
  });
  return (b, r) => {
    const x = b.bytes;
    const s = b.offsets[r]!;
    let hash = 0x811c9dc5;
    for (let i = 1; i <= nullBytes; i++) hash = Math.imul(hash ^ x[s + i]!, 0x01000193);
    for (let f = 0; f < widths.length; f++) {
      const w = widths[f]!;
      if (w === 0 || (x[s + 1 + (f >> 3)]! & (1 << (f & 7))) !== 0) continue;
      const so = s + h + 8 * f;
      let st = so;
      let en = so + w;
      if (w === -1) {
        const v = b.view.getFloat64(so, true);
        en = v === v && v !== 0 ? so + 8 : so;
      } else if (w < 0) {
        [st, en] = varRange(b, s, so);
        if (w === -3) en = rtrimEnd(x, st, en);
      }
      for (let i = st; i < en; i++) hash = Math.imul(hash ^ x[i]!, 0x01000193);
    }
    return hash >>> 0;
  };
}

/** makeRowHasher over `fields` only: each field's null flag, then its canonical bytes when not NULL. */
function makeFieldsHasher(types: readonly SqlType[], fields: readonly number[]): RowHasher {
  const h = headerSize(types.length);
  const parts = fields.map((f) => {
    const t = types[f]!;
    const k = slotKind(t);
    const w = k === SlotKind.Bool ? 1 : k === SlotKind.Int ? 4 : k === SlotKind.Long ? 8 : k === SlotKind.Double ? -1 : t.id === 'bpchar' ? -3 : rawBytes(t) ? -2 : 0;
    return { w, so: h + 8 * f, nb: 1 + (f >> 3), mask: 1 << (f & 7) };
  });
  return (b, r) => {
    const x = b.bytes;
    const s = b.offsets[r]!;
    let hash = 0x811c9dc5;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const isNull = (x[s + p.nb]! & p.mask) !== 0;
      hash = Math.imul(hash ^ (isNull ? 1 : 0), 0x01000193);
      if (isNull || p.w === 0) continue;
      const so = s + p.so;
      let st = so;
      let en = so + p.w;
      if (p.w === -1) {
        const v = b.view.getFloat64(so, true);
        en = v === v && v !== 0 ? so + 8 : so;
      } else if (p.w < 0) {
        [st, en] = varRange(b, s, so);
        if (p.w === -3) en = rtrimEnd(x, st, en);
      }
      for (let j = st; j < en; j++) hash = Math.imul(hash ^ x[j]!, 0x01000193);
    }
    return hash >>> 0;
  };
}
