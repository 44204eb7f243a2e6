/** Nexmark's Flink settings (nexmark/nexmark conf): minibatch 2 s / 5000 rows, two-phase aggregation, split distinct. */
export const NEXMARK_SETTINGS: readonly (readonly [string, string])[] = [
  ['table.exec.mini-batch.enabled', 'true'],
  ['table.exec.mini-batch.allow-latency', '2 s'],
  ['table.exec.mini-batch.size', '5000'],
  ['table.optimizer.agg-phase-strategy', 'TWO_PHASE'],
  ['table.optimizer.distinct-agg.split.enabled', 'true'],
];
