/**
 * executor/expr — scalar expressions with PostgreSQL semantics (DESIGN.md, section "Expressions").
 *
 * The binder resolves operators and functions against the registry (functions/registry.ts:
 * `resolveFunction`, PostgreSQL docs §10.2–10.3) and builds BoundExprs (planner/logical/expr.ts);
 * operators compile them once into closures over binary rows (`compileExpr`, `compilePredicate`,
 * `compileProjection`), reading slots in place. Casts follow PostgreSQL's explicit CAST rules
 * (`castValue`, `canCast`); text I/O lives in common/pg-text.ts.
 */
export { compileExpr, compilePredicate, compileProjection, type Evaluator, type Predicate, type Projection } from './compile.ts';
export { getFunction, resolveFunction, type FunctionImpl, type ResolvedFunction } from './functions/registry.ts';
export { canCast, castValue } from './cast.ts';
