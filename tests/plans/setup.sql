-- Tables every golden plan may read. Connector tables are streams; the others are DML tables.
CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP(3), extra STRING)
  WITH ('connector' = 'nexmark', 'nexmark.table.type' = 'bid');
CREATE TABLE auction (id BIGINT, item_name STRING, description STRING, initial_bid BIGINT, reserve BIGINT, date_time TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra STRING)
  WITH ('connector' = 'nexmark', 'nexmark.table.type' = 'auction');
CREATE TABLE person (id BIGINT, name STRING, email_address STRING, credit_card STRING, city STRING, state STRING, date_time TIMESTAMP(3), extra STRING)
  WITH ('connector' = 'nexmark', 'nexmark.table.type' = 'person');
CREATE TABLE emp (id INT PRIMARY KEY, name TEXT, dept TEXT, salary INT);
CREATE TABLE dept (name TEXT PRIMARY KEY, floor INT);
CREATE TABLE sink (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE bid_p (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP(3), extra STRING, proc_time AS PROCTIME())
  WITH ('connector' = 'nexmark', 'nexmark.table.type' = 'bid');
CREATE TABLE clicks (user_id BIGINT, auction BIGINT, proc_time AS PROCTIME()) WITH ('connector' = 'datagen');
CREATE TABLE side_input (k BIGINT, v STRING) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://127.0.0.1:5432/strom', 'table-name' = 'side_input');
