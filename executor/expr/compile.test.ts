import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { arrayOf, T, type SqlType } from '../../common/types.ts';
import { E, type BoundExpr } from '../../planner/logical/expr.ts';
import { batchOf, RowBatchBuilder } from '../row/binary-row.ts';
import { compileExpr, compilePredicate, compileProjection } from './compile.ts';
import { compileColumnProjector, compileRowProjection } from './compile-projection.ts';

const B = T.bool;
const lit = (v: unknown, t: SqlType = B) => E.lit(v, t);
const and = (...args: BoundExpr[]): BoundExpr => ({ kind: 'And', args, type: B });
const or = (...args: BoundExpr[]): BoundExpr => ({ kind: 'Or', args, type: B });
const not = (operand: BoundExpr): BoundExpr => ({ kind: 'Not', operand, type: B });
const empty = batchOf([], [[0, []]]);
const ev = (e: BoundExpr) => compileExpr(e, [])(empty, 0);
const TV = [true, false, null] as const;

describe('compileExpr: logic', () => {
  it('follows three-valued AND / OR / NOT truth tables', () => {
    // Also through columns, so nothing is constant-folded.
    const types = [B, B];
    const rows = TV.flatMap((a) => TV.map((b) => [0, [a, b]] as const));
    const batch = batchOf(types, rows);
    const andF = compileExpr(and(E.col(0, B), E.col(1, B)), types);
    const orF = compileExpr(or(E.col(0, B), E.col(1, B)), types);
    const and3 = compileExpr(and(E.col(0, B), E.col(1, B), lit(true)), types);
    const notF = compileExpr(not(E.col(0, B)), types);
    rows.forEach(([, [a, b]], r) => {
      const expAnd = a === false || b === false ? false : a === null || b === null ? null : true;
      const expOr = a === true || b === true ? true : a === null || b === null ? null : false;
      expect(andF(batch, r), `${a} AND ${b}`).toBe(expAnd);
      expect(and3(batch, r)).toBe(expAnd);
      expect(orF(batch, r), `${a} OR ${b}`).toBe(expOr);
      expect(notF(batch, r)).toBe(a === null ? null : !a);
    });
  });

  it('short-circuits', () => {
    const boom = E.call('int4_div', [lit(1, T.int4), E.col(0, T.int4)], T.int4);
    const cmp = E.call('int4_eq', [boom, lit(1, T.int4)], B);
    const types = [T.int4];
    const batch = batchOf(types, [[0, [0]]]);
    expect(compileExpr(and(lit(false), cmp), types)(batch, 0)).toBe(false);
    expect(compileExpr(or(lit(true), cmp), types)(batch, 0)).toBe(true);
    expect(() => compileExpr(and(lit(true), cmp), types)(batch, 0)).toThrow('division by zero');
  });

  it('evaluates IS tests and IS DISTINCT FROM', () => {
    const is = (operand: BoundExpr, test: 'null' | 'true' | 'false' | 'unknown', negated = false): BoundExpr => ({ kind: 'IsTest', operand, test, negated, type: B });
    expect(ev(is(lit(null), 'null'))).toBe(true);
    expect(ev(is(lit(null), 'true', true))).toBe(true);
    expect(ev(is(lit(false), 'false'))).toBe(true);
    expect(ev(is(lit(true), 'unknown'))).toBe(false);
    const dist = (l: unknown, r: unknown, negated = false): BoundExpr => ({ kind: 'IsDistinct', left: lit(l, T.numeric), right: lit(r, T.numeric), negated, type: B });
    expect(ev(dist(null, null))).toBe(false);
    expect(ev(dist(null, new Decimal(1)))).toBe(true);
    expect(ev(dist(new Decimal('1.5'), new Decimal('1.50')))).toBe(false);
    expect(ev(dist(new Decimal(1), new Decimal(2), true))).toBe(false);
  });
});

