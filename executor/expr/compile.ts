/**
 * Expression compilation, the executor's entry point for scalar expressions: `compileExpr` (a
 * value per row), `compilePredicate` (a filter, TRUE only), `compileProjection` (a row writer) and
 * its split form for bulk copying, `compileRowProjection` (Calc) and `compileColumnProjector` (a
 * source's columns).
 * See compile-expr.ts, compile-predicate.ts and compile-projection.ts for the rules each follows.
 */
export { compileExpr, type Evaluator } from './compile-expr.ts';
export { compilePredicate, type Predicate } from './compile-predicate.ts';
export { compileColumnProjector, compileProjection, compileRowProjection, type Projection, type RowProjection } from './compile-projection.ts';
