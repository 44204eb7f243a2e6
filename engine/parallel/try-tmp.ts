import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../database.ts';
const db = Database.open({ dataDir: mkdtempSync(join(tmpdir(), 'par-')), log: (l) => console.log('LOG', l) });
const s = db.openSession({ user: 'x', database: 'strom', other: new Map() });
async function exec(sql: string) { const out = []; for (const st of s.parse(sql)) out.push(await s.execute(st, [], { signal: new AbortController().signal })); return out; }
await exec(`CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP(3), extra STRING) WITH ('connector'='nexmark','nexmark.table.type'='bid','events.num'='200000','rate'='0','base-time'='1700000000000')`);
const P = process.argv[2] ?? '2';
await exec(`SET 'parallelism.default' = '${P}'`);
const t0 = Date.now();
await exec(`CREATE MATERIALIZED VIEW v AS SELECT auction, count(*) AS c, max(price) AS m FROM bid GROUP BY auction`);
const job = [...db.jobs.values()][0]!;
await new Promise<void>((r) => { if (job.status !== 'RUNNING') r(); job.onEnd(() => r()); const t = setInterval(() => { if (job.status !== 'RUNNING') { clearInterval(t); r(); } }, 50); });
console.log('status', job.status, job.record.error, Date.now() - t0, 'ms');
const res: any = await exec(`SELECT count(*), sum(c), sum(m) FROM v`);
console.log(JSON.stringify(res, (k, v) => typeof v === 'bigint' ? String(v) : v).slice(0, 600));
await db.shutdown();
