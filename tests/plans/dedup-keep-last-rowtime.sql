-- Nexmark q18: the last bid per (bidder, auction) by its event time: keep-last on a time column.
CREATE MATERIALIZED VIEW q18 AS
SELECT auction, bidder, price, channel, url, date_time, extra
FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY date_time DESC) AS rank_number FROM bid) t
WHERE rank_number <= 1
