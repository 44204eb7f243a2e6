/**
 * Micro benchmark of compiled expressions (not a test): a Nexmark-bid-shaped batch stream of 10M
 * rows through (1) q2's filter `auction % 123 = 0`, (2) a filter that passes every row plus a
 * 4-field projection (`auction`, `bidder`, `price * 908 / 1000`, `channel`), as the Calc operator
 * does. Run with `npx tsx executor/expr/bench-compile.ts`; prints rows/s for each.
 */
import { T } from '../../common/types.ts';
import { E, type BoundExpr } from '../../planner/logical/expr.ts';
import { RowBatchBuilder, type RowBatch } from '../row/binary-row.ts';
import { compilePredicate, compileProjection } from './compile.ts';

const types = [T.int8, T.int8, T.int8, T.text, T.text, T.timestamp];
const BATCH = 4096;
const BATCHES = 64;
const TOTAL = 10_000_000;

function makeBatches(): RowBatch[] {
  const out: RowBatch[] = [];
  const b = new RowBatchBuilder(types, 1 << 20, BATCH);
  let id = 0;
  for (let k = 0; k < BATCHES; k++) {
    for (let i = 0; i < BATCH; i++, id++) {
      b.beginRow(0);
      b.setLong(0, 1000 + (id % 10_000));
      b.setLong(1, id % 50_000);
      b.setLong(2, 100 + (id % 1_000_000));
      b.setString(3, id % 3 === 0 ? 'Google' : 'Apple');
      b.setString(4, 'https://www.nexmark.com/item.htm?query=1');
      b.setLong(5, 1_700_000_000_000_000 + id * 1000);
      b.endRow();
    }
    out.push(b.finish());
  }
  return out;
}

function run(name: string, batches: RowBatch[], filter: BoundExpr, proj: readonly BoundExpr[] | undefined): void {
  const pred = compilePredicate(filter, types);
  const outTypes = proj?.map((e) => e.type) ?? [];
  const project = proj ? compileProjection(proj, types, outTypes) : undefined;
  const out = new RowBatchBuilder(outTypes, 1 << 20, BATCH);
  let rows = 0;
  let passed = 0;
  const t0 = performance.now();
  while (rows < TOTAL) {
    for (const b of batches) {
      for (let r = 0; r < b.count; r++) {
        if (!pred(b, r)) continue;
        passed++;
        if (project) {
          out.beginRow(b.kind(r));
          project(b, r, out);
          out.endRow();
        }
      }
      if (project) out.finish();
      rows += b.count;
      if (rows >= TOTAL) break;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`${name}: ${rows} rows, ${passed} passed, ${secs.toFixed(2)} s, ${((rows / secs) / 1e6).toFixed(2)} M rows/s`);
}

const batches = makeBatches();
const l8 = (v: number) => E.lit(v, T.int8);
const q2 = E.call('int8_eq', [E.call('int8_mod', [E.col(0, T.int8), l8(123)], T.int8), l8(0)], T.bool);
const all = E.call('int8_ge', [E.col(2, T.int8), l8(0)], T.bool);
const projection = [
  E.col(0, T.int8),
  E.col(1, T.int8),
  E.call('int8_div', [E.call('int8_mul', [E.col(2, T.int8), l8(908)], T.int8), l8(1000)], T.int8),
  E.col(3, T.text),
];
for (let i = 0; i < 2; i++) {
  run('q2 filter auction % 123 = 0', batches, q2, undefined);
  run('filter (all pass) + projection of 4', batches, all, projection);
}
