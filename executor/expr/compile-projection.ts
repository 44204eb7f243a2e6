/**
 * Compiles a list of BoundExprs into a row writer: for the current input row it sets every field of
 * the row the caller has begun in a RowBatchBuilder (`out.beginRow` / `out.endRow` stay with the
 * caller). A column passed through is copied without decoding: variable-length fields as bytes
 * (`copyField`), fixed-width ones by reading and writing the slot with the typed setter; computed
 * fields are evaluated and written with a setter chosen by the output slot kind when compiled;
 * numeric fields over integers and numeric constants as scaled integers (compile-scaled.ts).
 */
import { assertNever } from '../../common/errors.ts';
import { typeCategory, type SqlType } from '../../common/types.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import { fieldCopyPlan, readLong, RowBatchBuilder, SlotKind, slotKind, type FieldCopyPlan, type RowBatch } from '../row/binary-row.ts';
import { fieldLayout } from './column-reader.ts';
import { compileExpr, type Evaluator } from './compile-expr.ts';
import { compileScaled } from './compile-scaled.ts';

/** Writes output fields for row `row` of `batch` into the row begun in `out`. */
export type Projection = (batch: RowBatch, row: number, out: RowBatchBuilder) => void;
type Writer = Projection;

/** Same bytes for both types (pass-through by copy is exact). */
function sameEncoding(a: SqlType, b: SqlType): boolean {
  if (a.id === b.id) return b.id !== 'bpchar' && (b.id !== 'varchar' || b.length === undefined || b.length === (a as { length?: number }).length);
  return typeCategory(a) === 'S' && (b.id === 'text' || (b.id === 'varchar' && b.length === undefined)) && a.id !== 'bpchar';
}

function passThrough(f: number, index: number, inputTypes: readonly SqlType[], out: SqlType): Writer | undefined {
  const inType = inputTypes[index]!;
  if (slotKind(inType) !== slotKind(out) || !sameEncoding(inType, out)) return undefined;
  const l = fieldLayout(inputTypes, index);
  const nb = l.nullByte;
  const mask = l.mask;
  const so = l.slot;
  switch (l.kind) {
    case SlotKind.Bool:
      return (b, r, o) => {
        const s = b.offsets[r]!;
        if ((b.bytes[s + nb]! & mask) === 0) o.setBool(f, b.bytes[s + so] !== 0);
      };
    case SlotKind.Int:
      return (b, r, o) => {
        const s = b.offsets[r]!;
        if ((b.bytes[s + nb]! & mask) === 0) o.setInt(f, b.view.getInt32(s + so, true));
      };
    case SlotKind.Long:
      return (b, r, o) => {
        const s = b.offsets[r]!;
        if ((b.bytes[s + nb]! & mask) === 0) o.setLong(f, readLong(b.view, s + so));
      };
    case SlotKind.Double:
      return (b, r, o) => {
        const s = b.offsets[r]!;
        if ((b.bytes[s + nb]! & mask) === 0) o.setDouble(f, b.view.getFloat64(s + so, true));
      };
    case SlotKind.Var:
      return (b, r, o) => o.copyField(f, b, r, index);
    default:
      return assertNever(l.kind, 'slot kind');
  }
}

/**
 * A numeric field computed as a scaled integer (compile-scaled.ts): its text is written directly,
 * and a row out of the safe-integer range is evaluated by `ev` (Decimals) instead.
 */
function scaledNumeric(f: number, e: BoundExpr, inputTypes: readonly SqlType[], ev: Evaluator): Writer | undefined {
  const sc = compileScaled(e, inputTypes);
  if (!sc) return undefined;
  const x = sc.ev;
  const scale = sc.scale;
  return (b, r, o) => {
    const u = x(b, r);
    if (u === null) return;
    if (u !== undefined) return o.setScaledNumeric(f, u, scale);
    const v = ev(b, r);
    if (v !== null) o.setValue(f, v);
  };
}

