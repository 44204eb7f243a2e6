/**
 * Readers of one field of a binary row, specialized on its slot kind when compiled (no generic
 * `getValue` dispatch per row): the null bit test and the slot read are inlined into one closure.
 * Layout constants (null byte, mask, slot offset) come from executor/row/binary-row.ts.
 */
import { assertNever } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import { decodeUtf8, decodeVar, headerSize, readLong, type RowBatch, SlotKind, slotKind } from '../row/binary-row.ts';

/** Where field `index` lives in rows of `types`: null byte offset, bit mask, slot offset from the row start. */
export interface FieldLayout {
  readonly nullByte: number;
  readonly mask: number;
  readonly slot: number;
  readonly kind: SlotKind;
}

/** The layout of field `index` in rows of schema `types`. */
export function fieldLayout(types: readonly SqlType[], index: number): FieldLayout {
  return {
    nullByte: 1 + (index >> 3),
    mask: 1 << (index & 7),
    slot: headerSize(types.length) + 8 * index,
    kind: slotKind(types[index]!),
  };
}

/** Reads the non-null value of a field, given the row's start offset `s`. */
export type RawReader = (b: RowBatch, s: number) => unknown;

/** A reader of a field's value that assumes it is not NULL (the caller tests the null bit). */
export function rawReader(type: SqlType, l: FieldLayout): RawReader {
  const so = l.slot;
  switch (l.kind) {
    case SlotKind.Bool:
      return (b, s) => b.bytes[s + so] !== 0;
    case SlotKind.Int:
      return (b, s) => b.view.getInt32(s + so, true);
    case SlotKind.Long:
      return (b, s) => readLong(b.view, s + so);
    case SlotKind.Double:
      return (b, s) => b.view.getFloat64(s + so, true);
    case SlotKind.Var: {
      const isText = type.id === 'text' || type.id === 'varchar' || type.id === 'bpchar' || type.id === 'unknown' || type.id === 'json' || type.id === 'jsonb' || type.id === 'uuid';
      if (isText) {
        return (b, s) => {
          const start = s + b.view.getUint32(s + so, true);
          return decodeUtf8(b.bytes.subarray(start, start + b.view.getUint32(s + so + 4, true)));
        };
      }
      return (b, s) => {
        const start = s + b.view.getUint32(s + so, true);
        return decodeVar(type, b.bytes.subarray(start, start + b.view.getUint32(s + so + 4, true)));
      };
    }
    default:
      return assertNever(l.kind, 'slot kind');
  }
}

/** A reader of field `index` (NULL → null) specialized on its slot kind. */
export function columnReader(types: readonly SqlType[], index: number): (b: RowBatch, row: number) => unknown {
  const t = types[index];
  if (!t) throw new RangeError(`column ${index} out of range for ${types.length} input columns`);
  const l = fieldLayout(types, index);
  const nb = l.nullByte;
  const mask = l.mask;
  const so = l.slot;
  switch (l.kind) {
    case SlotKind.Bool:
      return (b, r) => {
        const s = b.offsets[r]!;
        return b.bytes[s + nb]! & mask ? null : b.bytes[s + so] !== 0;
      };
    case SlotKind.Int:
      return (b, r) => {
        const s = b.offsets[r]!;
        return b.bytes[s + nb]! & mask ? null : b.view.getInt32(s + so, true);
      };
    case SlotKind.Long:
      return (b, r) => {
        const s = b.offsets[r]!;
        return b.bytes[s + nb]! & mask ? null : readLong(b.view, s + so);
      };
    case SlotKind.Double:
      return (b, r) => {
        const s = b.offsets[r]!;
        return b.bytes[s + nb]! & mask ? null : b.view.getFloat64(s + so, true);
      };
    case SlotKind.Var: {
      const raw = rawReader(t, l);
      return (b, r) => {
        const s = b.offsets[r]!;
        return b.bytes[s + nb]! & mask ? null : raw(b, s);
      };
    }
    default:
      return assertNever(l.kind, 'slot kind');
  }
}
