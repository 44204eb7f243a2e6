/**
 * A streaming hash join on equality keys with a residual condition, over updating inputs (any
 * RowKind on either side), as Flink's StreamingJoinOperator (inner/left/right/full) and
 * StreamingSemiAntiJoinOperator (semi/anti). Per side, state maps join key → that side's rows with
 * the key, packed (join-state.ts), in a layout chosen from what the input guarantees, as Flink's
 * JoinInputSideSpec: insert-only input appends rows; an upsert key finds a row by its key; otherwise
 * equal rows share a slot with a copy count. Sides whose rows can be NULL-padded (outer sides, and
 * the left side of semi/anti) keep per row the number of rows of the other side it matches (assoc,
 * counted with multiplicity), so NULL-padded rows are emitted and retracted exactly: a left row with
 * no match emits +I (l, NULLs); the first match emits -D (l, NULLs) then +I (l, r); losing the last
 * match emits -D (l, r) then +I (l, NULLs). Semi/anti joins emit left rows as their association
 * count leaves or reaches 0.
 *
 * Output: left columns then right columns (semi/anti: left columns only), as +I and -D rows only.
 * Keys containing NULL never match (SQL equality). A retraction of a row the side does not hold is
 * ignored. On a side with an upsert key, an addition whose key is held replaces the held row (its
 * joined rows are retracted first), as an upsert. Barriers are forwarded once both inputs delivered
 * them; watermarks as their minimum.
 */
import type { SqlType } from '../../common/types.ts';
import { InternalError, assertNever } from '../../common/errors.ts';
import type { JoinType } from '../../planner/logical/plan.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import type { ChangelogMode } from '../../planner/physical/plan.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeStateKeyEncoder } from '../row/key-codec.ts';
import type { RowEquality, RowHasher } from '../row/row-equality.ts';
import { makeRowEquality, makeRowHasher } from '../row/row-equality.ts';
import { compilePredicate } from '../expr/compile.ts';
import type { StateTable, StateKey } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import { BarrierAligner } from './barrier-aligner.ts';
import { hasNull } from './stored-row.ts';
import type { JoinRows, JoinRowsShape, JoinSideLayout } from './join-state.ts';
import { appendJoinRow, compactIfWasteful, copiesOf, emptyJoinRows, findJoinRow, freeJoinRows, joinRowsView, removeJoinRow, shapeOf } from './join-state.ts';
import { StateArena } from '../state/arena.ts';
import { PairRow } from './join-pair.ts';

/**
 * What the join knows of one input, from the physical plan, to choose that side's state layout.
 * `upsertKey`: columns identifying a row across its updates, given only when the changes of one key
 * reach the join in order (engine/dag.ts checks); absent, rows are kept as a multiset.
 */
export interface JoinInputInfo {
  readonly mode: ChangelogMode;
  readonly upsertKey?: readonly number[] | undefined;
}

/** Options of a Join. */
export interface JoinOptions {
  readonly joinType: JoinType;
  readonly leftTypes: readonly SqlType[];
  readonly rightTypes: readonly SqlType[];
  /** Equality keys: leftKeys[i] = rightKeys[i], columns of each input, of equal types. With no pairs every row falls in one bucket (a nested-loop join on `condition`). */
  readonly leftKeys: readonly number[];
  readonly rightKeys: readonly number[];
  /** Residual condition over left columns then right columns (indices as in the join's full schema). */
  readonly condition?: BoundExpr;
  /** State table name prefix (default `join`; tables `<prefix>-left`, `<prefix>-right`). */
  readonly stateTable?: string;
  /** The inputs' changelog modes and upsert keys; absent, a side is kept as a multiset (correct for any input). */
  readonly leftInput?: JoinInputInfo;
  readonly rightInput?: JoinInputInfo;
}

/**
 * The state layout of a side (join-state.ts), as Flink's JoinUtil.analyzeJoinInput chooses a
 * JoinInputSideSpec: insert-only input → `append`; an upsert key → `unique` (noting whether it lies
 * within the join key); otherwise `multiset`.
 */