function computed(f: number, e: BoundExpr, inputTypes: readonly SqlType[], out: SqlType): Writer {
  const ev = compileExpr(e, inputTypes);
  if (out.id === 'numeric' && e.type.id === 'numeric' && e.kind !== 'Const') {
    const w = scaledNumeric(f, e, inputTypes, ev);
    if (w) return w;
  }
  const kind = slotKind(out);
  switch (kind) {
    case SlotKind.Bool:
      return (b, r, o) => {
        const v = ev(b, r);
        if (v !== null) o.setBool(f, v as boolean);
      };
    case SlotKind.Int:
      return (b, r, o) => {
        const v = ev(b, r);
        if (v !== null) o.setInt(f, v as number);
      };
    case SlotKind.Long:
      return (b, r, o) => {
        const v = ev(b, r);
        if (v !== null) o.setLong(f, v as number | bigint);
      };
    case SlotKind.Double:
      return (b, r, o) => {
        const v = ev(b, r);
        if (v !== null) o.setDouble(f, v as number);
      };
    case SlotKind.Var:
      if (typeCategory(out) === 'S' || out.id === 'json' || out.id === 'jsonb' || out.id === 'uuid') {
        return (b, r, o) => {
          const v = ev(b, r);
          if (v !== null) o.setString(f, v as string);
        };
      }
      return (b, r, o) => {
        const v = ev(b, r);
        if (v !== null) o.setValue(f, v);
      };
    default:
      return assertNever(kind, 'slot kind');
  }
}

/**
 * Compiles `exprs` (output field i = exprs[i], of type outTypes[i]) over rows of schema
 * `inputTypes`. Fields whose value is NULL are left unset (the builder starts every field NULL).
 */
export function compileProjection(exprs: readonly BoundExpr[], inputTypes: readonly SqlType[], outTypes: readonly SqlType[]): Projection {
  const writers = exprs.map((e, f) => {
    const out = outTypes[f] ?? e.type;
    return (e.kind === 'ColRef' ? passThrough(f, e.index, inputTypes, out) : undefined) ?? computed(f, e, inputTypes, out);
  });
  return combine(writers);
}

/** One writer calling `writers` in order. */
function combine(writers: readonly Writer[]): Writer {
  switch (writers.length) {
    case 0:
      return () => {};
    case 1:
      return writers[0]!;
    case 2: {
      const [w0, w1] = writers as [Writer, Writer];
      return (b, r, o) => {
        w0(b, r, o);
        w1(b, r, o);
      };
    }
    case 3: {
      const [w0, w1, w2] = writers as [Writer, Writer, Writer];
      return (b, r, o) => {
        w0(b, r, o);
        w1(b, r, o);
        w2(b, r, o);
      };
    }
    default:
      return (b, r, o) => {
        for (let i = 0; i < writers.length; i++) writers[i]!(b, r, o);
      };
  }
}

/**
 * A projection split for bulk copying: the pass-through columns (a ColRef whose type has the same
 * slot kind and bytes in the output, as `compileProjection` copies) form one `copy` plan for
 * `RowBatchBuilder.beginCopiedRow`; `rest` writes the other fields of the row begun that way.
 */
export interface RowProjection {
  readonly copy: FieldCopyPlan;
  /** Writes the computed fields; undefined when every field is copied. */
  readonly rest: Projection | undefined;
}

/** `compileProjection`'s fields as a RowProjection (same arguments, same output bytes for equal values). */
export function compileRowProjection(exprs: readonly BoundExpr[], inputTypes: readonly SqlType[], outTypes: readonly SqlType[]): RowProjection {
  const dst: number[] = [];
  const src: number[] = [];
  const rest: BoundExpr[] = [];
  const restAt: number[] = [];
  exprs.forEach((e, f) => {
    const out = outTypes[f] ?? e.type;
    if (e.kind === 'ColRef' && slotKind(inputTypes[e.index]!) === slotKind(out) && sameEncoding(inputTypes[e.index]!, out)) {
      dst.push(f);
      src.push(e.index);
    } else {
      rest.push(e);
      restAt.push(f);
    }
  });
  const copy = fieldCopyPlan(inputTypes, exprs.map((e, f) => outTypes[f] ?? e.type), dst, src);
  if (rest.length === 0) return { copy, rest: undefined };
  const writers = rest.map((e, i) => computed(restAt[i]!, e, inputTypes, outTypes[restAt[i]!] ?? e.type));
  return { copy, rest: combine(writers) };
}

/**
 * A projection of columns as they are (field j of the output is field `fields[j]` of the input,
 * same slot kind): a new batch of the same rows and RowKinds, each field's bytes copied with
 * `beginCopiedRow`. Used for a source's scan columns (engine/dag.ts `projector`).
 * Throws RangeError when a field is out of range or its slot kind differs.
 */
export function compileColumnProjector(inTypes: readonly SqlType[], fields: readonly number[], outTypes: readonly SqlType[]): (b: RowBatch) => RowBatch {
  const copy = fieldCopyPlan(inTypes, outTypes, fields.map((_, j) => j), fields);
  const builder = new RowBatchBuilder(outTypes);
  return (b) => {
    const n = b.count;
    for (let r = 0; r < n; r++) {
      builder.beginCopiedRow(b, r, copy);
      builder.endRow();
    }
    return builder.finish();
  };
}
