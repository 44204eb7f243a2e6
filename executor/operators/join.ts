/**
 * A streaming hash join on equality keys with a residual condition, over updating inputs (any
 * RowKind on either side), as Flink's StreamingJoinOperator (inner/left/right/full) and
 * StreamingSemiAntiJoinOperator (semi/anti). Per side, state maps join key → the distinct rows
 * { row key, row bytes, count, assoc }, where assoc is the number of rows of the other side the row matches
 * (counted with multiplicity), so NULL-padded rows of outer sides are emitted and retracted exactly:
 * a left row with no match emits +I (l, NULLs); the first match emits -D (l, NULLs) then +I (l, r);
 * losing the last match emits -D (l, r) then +I (l, NULLs). Semi/anti joins emit left rows as their
 * association count leaves or reaches 0.
 *
 * Output: left columns then right columns (semi/anti: left columns only), as +I and -D rows only.
 * Keys containing NULL never match (SQL equality). A retraction of a row the side does not hold is
 * ignored. Barriers are forwarded once both inputs delivered them; watermarks as their minimum.
 */
import type { SqlType } from '../../common/types.ts';
import { assertNever } from '../../common/errors.ts';
import type { JoinType } from '../../planner/logical/plan.ts';
import type { BoundExpr } from '../../planner/logical/expr.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { RowBatchBuilder, RowKind, isAccumulate } from '../row/binary-row.ts';
import { makeKeyEncoder } from '../row/key-codec.ts';
import { compilePredicate } from '../expr/compile.ts';
import type { StateTable } from '../state/state-backend.ts';
import type { OperatorContext, Output, StreamMessage, StreamOperator } from './operator.ts';
import { BarrierAligner } from './barrier-aligner.ts';
import { allColumns, hasNull, rowView, storeRow } from './stored-row.ts';

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
}

/** A stored row of one side: its content key and bytes, how many copies, how many other-side rows it matches. */
export interface JoinRecord {
  key: string;
  bytes: Uint8Array;
  count: number;
  assoc: number;
}

/**
 * State of one side: join key → the distinct rows with that key. An array, not a Map: most join keys
 * hold a row or a few, and an array of one costs far less memory than a Map; finding a row to
 * update is linear in the rows of its key.
 */
type SideTable = StateTable<JoinRecord[]>;

interface Side {
  readonly types: readonly SqlType[];
  readonly keys: readonly number[];
  readonly keyOf: (b: RowBatch, r: number) => string;
  readonly rowKeyOf: (b: RowBatch, r: number) => string;
  /** Whether unmatched rows of this side are emitted NULL-padded. */
  readonly outer: boolean;
  /** First output column of this side. */
  readonly offset: number;
  table: SideTable;
}

/** The streaming Join operator. */
export class Join implements StreamOperator {
  readonly name = 'Join';
  readonly outputTypes: readonly SqlType[];
  private readonly sides: [Side, Side];
  private readonly semiAnti: boolean;
  private readonly predicate: ((b: RowBatch, r: number) => boolean) | undefined;
  private readonly pairs: RowBatchBuilder;
  private readonly out: RowBatchBuilder;
  private readonly aligner = new BarrierAligner(2);
  private output!: Output;
  // Scratch, reused per input row.
  private readonly matches: JoinRecord[] = [];
  private readonly matchViews: RowBatch[] = [];

  constructor(private readonly opts: JoinOptions) {
    const t = opts.joinType;
    this.semiAnti = t === 'semi' || t === 'anti';
    const pairTypes = [...opts.leftTypes, ...opts.rightTypes];
    this.outputTypes = this.semiAnti ? opts.leftTypes : pairTypes;
    const side = (types: readonly SqlType[], keys: readonly number[], outer: boolean, offset: number): Side => ({
      types,
      keys,
      keyOf: makeKeyEncoder(types, keys),
      rowKeyOf: makeKeyEncoder(types, allColumns(types.length)),
      outer,
      offset,
      table: undefined as unknown as SideTable,
    });
    this.sides = [
      side(opts.leftTypes, opts.leftKeys, t === 'left' || t === 'full', 0),
      side(opts.rightTypes, opts.rightKeys, t === 'right' || t === 'full', opts.leftTypes.length),
    ];
    this.predicate = opts.condition ? compilePredicate(opts.condition, pairTypes) : undefined;
    this.pairs = new RowBatchBuilder(pairTypes);
    this.out = new RowBatchBuilder(this.outputTypes);
  }

  open(ctx: OperatorContext): void {
    this.output = ctx.output;
    const prefix = this.opts.stateTable ?? 'join';
    this.sides[0].table = ctx.state.table(`${prefix}-left`);
    this.sides[1].table = ctx.state.table(`${prefix}-right`);
  }

  process(msg: StreamMessage, input: number): void {
    switch (msg.kind) {
      case 'batch':
        this.processBatch(msg.batch, input);
        if (this.out.rowCount > 0) this.output.push({ kind: 'batch', batch: this.out.finish() });
        return;
      case 'watermark':
      case 'barrier':
        return this.aligner.forward(msg, input, this.output);
      default:
        assertNever(msg, 'stream message');
    }
  }

  close(): void {}

