-- Split distinct aggregation in a parallel job: count(DISTINCT bidder) per auction in two levels, the partial level partitioned by hash buckets of bidder (not grouped by them).
SET 'parallelism.default' = '2';
SET 'table.optimizer.distinct-agg.split.enabled' = 'true';
SET 'table.optimizer.distinct-agg.split.bucket-num' = '16';
CREATE MATERIALIZED VIEW bidders AS SELECT auction, count(DISTINCT bidder) AS bidders, count(*) AS bids, max(price) AS top FROM bid GROUP BY auction
