/**
 * Writes the Nexmark events of a side-by-side run once, as JSON lines from Strom's generator
 * (connectors/nexmark/json-lines.ts): one file per kind (`bid.json`, `auction.json`,
 * `person.json`, Flink's camelCase fields, times as `yyyy-MM-dd HH:mm:ss.SSS`), q13's side table
 * (`side_input.csv`), and a directory of the same files empty (for Flink's empty job). Kept under
 * .cache/nexmark-events/<events>/ and reused when complete.
 */
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { nexmarkJsonLines } from '../../connectors/nexmark/json-lines.ts';
import type { SourceKind } from '../sources.ts';
import { eventFile } from '../sources.ts';

/** Event time of event 0 of the benchmark files (fixed, so the files are the same on every run). */
const BASE_TIME_MS = Date.UTC(2024, 0, 1);
const KINDS: readonly SourceKind[] = ['bid', 'auction', 'person'];
/** Rows of q13's side table (bench/queries.ts). */
const SIDE_ROWS = 10_000;

/** The data and empty directories of `events` events under `cacheDir`, written if missing. */
export function writeEvents(cacheDir: string, events: number): { dataDir: string; emptyDir: string } {
  const dataDir = join(cacheDir, 'nexmark-events', String(events));
  const emptyDir = join(cacheDir, 'nexmark-events', 'empty');
  mkdirSync(emptyDir, { recursive: true });
  for (const k of KINDS) writeFileSync(eventFile(emptyDir, k), '');
  writeFileSync(join(emptyDir, 'side_input.csv'), sideInput());
  const done = join(dataDir, '.complete');
  if (existsSync(done)) return { dataDir, emptyDir };
  mkdirSync(dataDir, { recursive: true });
  for (const k of KINDS) {
    const fd = openSync(eventFile(dataDir, k), 'w');
    let chunk: string[] = [];
    for (const line of nexmarkJsonLines(k, { eventsNum: events, baseTimeMs: BASE_TIME_MS })) {
      chunk.push(line);
      if (chunk.length === 8192) {
        writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk.join('\n') + '\n');
    closeSync(fd);
  }
  writeFileSync(join(dataDir, 'side_input.csv'), sideInput());
  writeFileSync(done, '');
  return { dataDir, emptyDir };
}

function sideInput(): string {
  return Array.from({ length: SIDE_ROWS }, (_, i) => `${i},${i}\n`).join('');
}
