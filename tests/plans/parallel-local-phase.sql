-- A parallel job without minibatch still aggregates in two phases before the exchange when a call takes an argument: only partials cross, not every row's price.
SET 'parallelism.default' = '2';
CREATE MATERIALIZED VIEW spend AS SELECT bidder, count(*) AS bids, sum(price) AS total FROM bid GROUP BY bidder
