-- Two-phase aggregation (AUTO with minibatch): LocalGroupAggregate folds partial accumulators, GlobalGroupAggregate merges them into state.
SET 'table.exec.mini-batch.enabled' = 'true';
SET 'table.exec.mini-batch.allow-latency' = '2 s';
SET 'table.exec.mini-batch.size' = '5000';
CREATE MATERIALIZED VIEW hot AS SELECT auction, count(*) AS bids, max(price) AS top, avg(price) AS mean FROM bid GROUP BY auction
