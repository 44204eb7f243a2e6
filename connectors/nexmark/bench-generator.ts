/**
 * Measures the Nexmark bid generator: rows/s written into RowBatchBuilder batches of 4096 rows, one
 * core, all seven Flink bid columns. Not a test. Run: `npx tsx connectors/nexmark/bench-generator.ts [events]`.
 */
import type { TableInfo } from '../../catalog/catalog.ts';
import { T } from '../../common/types.ts';
import { NexmarkReader } from './reader.ts';

const events = Number(process.argv[2] ?? 20_000_000);
const ts3 = { id: 'timestamp', precision: 3 } as const;
const table: TableInfo = {
  kind: 'table',
  oid: 1,
  name: 'bid',
  columns: [
    { name: 'auction', type: T.int8, nullable: true },
    { name: 'bidder', type: T.int8, nullable: true },
    { name: 'price', type: T.int8, nullable: true },
    { name: 'channel', type: T.text, nullable: true },
    { name: 'url', type: T.text, nullable: true },
    { name: 'dateTime', type: ts3, nullable: true },
    { name: 'extra', type: T.text, nullable: true },
  ],
  sql: '',
  createdAt: 0,
  connector: 'nexmark',
  options: { connector: 'nexmark', 'nexmark.table.type': 'bid', 'events.num': String(events) },
  primaryKey: undefined,
  watermark: undefined,
};

function run(): { rows: number; bytes: number; ms: number } {
  const r = new NexmarkReader(table, { split: 0, splits: 1, startMs: 1_700_000_000_000 });
  const t0 = performance.now();
  let rows = 0;
  let bytes = 0;
  for (;;) {
    const b = r.read(4096, 0);
    if (b === 'end' || b === 'idle') break;
    rows += b.count;
    bytes += b.byteLength;
  }
  return { rows, bytes, ms: performance.now() - t0 };
}

run(); // warm-up
for (let i = 0; i < 3; i++) {
  const { rows, bytes, ms } = run();
  console.log(`${rows} bids in ${ms.toFixed(0)} ms: ${((rows / ms) * 1000 / 1e6).toFixed(2)} M bids/s, ${(bytes / rows).toFixed(0)} B/row`);
}
