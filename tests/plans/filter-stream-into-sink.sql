-- Projection and filter of a stream into an append-only sink: one Calc, insert-only.
INSERT INTO sink SELECT auction, price FROM bid WHERE price > 1000000
