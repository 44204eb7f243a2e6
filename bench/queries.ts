/**
 * Nexmark queries in Strom SQL (../shared/NEXMARK.md; the SQL follows the nexmark/nexmark project's
 * Flink queries, with snake_case column names). Each query writes into a blackhole sink. Queries
 * Strom cannot run yet are listed with the reason, not dropped.
 */

/** One benchmark query: the DDL it needs beyond the source table, and the INSERT that runs it. */
export interface BenchQuery {
  readonly name: string;
  readonly description: string;
  /** Source tables it reads (nexmark table types). */
  readonly sources: readonly ('bid' | 'auction' | 'person')[];
  /** The sink's column list. */
  readonly sinkColumns: string;
  /** The SELECT whose rows go to the sink. */
  readonly select: string;
}

export const QUERIES: readonly BenchQuery[] = [
  {
    name: 'q0',
    description: 'pass-through: every bid to the sink',
    sources: ['bid'],
    sinkColumns: 'auction BIGINT, bidder BIGINT, price BIGINT, date_time TIMESTAMP(3), extra STRING',
    select: 'SELECT auction, bidder, price, date_time, extra FROM bid',
  },
  {
    name: 'q1',
    description: 'projection: price in euros (price × 0.908)',
    sources: ['bid'],
    sinkColumns: 'auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), date_time TIMESTAMP(3), extra STRING',
    select: 'SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM bid',
  },
  {
    name: 'q2',
    description: 'filter: bids on auctions whose id is a multiple of 123',
    sources: ['bid'],
    sinkColumns: 'auction BIGINT, price BIGINT',
    select: 'SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0',
  },
  {
    name: 'count-per-auction',
    description: 'unbounded group aggregation: bids per auction',
    sources: ['bid'],
    sinkColumns: 'auction BIGINT, bids BIGINT',
    select: 'SELECT auction, count(*) AS bids FROM bid GROUP BY auction',
  },
];

/** Nexmark queries not runnable yet, with the reason (printed by the runner). */
export const NOT_YET: readonly { name: string; reason: string }[] = [
  { name: 'q3', reason: 'person ⋈ auction join: runs, benchmarked in the operators issue' },
  { name: 'q4', reason: 'needs window/time-range join semantics' },
  { name: 'q5', reason: 'needs HOP window TVF' },
  { name: 'q6', reason: 'needs OVER aggregation on an updating input' },
  { name: 'q7', reason: 'needs TUMBLE window TVF' },
  { name: 'q8', reason: 'needs window join' },
  { name: 'q9', reason: 'needs ROW_NUMBER Top-1' },
  { name: 'q10', reason: 'needs filesystem sink with partition commit' },
  { name: 'q11', reason: 'needs SESSION window' },
  { name: 'q12', reason: 'needs processing-time windows' },
  { name: 'q13', reason: 'needs lookup join' },
  { name: 'q14', reason: 'needs user-defined functions' },
  { name: 'q15', reason: 'needs COUNT DISTINCT with FILTER split-distinct (runs unsplit), benchmarked later' },
  { name: 'q16', reason: 'as q15 per channel' },
  { name: 'q17', reason: 'needs DATE_FORMAT day keys, benchmarked in the operators issue' },
  { name: 'q18', reason: 'needs deduplication (ROW_NUMBER)' },
  { name: 'q19', reason: 'needs TopN (ROW_NUMBER ≤ 10)' },
  { name: 'q20', reason: 'join of bids with auctions, benchmarked in the operators issue' },
  { name: 'q21', reason: 'needs REGEXP_EXTRACT in CASE, benchmarked later' },
  { name: 'q22', reason: 'needs SPLIT_INDEX, benchmarked later' },
];
