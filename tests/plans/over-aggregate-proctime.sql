-- OVER aggregation over an append-only stream ordered by a PROCTIME() attribute: each row is emitted
-- once (Flink's ProcTimeRowsBoundedPrecedingFunction), so the OverAggregate is append-only [I] and an
-- append-only sink accepts it.
INSERT INTO sink
SELECT auction, max(price) OVER (PARTITION BY auction ORDER BY proc_time ROWS BETWEEN 9 PRECEDING AND CURRENT ROW)
FROM bid_p
