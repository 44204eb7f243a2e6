/**
 * Aggregate functions with retraction (accumulate / retract / merge / getValue over plain-data
 * accumulators kept in operator state) and the registry the binder resolves aggregate calls
 * against. Used by executor/operators/group-agg.ts. DESIGN.md section "Executor".
 */
export type { AggregateFunction } from './aggregate-function.ts';
export type { AggregateSignature } from './registry.ts';
export { createAggregate, resolveAggregate } from './registry.ts';
export { distinct } from './distinct.ts';