describe('compileExpr: special forms', () => {
  const types = [T.int4, T.text, T.numeric];
  const batch = batchOf(types, [
    [0, [1, 'a', new Decimal('1.5')]],
    [0, [null, null, null]],
  ]);
  const c = (e: BoundExpr, r = 0) => compileExpr(e, types)(batch, r);
  const i = (v: number | null) => lit(v, T.int4);
  const inList = (operand: BoundExpr, list: BoundExpr[], negated = false): BoundExpr => ({ kind: 'InList', operand, list, negated, type: B });

  it('IN follows SQL NULL semantics', () => {
    expect(c(inList(i(1), [i(2), i(null)]))).toBe(null);
    expect(c(inList(i(1), [i(2), i(null)], true))).toBe(null);
    expect(c(inList(i(1), [i(1), i(null)]))).toBe(true);
    expect(c(inList(i(1), [i(2), i(3)]))).toBe(false);
    expect(c(inList(i(1), [i(2), i(3)], true))).toBe(true);
    expect(c(inList(E.col(0, T.int4), [i(1), i(2)]))).toBe(true);
    expect(c(inList(E.col(0, T.int4), [i(1), i(2)]), 1)).toBe(null);
    // Non-constant list and Decimal values use SQL equality.
    expect(c(inList(E.col(2, T.numeric), [lit(new Decimal('1.50'), T.numeric)]))).toBe(true);
    expect(c(inList(E.col(0, T.int4), [E.col(0, T.int4)]))).toBe(true);
  });

  it('CASE and COALESCE are lazy, NULLIF compares', () => {
    const boom = E.call('int4_div', [i(1), E.col(0, T.int4)], T.int4);
    const zero = E.call('int4_sub', [E.col(0, T.int4), E.col(0, T.int4)], T.int4);
    const boomZero = E.call('int4_div', [i(1), zero], T.int4);
    const caseE: BoundExpr = { kind: 'Case', whens: [{ when: lit(true), then: i(7) }, { when: lit(true), then: boomZero }], else: boomZero, type: T.int4 };
    expect(c(caseE)).toBe(7);
    const caseNull: BoundExpr = { kind: 'Case', whens: [{ when: lit(null), then: i(1) }], else: undefined, type: T.int4 };
    expect(c(caseNull)).toBe(null);
    expect(c({ kind: 'Coalesce', args: [E.col(0, T.int4), boomZero], type: T.int4 })).toBe(1);
    expect(c({ kind: 'Coalesce', args: [E.col(0, T.int4), i(9)], type: T.int4 }, 1)).toBe(9);
    expect(c(boom)).toBe(1);
    expect(c({ kind: 'NullIf', left: i(1), right: i(1), type: T.int4 })).toBe(null);
    expect(c({ kind: 'NullIf', left: i(1), right: i(null), type: T.int4 })).toBe(1);
  });

  it('builds arrays, evaluates ANY / ALL', () => {
    const arr: BoundExpr = { kind: 'Array', elements: [i(1), E.col(0, T.int4)], type: arrayOf(T.int4) };
    expect(c(arr, 1)).toEqual([1, null]);
    const q = (left: BoundExpr, array: BoundExpr, quantifier: 'any' | 'all'): BoundExpr => ({ kind: 'Quantified', fn: 'int4_eq', quantifier, left, array, type: B });
    const a = (v: unknown[]) => lit(v, arrayOf(T.int4));
    expect(c(q(i(1), a([2, 1]), 'any'))).toBe(true);
    expect(c(q(i(1), a([2, null]), 'any'))).toBe(null);
    expect(c(q(i(1), a([2]), 'any'))).toBe(false);
    expect(c(q(i(null), a([]), 'any'))).toBe(false);
    expect(c(q(i(1), a([1, 1]), 'all'))).toBe(true);
    expect(c(q(i(1), a([1, 2]), 'all'))).toBe(false);
    expect(c(q(i(1), a([1, null]), 'all'))).toBe(null);
    expect(c(q(i(1), arr, 'any'), 1)).toBe(true);
  });

  it('calls functions strictly or not, casts and folds constants', () => {
    expect(c(E.call('int4_add', [E.col(0, T.int4), i(2)], T.int4))).toBe(3);
    expect(c(E.call('int4_add', [E.col(0, T.int4), i(2)], T.int4), 1)).toBe(null);
    expect(c(E.call('concat', [E.col(1, T.text), lit(null, T.text), lit('b', T.text)], T.text), 1)).toBe('b');
    expect(c(E.call('lower', [E.col(1, T.text)], T.text))).toBe('a');
    const cast = (operand: BoundExpr, type: SqlType, tryCast = false): BoundExpr => ({ kind: 'Cast', operand, type, tryCast });
    expect(c(cast(E.col(2, T.numeric), T.int4))).toBe(2);
    expect(c(cast(E.col(0, T.int4), T.text))).toBe('1');
    expect(c(cast(lit('12', T.text), T.int8))).toBe(12);
    expect(c(cast(E.col(1, T.text), T.int4, true))).toBe(null);
    expect(() => c(cast(E.col(1, T.text), T.int4))).toThrow('invalid input syntax for type integer: "a"');
    // A failing constant call is not raised until a row reaches it.
    const never: BoundExpr = { kind: 'Case', whens: [{ when: lit(false), then: E.call('int4_div', [i(1), i(0)], T.int4) }], else: i(0), type: T.int4 };
    expect(c(never)).toBe(0);
    expect(() => compileExpr({ kind: 'ParamRef', index: 1, type: T.int4 }, [])).toThrow(/parameter \$1/);
  });
});

