-- The first bid of each bidder by processing time: an append-only Deduplicate.
CREATE MATERIALIZED VIEW first_bid AS
SELECT auction, bidder, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder ORDER BY proc_time) AS rn FROM bid_p) t WHERE rn = 1
