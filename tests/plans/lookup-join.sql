-- A lookup join into a PostgreSQL table (Nexmark q13's shape): asynchronous, the input's changelog kept.
CREATE MATERIALIZED VIEW enriched AS SELECT c.user_id, c.auction, s.v FROM clicks AS c LEFT JOIN side_input FOR SYSTEM_TIME AS OF c.proc_time AS s ON c.auction = s.k
