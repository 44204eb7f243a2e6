-- A parallel job aggregates DISTINCT calls over insert-only input in two phases: each worker's local phase hands a (value, FILTER) over once, so a hot key (here one day) needs little work in the one worker that owns it.
SET 'parallelism.default' = '2';
CREATE MATERIALIZED VIEW daily AS SELECT DATE_FORMAT(date_time, 'yyyy-MM-dd') AS d, count(*) AS bids, count(DISTINCT bidder) AS bidders, count(DISTINCT bidder) FILTER (WHERE price < 10000) AS cheap_bidders, count(DISTINCT auction) AS auctions FROM bid GROUP BY DATE_FORMAT(date_time, 'yyyy-MM-dd')
