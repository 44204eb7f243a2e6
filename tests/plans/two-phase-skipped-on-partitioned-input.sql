-- No two-phase aggregation over input already partitioned by the group key: the join's output is hashed by its key a.id, so GROUP BY a.id needs neither an exchange nor a local phase, as Flink's TwoStageOptimizedAggregateRule (compare two-phase.sql).
SET 'table.exec.mini-batch.enabled' = 'true';
SET 'table.exec.mini-batch.allow-latency' = '2 s';
SET 'table.exec.mini-batch.size' = '5000';
CREATE MATERIALIZED VIEW per_auction AS SELECT a.id, count(*) AS bids, max(b.price) AS top FROM auction a JOIN bid b ON a.id = b.auction GROUP BY a.id
