-- Minibatch: a MiniBatchAssigner above the source, GroupAggregate folding per minibatch; ONE_PHASE keeps one aggregate.
SET 'table.exec.mini-batch.enabled' = 'true';
SET 'table.exec.mini-batch.allow-latency' = '2 s';
SET 'table.exec.mini-batch.size' = '5000';
SET 'table.optimizer.agg-phase-strategy' = 'ONE_PHASE';
INSERT INTO sink SELECT auction, max(price) FROM bid GROUP BY auction