describe('compilePredicate', () => {
  const types = [T.int8, T.float8, T.text, T.int4];
  const batch = batchOf(types, [
    [0, [246, 1.5, 'x', 1]],
    [0, [247, NaN, 'y', null]],
    [0, [null, null, null, 3]],
    [0, [9007199254740993n, -2, 'x', 4]],
  ]);
  const rows = (e: BoundExpr) => {
    const p = compilePredicate(e, types);
    return [0, 1, 2, 3].filter((r) => p(batch, r));
  };
  const l8 = (v: number) => lit(v, T.int8);
  it('specializes column-vs-constant comparisons and q2-style arithmetic', () => {
    const mod = E.call('int8_mod', [E.col(0, T.int8), l8(123)], T.int8);
    expect(rows(E.call('int8_eq', [mod, l8(0)], B))).toEqual([0]);
    expect(rows(E.call('int8_eq', [l8(0), mod], B))).toEqual([0]);
    expect(rows(E.call('int8_gt', [E.col(0, T.int8), l8(246)], B))).toEqual([1, 3]);
    expect(rows(E.call('float8_gt', [E.col(1, T.float8), lit(0, T.float8)], B))).toEqual([0, 1]);
    expect(rows(E.call('int4_le', [E.col(3, T.int4), lit(3, T.int4)], B))).toEqual([0, 2]);
    expect(rows(E.call('int8_eq', [E.col(0, T.int8), { kind: 'Cast', operand: lit(247, T.int4), type: T.int8, tryCast: false }], B))).toEqual([1]);
    expect(rows(E.call('int8_eq', [E.col(0, T.int8), lit(null, T.int8)], B))).toEqual([]);
  });
  it('handles AND / OR / NOT / IS NULL with NULL rejecting', () => {
    const gt = E.call('int8_gt', [E.col(0, T.int8), l8(246)], B);
    const x = E.call('text_eq', [E.col(2, T.text), lit('x', T.text)], B);
    expect(rows(and(gt, x))).toEqual([3]);
    expect(rows(or(gt, x))).toEqual([0, 1, 3]);
    expect(rows(not(gt))).toEqual([0]);
    expect(rows({ kind: 'IsTest', operand: E.col(3, T.int4), test: 'null', negated: false, type: B })).toEqual([1]);
    expect(rows({ kind: 'IsTest', operand: E.col(3, T.int4), test: 'null', negated: true, type: B })).toEqual([0, 2, 3]);
    expect(rows(lit(true))).toEqual([0, 1, 2, 3]);
    expect(rows(lit(null))).toEqual([]);
  });
});