  private processBatch(batch: RowBatch, input: number): void {
    const s = this.sides[input]!;
    const o = this.sides[1 - input]!;
    for (let r = 0; r < batch.count; r++) {
      const add = isAccumulate(batch.kind(r));
      const jk = hasNull(batch, r, s.keys) ? undefined : s.keyOf(batch, r);
      const others = jk === undefined ? undefined : o.table.get(jk);
      this.findMatches(batch, r, input, others);
      if (jk !== undefined && !this.updateOwn(s, jk, batch, r, add)) continue;
      if (this.semiAnti) this.emitSemiAnti(batch, r, input, add);
      else this.emitJoined(input, batch, r, add);
      if (others && jk !== undefined) o.table.put(jk, others);
    }
  }

  /**
   * Fills `matches` (and `matchViews`, one-row batches over their bytes) with the records of `others`
   * that satisfy the residual condition together with row r (evaluated on (left, right) pair rows).
   */
  private findMatches(batch: RowBatch, r: number, input: number, others: JoinRecord[] | undefined): void {
    const { matches, matchViews } = this;
    matches.length = 0;
    matchViews.length = 0;
    if (!others || others.length === 0) return;
    const o = this.sides[1 - input]!;
    for (const rec of others) {
      matches.push(rec);
      matchViews.push(rowView(o.types, rec.bytes));
    }
    const pred = this.predicate;
    if (!pred) return;
    const pb = this.pairs;
    for (let i = 0; i < matches.length; i++) this.writePair(pb, RowKind.INSERT, batch, r, input, matchViews[i]!);
    const pairs = pb.finish();
    let k = 0;
    for (let i = 0; i < matches.length; i++) {
      if (!pred(pairs, i)) continue;
      matches[k] = matches[i]!;
      matchViews[k++] = matchViews[i]!;
    }
    matches.length = k;
    matchViews.length = k;
  }

  /** Appends the (left, right) row of input row r and the other side's stored row `view`. */
  private writePair(out: RowBatchBuilder, kind: number, batch: RowBatch, r: number, input: number, view: RowBatch): void {
    const nl = this.opts.leftTypes.length;
    const nr = this.opts.rightTypes.length;
    out.beginRow(kind);
    if (input === 0) {
      for (let f = 0; f < nl; f++) out.copyField(f, batch, r, f);
      for (let f = 0; f < nr; f++) out.copyField(nl + f, view, 0, f);
    } else {
      for (let f = 0; f < nl; f++) out.copyField(f, view, 0, f);
      for (let f = 0; f < nr; f++) out.copyField(nl + f, batch, r, f);
    }
    out.endRow();
  }

  /** Adds or removes row r in its side's state; false when a retracted row is not there (ignored). */
  private updateOwn(s: Side, jk: string, batch: RowBatch, r: number, add: boolean): boolean {
    const mine = s.table.get(jk);
    const rk = s.rowKeyOf(batch, r);
    let at = -1;
    if (mine) for (let i = 0; i < mine.length; i++) if (mine[i]!.key === rk) at = i;
    if (add) {
      if (at >= 0) mine![at]!.count++;
      else {
        let assoc = 0;
        for (const m of this.matches) assoc += m.count;
        const rec = { key: rk, bytes: storeRow(batch, r), count: 1, assoc };
        if (mine) mine.push(rec);
        else s.table.put(jk, [rec]);
      }
      if (mine) s.table.put(jk, mine);
      return true;
    }
    if (at < 0) return false;
    if (--mine![at]!.count === 0) mine!.splice(at, 1);
    if (mine!.length === 0) s.table.delete(jk);
    else s.table.put(jk, mine!);
    return true;
  }

  private emitJoined(input: number, batch: RowBatch, r: number, add: boolean): void {
    const { matches, matchViews, out } = this;
    const s = this.sides[input]!;
    const o = this.sides[1 - input]!;
    const kind = add ? RowKind.INSERT : RowKind.DELETE;
    if (matches.length === 0) {
      if (s.outer) this.emitPadded(kind, s, batch, r, 1);
      return;
    }
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i]!;
      const view = matchViews[i]!;
      if (add && o.outer && m.assoc++ === 0) this.emitPadded(RowKind.DELETE, o, view, 0, m.count);
      for (let c = 0; c < m.count; c++) this.writePair(out, kind, batch, r, input, view);
      if (!add && o.outer && --m.assoc === 0) this.emitPadded(RowKind.INSERT, o, view, 0, m.count);
    }
  }

  /** Semi/anti: a left row is output while its association count is > 0 (semi) or = 0 (anti). */
  private emitSemiAnti(batch: RowBatch, r: number, input: number, add: boolean): void {
    const semi = this.opts.joinType === 'semi';
    const { matches, out } = this;
    if (input === 0) {
      let total = 0;
      for (const m of matches) total += m.count;
      if (semi === total > 0) out.copyRow(batch, r, add ? RowKind.INSERT : RowKind.DELETE);
      return;
    }
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i]!;
      const flips = add ? m.assoc++ === 0 : --m.assoc === 0;
      if (!flips) continue;
      // semi: a left row gains its first match (+I) or loses its last (-D); anti the opposite.
      const kind = semi === add ? RowKind.INSERT : RowKind.DELETE;
      for (let c = 0; c < m.count; c++) out.copyRow(this.matchViews[i]!, 0, kind);
    }
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
