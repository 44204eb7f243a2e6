/**
 * Joined rows composed in place: a left row and a right row (binary rows of their schemas, in any
 * RowBatch) become one row of the join's schema (left columns then right columns) in a scratch
 * buffer that is reused for every pair, read through a one-row RowBatch. The join evaluates its
 * residual condition on it and copies it to its output whole, instead of a builder call per field.
 *
 * How: the pair's null bits and fixed slots are set field by field; each input's variable-length
 * part is copied as one block after the pair's fixed part, and the var-length slots' offsets (which
 * are row-relative, binary-row.ts) are shifted by where that block landed.
 */
import type { SqlType } from '../../common/types.ts';
import { RowBatch, SlotKind, headerSize, slotKind } from '../row/binary-row.ts';

/** Composes (left, right) pair rows into a reused buffer; see the file comment. */
export class PairRow {
  private bytes = new Uint8Array(256);
  private readonly offsets = new Int32Array(2);
  /** The composed row is row 0 of this batch (replaced when the buffer grows). */
  private batch: RowBatch;
  private readonly nl: number;
  private readonly nr: number;
  private readonly lHeader: number;
  private readonly rHeader: number;
  private readonly lFixed: number;
  private readonly rFixed: number;
  private readonly pHeader: number;
  private readonly pFixed: number;
  /** The pair in the buffer (batches are immutable, so their identity and row identify it). */
  private lastL: RowBatch | undefined;
  private lastLr = -1;
  private lastR: RowBatch | undefined;
  private lastRr = -1;
  /** The variable-length fields of each side (indices within that side). */
  private readonly leftVars: Int32Array;
  private readonly rightVars: Int32Array;

  constructor(leftTypes: readonly SqlType[], rightTypes: readonly SqlType[]) {
    this.nl = leftTypes.length;
    this.nr = rightTypes.length;
    this.lHeader = headerSize(this.nl);
    this.rHeader = headerSize(this.nr);
    this.lFixed = this.lHeader + 8 * this.nl;
    this.rFixed = this.rHeader + 8 * this.nr;
    this.pHeader = headerSize(this.nl + this.nr);
    this.pFixed = this.pHeader + 8 * (this.nl + this.nr);
    this.types = [...leftTypes, ...rightTypes];
    const vars = (ts: readonly SqlType[]) => Int32Array.from(ts.flatMap((t, i) => (slotKind(t) === SlotKind.Var ? [i] : [])));
    this.leftVars = vars(leftTypes);
    this.rightVars = vars(rightTypes);
    this.batch = new RowBatch(this.types, this.bytes, this.offsets, 1);
  }

  /** The pair's column types: left then right. */
  readonly types: readonly SqlType[];

  /**
   * Row `lr` of `l` (left schema) joined with row `rr` of `r` (right schema), as row 0 of the
   * returned batch (RowKind +I). The batch and its bytes are overwritten by the next call.
   */
  compose(l: RowBatch, lr: number, r: RowBatch, rr: number): RowBatch {
    // The same pair again (the condition was evaluated on it, now it is emitted): the buffer holds it.
    if (l === this.lastL && lr === this.lastLr && r === this.lastR && rr === this.lastRr) return this.batch;
    this.lastL = l;
    this.lastLr = lr;
    this.lastR = r;
    this.lastRr = rr;
    const ls = l.offsets[lr]!;
    const le = l.offsets[lr + 1]!;
    const rs = r.offsets[rr]!;
    const re = r.offsets[rr + 1]!;
    const lVar = le - ls - this.lFixed;
    const rVar = re - rs - this.rFixed;
    const len = this.pFixed + lVar + rVar;
    if (len > this.bytes.length) {
      let cap = this.bytes.length * 2;
      while (cap < len) cap *= 2;
      this.bytes = new Uint8Array(cap);
      this.batch = new RowBatch(this.types, this.bytes, this.offsets, 1);
    }
    const b = this.bytes;
    const dv = this.batch.view;
    const { nl, pHeader } = this;
    const lb = l.bytes;
    const rb = r.bytes;
    // Null bits: the left row's bytes as they are, the right row's shifted by nl bits.
    b.fill(0, 0, pHeader);
    b[0] = 0;
    for (let i = 1; i < this.lHeader && i < pHeader; i++) b[i] = lb[ls + i]!;
    for (let i = 1; i < this.rHeader; i++) {
      const bits = rb[rs + i]!;
      if (bits === 0) continue;
      for (let j = 0; j < 8; j++) {
        if ((bits & (1 << j)) === 0) continue;
        const pf = nl + 8 * (i - 1) + j;
        b[1 + (pf >> 3)]! |= 1 << (pf & 7);
      }
    }
    // Slots: each side's block as it is, then var-length offsets moved by where its var part lands.
    copy(lb, ls + this.lHeader, 8 * nl, b, pHeader);
    copy(rb, rs + this.rHeader, 8 * this.nr, b, pHeader + 8 * nl);
    const lShift = this.pFixed - this.lFixed;
    for (const f of this.leftVars) {
      if ((lb[ls + 1 + (f >> 3)]! & (1 << (f & 7))) !== 0) continue;
      const at = pHeader + 8 * f;
      dv.setUint32(at, dv.getUint32(at, true) + lShift, true);
    }
    const rShift = this.pFixed + lVar - this.rFixed;
    for (const f of this.rightVars) {
      if ((rb[rs + 1 + (f >> 3)]! & (1 << (f & 7))) !== 0) continue;
      const at = pHeader + 8 * (nl + f);
      dv.setUint32(at, dv.getUint32(at, true) + rShift, true);
    }
    copy(lb, ls + this.lFixed, lVar, b, this.pFixed);
    copy(rb, rs + this.rFixed, rVar, b, this.pFixed + lVar);
    this.offsets[1] = len;
    return this.batch;
  }

  /** Forgets which pair the buffer holds (the next `compose` writes it anew). */
  forget(): void {
    this.lastL = undefined;
    this.lastR = undefined;
  }
}

function copy(from: Uint8Array, at: number, len: number, to: Uint8Array, dest: number): void {
  if (len > 128) to.set(from.subarray(at, at + len), dest);
  else for (let i = 0; i < len; i++) to[dest + i] = from[at + i]!;
}