describe('compileProjection', () => {
  it('copies pass-through columns and evaluates the rest', () => {
    const types = [T.int4, T.text, T.int8, T.float8, B, T.numeric];
    const batch = batchOf(types, [
      [0, [1, 'héllo', 9007199254740993n, 1.5, true, new Decimal('2.25')]],
      [0, [null, null, null, null, null, null]],
    ]);
    const exprs: BoundExpr[] = [
      E.col(5, T.numeric),
      E.col(4, B),
      E.col(3, T.float8),
      E.col(2, T.int8),
      E.col(1, T.text),
      E.col(0, T.int4),
      E.call('int4_add', [E.col(0, T.int4), lit(1, T.int4)], T.int4),
      E.call('upper', [E.col(1, T.text)], T.text),
      E.call('numeric_mul', [E.col(5, T.numeric), E.col(5, T.numeric)], T.numeric),
      E.call('int4_lt', [E.col(0, T.int4), lit(5, T.int4)], B),
      E.call('int8_add', [E.col(2, T.int8), lit(1, T.int8)], T.int8),
      E.call('float8_mul', [E.col(3, T.float8), lit(2, T.float8)], T.float8),
    ];
    const outTypes = exprs.map((e) => e.type);
    const proj = compileProjection(exprs, types, outTypes);
    const out = new RowBatchBuilder(outTypes);
    for (let r = 0; r < batch.count; r++) {
      out.beginRow(batch.kind(r));
      proj(batch, r, out);
      out.endRow();
    }
    const res = out.finish();
    expect(res.getRow(0).map((v) => (v instanceof Decimal ? v.toString() : v))).toEqual([
      '2.25', true, 1.5, 9007199254740993n, 'héllo', 1, 2, 'HÉLLO', '5.0625', true, 9007199254740994n, 3,
    ]);
    expect(res.getRow(1)).toEqual(exprs.map(() => null));

    // Split for bulk copying (Calc's path): the same rows.
    const { copy, rest } = compileRowProjection(exprs, types, outTypes);
    expect(copy.fixed.length / 6 + copy.vars.length / 6).toBe(6);
    for (let r = 0; r < batch.count; r++) {
      out.beginCopiedRow(batch, r, copy);
      rest!(batch, r, out);
      out.endRow();
    }
    const split = out.finish();
    for (let r = 0; r < batch.count; r++) expect(split.getRow(r)).toEqual(res.getRow(r));
  });

  it('computes a pass-through column whose bytes change with the output type', () => {
    // bpchar → text drops trailing blanks, so the column is not copied as bytes.
    const types: SqlType[] = [{ id: 'bpchar', length: 4 }, T.int4];
    const batch = batchOf(types, [[0, ['ab  ', 3]]]);
    const exprs = [E.col(0, types[0]!), E.col(1, T.int4)];
    const outTypes = [T.text, T.int4];
    const { copy, rest } = compileRowProjection(exprs, types, outTypes);
    expect([copy.fixed.length / 6, copy.vars.length / 6]).toEqual([1, 0]);
    const out = new RowBatchBuilder(outTypes);
    out.beginCopiedRow(batch, 0, copy);
    rest!(batch, 0, out);
    out.endRow();
    const ref = new RowBatchBuilder(outTypes);
    ref.beginRow(0);
    compileProjection(exprs, types, outTypes)(batch, 0, ref);
    ref.endRow();
    expect(out.finish().getRow(0)).toEqual(ref.finish().getRow(0));
  });
});

describe('compileColumnProjector', () => {
  it('picks columns as bytes, keeping NULLs and row kinds', () => {
    const types = [T.int4, T.text, T.int8, T.text];
    const batch = batchOf(types, [
      [0, [1, 'a', 10, 'x'.repeat(300)]],
      [3, [null, null, null, null]],
      [1, [-5, '', 2n ** 60n, 'é']],
    ]);
    const res = compileColumnProjector(types, [3, 0, 2], [T.text, T.int4, T.int8])(batch);
    expect(res.count).toBe(3);
    expect([0, 1, 2].map((r) => res.kind(r))).toEqual([0, 3, 1]);
    expect([0, 1, 2].map((r) => res.getRow(r))).toEqual([
      ['x'.repeat(300), 1, 10],
      [null, null, null],
      ['é', -5, 2n ** 60n],
    ]);
  });
});

describe('compileExpr: CAST(numeric column AS int) read from the row text', () => {
  const values = ['0', '-0', '1.50', '2.5', '-2.5', '2.4999', '-2.4999', '0.5', '-0.5', '0.49', '12345', '-12345.678',
    '32767.4', '32767.5', '-32768.5', '2147483647.49', '2147483647.5', '999999999999999.5', '1000000000000000', '-9223372036854775808',
    '9223372036854775807.5', '123456789012345678901234567890', 'NaN', '7.'];
  const viaDecimal = (text: string, to: 'int2' | 'int4' | 'int8') => {
    // The general path: the same cast over a numeric constant (a Decimal, no row text).
    try {
      return String(compileExpr({ kind: 'Cast', operand: lit(new Decimal(text), T.numeric), type: T[to], tryCast: false }, [])(empty, 0));
    } catch (e) {
      return `error ${(e as { code: string }).code}`;
    }
  };
  for (const to of ['int2', 'int4', 'int8'] as const) {
    it(`equals the Decimal path for ${to}, errors included`, () => {
      const types = [T.numeric];
      const batch = batchOf(types, [...values.map((v) => [0, [new Decimal(v)]] as const), [0, [null]] as const]);
      const f = compileExpr({ kind: 'Cast', operand: E.col(0, T.numeric), type: T[to], tryCast: false }, types);
      values.forEach((v, r) => {
        let got: string;
        try {
          got = String(f(batch, r));
        } catch (e) {
          got = `error ${(e as { code: string }).code}`;
        }
        expect(got, `${v}::${to}`).toBe(viaDecimal(v, to));
      });
      expect(f(batch, values.length)).toBe(null);
    });
  }
});
