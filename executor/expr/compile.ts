/**
 * Expression compilation, the executor's entry point for scalar expressions: `compileExpr` (a
 * value per row), `compilePredicate` (a filter, TRUE only) and `compileProjection` (a row writer).
 * See compile-expr.ts, compile-predicate.ts and compile-projection.ts for the rules each follows.
 */
export { compileExpr, type Evaluator } from './compile-expr.ts';
export { compilePredicate, type Predicate } from './compile-predicate.ts';
export { compileProjection, type Projection } from './compile-projection.ts';
