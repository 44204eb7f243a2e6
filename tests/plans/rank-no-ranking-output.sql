-- The rank is not selected (no-ranking output); `2 >= dr` is a bound written the other way round;
-- the other conjunct stays in a filter.
CREATE MATERIALIZED VIEW two_prices AS
SELECT auction, price FROM (SELECT auction, price, DENSE_RANK() OVER (PARTITION BY auction ORDER BY price DESC) AS dr FROM bid) t WHERE 2 >= dr AND price > 10
