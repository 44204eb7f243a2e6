-- sum(price) is not known to be monotonic: RetractStrategy over the updating aggregation.
CREATE MATERIALIZED VIEW richest AS
SELECT * FROM (SELECT auction, total, ROW_NUMBER() OVER (ORDER BY total DESC) AS rn FROM (SELECT auction, sum(price) AS total FROM bid GROUP BY auction) a) t WHERE rn <= 3