export function joinSideLayout(input: JoinInputInfo | undefined, joinKeys: readonly number[]): JoinSideLayout {
  if (input === undefined) return { kind: 'multiset' };
  const m = input.mode;
  if (!m.updateBefore && !m.updateAfter && !m.delete) return { kind: 'append' };
  const key = input.upsertKey;
  if (key !== undefined && key.length > 0) return { kind: 'unique', key, inJoinKey: key.every((k) => joinKeys.includes(k)) };
  return { kind: 'multiset' };
}

interface Side {
  readonly types: readonly SqlType[];
  readonly keys: readonly number[];
  readonly keyOf: (b: RowBatch, r: number) => StateKey;
  readonly layout: JoinSideLayout;
  readonly shape: JoinRowsShape;
  /** Equality and hash of a row's identity columns (the upsert key, or every column for a multiset). */
  readonly eq: RowEquality;
  readonly hash: RowHasher;
  /** Whether unmatched rows of this side are emitted NULL-padded. */
  readonly outer: boolean;
  /** First output column of this side. */
  readonly offset: number;
  table: StateTable<JoinRows>;
}

/** The streaming Join operator. */
export class Join implements StreamOperator {
  readonly name = 'Join';
  readonly outputTypes: readonly SqlType[];
  private readonly sides: [Side, Side];
  private readonly semiAnti: boolean;
  private readonly predicate: ((b: RowBatch, r: number) => boolean) | undefined;
  private readonly pair: PairRow;
  private readonly out: RowBatchBuilder;
  private readonly aligner = new BarrierAligner(2);
  private output!: Output;
  /** Scratch, reused per input row: the other side's slots that match it. */
  private matchSlots = new Int32Array(64);
  /** Where both sides' per-key arrays live; recycled after each batch's output is pushed. */
  private arena!: StateArena;

  constructor(private readonly opts: JoinOptions) {
    const t = opts.joinType;
    this.semiAnti = t === 'semi' || t === 'anti';
    this.pair = new PairRow(opts.leftTypes, opts.rightTypes);
    this.outputTypes = this.semiAnti ? opts.leftTypes : this.pair.types;
    const side = (types: readonly SqlType[], keys: readonly number[], input: JoinInputInfo | undefined, outer: boolean, assoc: boolean, offset: number): Side => {
      const layout = joinSideLayout(input, keys);
      const identity = layout.kind === 'unique' ? layout.key : undefined;
      return {
        types,
        keys,
        keyOf: makeStateKeyEncoder(types, keys),
        layout,
        shape: shapeOf(layout, assoc),
        eq: makeRowEquality(types, identity),
        hash: makeRowHasher(types, identity),
        outer,
        offset,
        table: undefined as unknown as StateTable<JoinRows>,
      };
    };
    const leftOuter = t === 'left' || t === 'full';
    const rightOuter = t === 'right' || t === 'full';
    this.sides = [
      side(opts.leftTypes, opts.leftKeys, opts.leftInput, leftOuter, leftOuter || this.semiAnti, 0),
      side(opts.rightTypes, opts.rightKeys, opts.rightInput, rightOuter, rightOuter, opts.leftTypes.length),
    ];
    this.predicate = opts.condition ? compilePredicate(opts.condition, this.pair.types) : undefined;
    this.out = new RowBatchBuilder(this.outputTypes);
  }

  /** The state layout of each side (left, right), for tests and EXPLAIN-like diagnostics. */
  get layouts(): readonly [JoinSideLayout, JoinSideLayout] {
    return [this.sides[0].layout, this.sides[1].layout];
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    const prefix = this.opts.stateTable ?? 'join';
    this.sides[0].table = ctx.state.table(`${prefix}-left`);
    this.sides[1].table = ctx.state.table(`${prefix}-right`);
    this.arena = new StateArena(!ctx.state.expiring);
  }

