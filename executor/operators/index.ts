/**
 * Physical stream operators (STYLE.md habit 3): one operator per file, each a loop over batches of
 * binary rows, watermarks and barriers (operator.ts), keeping keyed state in a StateBackend and
 * emitting changelogs (+I/-U/+U/-D). The physical planner builds them from the stream plan with
 * their changelog modes; the job runner (engine/) wires and drives them. DESIGN.md section "Executor".
 */
export type { StreamOperator, StreamMessage, Output, OperatorContext } from './operator.ts';
export { Calc, type CalcOptions } from './calc.ts';
export { GroupAggregate, type GroupAggOptions, type GroupAggChangelog } from './group-agg.ts';
export { Join, type JoinOptions } from './join.ts';
export { SortLimit, type SortLimitOptions } from './sort-limit.ts';
export { TopN, type TopNOptions } from './top-n.ts';
export { UpdateFastTopN, type UpdateFastTopNOptions } from './update-fast-top-n.ts';
export { Deduplicate, type DeduplicateOptions, type DedupPolicy } from './dedup.ts';
export { Union, type UnionOptions } from './union.ts';
export { Values, type ValuesOptions } from './values.ts';
export { SetOp, type SetOpOptions } from './set-op.ts';
export { Materialize, type MaterializeOptions, type ChangeListener } from './materialize.ts';
export { Sink, type SinkOptions, type SinkWriterLike } from './sink.ts';
export { LookupJoin, type LookupJoinOptions, type LookupFunctionLike } from './lookup-join.ts';
