-- DISTINCT calls over an updating input stay in one phase at any parallelism: a retraction in one worker cannot take back a value another worker handed over.
SET 'parallelism.default' = '2';
CREATE MATERIALIZED VIEW spread AS SELECT c, count(DISTINCT auction) AS auctions FROM (SELECT auction, count(*) AS c FROM bid GROUP BY auction) t GROUP BY c
