-- Top 3 auctions by bid count: the input's upsert key (auction) contains the (empty) partition key
-- and count(*) of an insert-only aggregation only increases, so UpdateFastStrategy; the aggregation
-- stops emitting -U.
CREATE MATERIALIZED VIEW busiest AS
SELECT * FROM (SELECT auction, cnt, ROW_NUMBER() OVER (ORDER BY cnt DESC) AS rn FROM (SELECT auction, count(*) AS cnt FROM bid GROUP BY auction) a) t WHERE rn <= 3