  process(msg: StreamMessage, input: number): void {
    switch (msg.kind) {
      case 'batch': {
        const batch = msg.batch;
        for (let r = 0; r < batch.count; r++) this.processRow(batch, r, input, isAccumulate(batch.kind(r)));
        if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
        this.arena.recycle();
        return;
      }
      case 'watermark':
      case 'barrier':
        return this.aligner.forward(msg, input, this.output);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {}

  /** Joins row r of `batch` (from `input`) with the other side's rows, then adds it to or removes it from its own side. */
  private processRow(batch: RowBatch, r: number, input: number, add: boolean): void {
    const s = this.sides[input]!;
    const o = this.sides[1 - input]!;
    const jk = hasNull(batch, r, s.keys) ? undefined : s.keyOf(batch, r);
    if (jk !== undefined && add && s.layout.kind === 'unique') this.retractReplaced(s, jk, input, batch, r);
    this.pair.forget();
    const others = jk === undefined ? undefined : o.table.get(jk);
    const ov = others === undefined ? undefined : joinRowsView(others, o.types);
    const n = others === undefined ? 0 : this.findMatches(batch, r, input, others, ov!);
    if (jk !== undefined && !this.updateOwn(s, jk, batch, r, add, others, n)) return;
    const assocChanged = this.semiAnti ? this.emitSemiAnti(batch, r, input, add, others, ov, n) : this.emitJoined(batch, r, input, add, others, ov, n);
    if (assocChanged) o.table.put(jk!, others!);
  }

  /** Upsert: before row r is added to a side with an upsert key, the held row with the same key (if any) is retracted. */
  private retractReplaced(s: Side, jk: StateKey, input: number, batch: RowBatch, r: number): void {
    const mine = s.table.get(jk);
    if (mine === undefined) return;
    const view = joinRowsView(mine, s.types);
    const slot = findJoinRow(mine, view, s.eq, batch, r, s.shape.hashed ? s.hash(batch, r) : 0);
    if (slot >= 0) this.processRow(view, slot, input, false);
  }

  /**
   * Fills `matchSlots` with the slots of `others` (viewed as `ov`) whose rows satisfy the residual
   * condition together with row r; returns how many.
   */
  private findMatches(batch: RowBatch, r: number, input: number, others: JoinRows, ov: RowBatch): number {
    if (this.matchSlots.length < others.slots) this.matchSlots = new Int32Array(Math.max(others.slots, this.matchSlots.length * 2));
    const slots = this.matchSlots;
    const counts = others.counts;
    const pred = this.predicate;
    let n = 0;
    for (let slot = 0; slot < others.slots; slot++) {
      if (counts !== null && counts[slot] === 0) continue;
      if (pred !== undefined) {
        const p = input === 0 ? this.pair.compose(batch, r, ov, slot) : this.pair.compose(ov, slot, batch, r);
        if (!pred(p, 0)) continue;
      }
      slots[n++] = slot;
    }
    return n;
  }

  /** Rows of the other side matched (the first n of `matchSlots`), counted with multiplicity. */
  private matchWeight(others: JoinRows | undefined, n: number): number {
    if (others === undefined) return 0;
    if (others.counts === null) return n;
    let w = 0;
    for (let i = 0; i < n; i++) w += others.counts[this.matchSlots[i]!]!;
    return w;
  }

  /** Adds or removes row r in its side's state; false when a retracted row is not there (ignored). */
  private updateOwn(s: Side, jk: StateKey, batch: RowBatch, r: number, add: boolean, others: JoinRows | undefined, n: number): boolean {
    let mine = s.table.get(jk);
    if (add) {
      const hash = s.shape.hashed ? s.hash(batch, r) : 0;
      if (mine !== undefined && s.layout.kind === 'multiset') {
        const slot = findJoinRow(mine, joinRowsView(mine, s.types), s.eq, batch, r, hash);
        if (slot >= 0) {
          mine.counts![slot]!++;
          s.table.put(jk, mine);
          return true;
        }
      }
      if (mine === undefined) mine = emptyJoinRows(s.shape, batch.offsets[r + 1]! - batch.offsets[r]!, this.arena);
      appendJoinRow(mine, batch, r, hash, s.shape.assoc ? this.matchWeight(others, n) : 0, this.arena);
      s.table.put(jk, mine);
      return true;
    }
    if (mine === undefined) return false;
    if (s.layout.kind === 'append') throw new InternalError('Join: a retraction reached a side whose input was planned insert-only');
    const slot = findJoinRow(mine, joinRowsView(mine, s.types), s.eq, batch, r, s.shape.hashed ? s.hash(batch, r) : 0);
    if (slot < 0) return false;
    const counts = mine.counts!;
    if (counts[slot]! > 1) counts[slot]!--;
    else removeJoinRow(mine, slot);
    if (mine.live === 0) {
      s.table.delete(jk);
      freeJoinRows(mine, this.arena);
      return true;
    }
    compactIfWasteful(mine, this.arena);
    s.table.put(jk, mine);
    return true;
  }

  /** Emits the joined rows of row r and its matches (and NULL-padded rows); true when the other side's assoc counts changed. */
  private emitJoined(batch: RowBatch, r: number, input: number, add: boolean, others: JoinRows | undefined, ov: RowBatch | undefined, n: number): boolean {
    const s = this.sides[input]!;
    const o = this.sides[1 - input]!;
    const kind = add ? RowKind.INSERT : RowKind.DELETE;
    if (n === 0) {
      if (s.outer) this.emitPadded(kind, s, batch, r, 1);
      return false;
    }
    const rows = others!;
    const view = ov!;
    const assoc = o.outer ? rows.assoc! : null;
    const out = this.out;
    for (let i = 0; i < n; i++) {
      const slot = this.matchSlots[i]!;
      const copies = copiesOf(rows, slot);
      if (assoc !== null && add && assoc[slot]!++ === 0) this.emitPadded(RowKind.DELETE, o, view, slot, copies);
      const p = input === 0 ? this.pair.compose(batch, r, view, slot) : this.pair.compose(view, slot, batch, r);
      for (let c = 0; c < copies; c++) out.copyRow(p, 0, kind);
      if (assoc !== null && !add && --assoc[slot]! === 0) this.emitPadded(RowKind.INSERT, o, view, slot, copies);
    }
    return assoc !== null;
  }

  /** Semi/anti: a left row is output while its association count is > 0 (semi) or = 0 (anti); true when assoc counts changed. */
  private emitSemiAnti(batch: RowBatch, r: number, input: number, add: boolean, others: JoinRows | undefined, ov: RowBatch | undefined, n: number): boolean {
    const semi = this.opts.joinType === 'semi';
    const out = this.out;
    if (input === 0) {
      if (semi === this.matchWeight(others, n) > 0) out.copyRow(batch, r, add ? RowKind.INSERT : RowKind.DELETE);
      return false;
    }
    if (n === 0) return false;
    const rows = others!;
    const assoc = rows.assoc!;
    // semi: a left row gains its first match (+I) or loses its last (-D); anti the opposite.
    const kind = semi === add ? RowKind.INSERT : RowKind.DELETE;
    for (let i = 0; i < n; i++) {
      const slot = this.matchSlots[i]!;
      const flips = add ? assoc[slot]!++ === 0 : --assoc[slot]! === 0;
      if (!flips) continue;
      const copies = copiesOf(rows, slot);
      for (let c = 0; c < copies; c++) out.copyRow(ov!, slot, kind);
    }
    return true;
  }

  /** Emits `copies` rows of side `s`'s row r padded with NULLs for the other side. */
  private emitPadded(kind: number, s: Side, batch: RowBatch, r: number, copies: number): void {
    const out = this.out;
    const n = s.types.length;
    for (let c = 0; c < copies; c++) {
      out.beginRow(kind);
      for (let f = 0; f < n; f++) out.copyField(s.offset + f, batch, r, f);
      out.endRow();
    }
  }
}
