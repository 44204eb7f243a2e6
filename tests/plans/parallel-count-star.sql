-- A parallel job without minibatch aggregates count(*) alone in one phase: the rows crossing the exchange carry only the key, so a local phase would add work and save nothing.
SET 'parallelism.default' = '2';
CREATE MATERIALIZED VIEW per_auction AS SELECT auction, count(*) AS bids FROM bid GROUP BY auction
