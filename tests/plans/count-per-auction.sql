-- Unbounded group aggregation over an insert-only stream: updates keyed by the group key.
CREATE MATERIALIZED VIEW hot AS SELECT auction, count(*) AS bids, max(price) AS top FROM bid GROUP BY auction
