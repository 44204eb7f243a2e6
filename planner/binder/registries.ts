/**
 * The two registries the binder resolves calls against, behind one import so that the binder depends
 * on their signatures only: scalar functions and operators (executor/expr/functions/registry.ts, by
 * operator symbol or lower-case function name) and aggregates (executor/aggregate/registry.ts).
 */
export { resolveFunction } from '../../executor/expr/functions/registry.ts';
export { resolveAggregate } from '../../executor/aggregate/registry.ts';
