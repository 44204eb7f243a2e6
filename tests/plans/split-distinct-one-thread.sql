-- Split distinct enabled but parallelism 1: one thread has no skew to spread, so the aggregation stays in one level.
SET 'table.optimizer.distinct-agg.split.enabled' = 'true';
CREATE MATERIALIZED VIEW bidders AS SELECT auction, count(DISTINCT bidder) AS bidders, count(*) AS bids, max(price) AS top FROM bid GROUP BY auction
