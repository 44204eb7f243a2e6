-- Nexmark q19: the 10 highest bids per auction. Insert-only input: AppendFastStrategy; the rank is
-- selected, so the upsert key is (auction, rn).
CREATE MATERIALIZED VIEW q19 AS
SELECT * FROM (SELECT auction, bidder, price, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bid) t WHERE rn <= 10
