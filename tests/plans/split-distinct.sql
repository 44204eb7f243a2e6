-- Split distinct aggregation: count(DISTINCT bidder) per auction in two levels over hash buckets.
SET 'table.optimizer.distinct-agg.split.enabled' = 'true';
SET 'table.optimizer.distinct-agg.split.bucket-num' = '16';
CREATE MATERIALIZED VIEW bidders AS SELECT auction, count(DISTINCT bidder) AS bidders, count(*) AS bids, max(price) AS top FROM bid GROUP BY auction
