-- Split distinct aggregation of Nexmark q15's shape: COUNT DISTINCT over two columns, with FILTER.
-- Each row is expanded into one copy per distinct column plus one for the other calls ($e); each
-- copy sets its own bucket column, and each call counts its copy's rows, its FILTER ANDed in.
SET 'parallelism.default' = '2';
SET 'table.optimizer.distinct-agg.split.enabled' = 'true';
SET 'table.optimizer.distinct-agg.split.bucket-num' = '16';
CREATE MATERIALIZED VIEW bid_stats AS SELECT DATE_FORMAT(date_time, 'yyyy-MM-dd') AS day, count(*) AS bids, count(*) FILTER (WHERE price < 10000) AS cheap_bids, count(DISTINCT bidder) AS bidders, count(DISTINCT bidder) FILTER (WHERE price < 10000) AS cheap_bidders, count(DISTINCT auction) AS auctions FROM bid GROUP BY DATE_FORMAT(date_time, 'yyyy-MM-dd')
