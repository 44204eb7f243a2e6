/**
 * Prints benchmark figures (the JSON lines of bench/query-run.ts and bench/flink/run_flink.py) as
 * aligned text tables.
 */

/** One query's figures, or `{ query, error }`, or `{ query, unsupported }` (a query Flink cannot run). */
export type Row = Record<string, unknown>;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (n: unknown) => (typeof n === 'number' ? (n / 1048576).toFixed(0) : '—');
const num = (r: Row, k: string) => (typeof r[k] === 'number' ? (r[k] as number) : NaN);

/** One line per row: query, minibatch, parallelism used, events, seconds, events/s, per core, cores, peak RSS, state, state keys, state bytes per key. */
export function printTable(rows: readonly Row[]): void {
  const head = ['query', 'minibatch', 'P used', 'events', 'seconds', 'events/s', 'events/s/core', 'cores', 'peak RSS MB', 'state MB', 'state keys', 'bytes/key'];
  const lines: string[][] = [head];
  for (const r of rows) {
    if (r['unsupported']) {
      lines.push([String(r['query']), '', `not supported: ${String(r['unsupported']).slice(0, 160)}`]);
      continue;
    }
    if (r['error']) {
      lines.push([String(r['query']), String(r['miniBatch'] ?? ''), `failed: ${String(r['error']).slice(0, 160)}`]);
      continue;
    }
    const eps = num(r, 'eventsPerSecond');
    const cores = num(r, 'cores');
    lines.push([
      String(r['query']),
      String(r['miniBatch'] ?? 'on'),
      String(r['parallelism']),
      fmt(num(r, 'events')),
      num(r, 'seconds').toFixed(2),
      fmt(eps),
      cores > 0 ? fmt(eps / cores) : '—',
      cores.toFixed(2),
      mb(r['peakRssBytes']),
      mb(r['stateBytes']),
      typeof r['stateKeys'] === 'number' ? fmt(r['stateKeys']) : '—',
      typeof r['stateBytesPerKey'] === 'number' ? fmt(r['stateBytesPerKey']) : '—',
    ]);
  }
  printAligned(lines);
}

/** Strom's and Flink's events/s per query and their ratio. */
export function printComparison(strom: readonly Row[], flink: readonly Row[]): void {
  const lines: string[][] = [['query', 'Strom events/s', 'Flink events/s', 'Strom ÷ Flink', 'per core: Strom ÷ Flink']];
  for (const s of strom) {
    const f = flink.find((r) => r['query'] === s['query']);
    const se = num(s, 'eventsPerSecond');
    const fe = f ? num(f, 'eventsPerSecond') : NaN;
    const sc = se / num(s, 'cores');
    const fc = f ? fe / num(f, 'cores') : NaN;
    lines.push([
      String(s['query']),
      Number.isFinite(se) ? fmt(se) : 'failed',
      Number.isFinite(fe) ? fmt(fe) : f?.['unsupported'] ? 'not supported' : 'failed',
      Number.isFinite(se / fe) ? `${(se / fe).toFixed(2)} ×` : '—',
      Number.isFinite(sc / fc) ? `${(sc / fc).toFixed(2)} ×` : '—',
    ]);
  }
  printAligned(lines);
}

function printAligned(lines: readonly string[][]): void {
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => (l.length > i + 1 ? (l[i] ?? '').length : 0))));
  for (const l of lines) {
    console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : i === l.length - 1 && l.length < lines[0]!.length ? c : c.padStart(widths[i]!))).join('  '));
  }
}
