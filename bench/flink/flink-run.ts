/**
 * Runs one benchmark query in Apache Flink SQL: installs PyFlink once (scripts/flink/install.sh,
 * into .cache/flink-venv), writes the query's Flink statements to a spec file, and runs
 * bench/flink/run_flink.py on it with a Java 17 JAVA_HOME. Method: bench/README.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchQuery } from '../queries.ts';
import { flinkFileDdl } from '../sources.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
/** A Java 17 JDK (Flink 1.20 supports Java 11 and 17; the Temurin 25 JDK on this machine is too new). */
const JAVA_17 = '/usr/lib/jvm/java-17-openjdk-amd64';

/** Installs PyFlink if needed and returns the venv's python. Throws with the installer's output on failure. */
export function installFlink(): string {
  const r = spawnSync(join(root, 'scripts', 'flink', 'install.sh'), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing apache-flink failed:\n${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!;
}

/** The JAVA_HOME Flink runs with: $JAVA_HOME if it is a Java 17, else the system's Java 17. */
function javaHome(): string | undefined {
  const cur = process.env['JAVA_HOME'];
  if (cur && existsSync(join(cur, 'release'))) {
    try {
      if (/JAVA_VERSION="17/.test(execFileSync('cat', [join(cur, 'release')], { encoding: 'utf8' }))) return cur;
    } catch {
      // fall through to the system JDK
    }
  }
  return existsSync(JAVA_17) ? JAVA_17 : cur;
}

/** Options of one Flink run. */
export interface FlinkRunOptions {
  readonly python: string;
  readonly dataDir: string;
  readonly emptyDir: string;
  readonly events: number;
  readonly parallelism: number;
}

/** The Flink SQL statements (sources, sink, setup) of `q`, with `{DATA}` for the data directory. */
export function flinkStatements(q: BenchQuery): { statements: string[]; insert: string } {
  const statements = [
    ...q.sources.flatMap((k) => flinkFileDdl(k, '{DATA}')),
    `CREATE TABLE sink (${q.sinkColumns}) WITH ('connector' = 'blackhole')`,
    ...(q.flink?.setup?.('{DATA}') ?? []),
  ];
  return { statements, insert: `INSERT INTO sink ${q.flink?.select ?? q.select}` };
}

/** Runs `q` in Flink; its figures (one JSON object) or `{ error }`. */
export function runFlinkQuery(q: BenchQuery, o: FlinkRunOptions): Record<string, unknown> {
  const tmp = mkdtempSync(join(tmpdir(), 'strom-flink-'));
  try {
    const spec = join(tmp, 'spec.json');
    writeFileSync(spec, JSON.stringify({ query: q.name, parallelism: o.parallelism, dataDir: o.dataDir, emptyDir: o.emptyDir, events: o.events, ...flinkStatements(q) }));
    const home = javaHome();
    const env = { ...process.env, ...(home ? { JAVA_HOME: home, PATH: `${home}/bin:${process.env['PATH']}` } : {}) };
    const r = spawnSync(o.python, [join(here, 'run_flink.py'), spec], { encoding: 'utf8', env, maxBuffer: 1 << 26, cwd: tmp });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !line.startsWith('{')) {
      const err = (r.stderr || r.stdout || 'no output').trim().split('\n');
      const cause = err.filter((l) => /Exception|Error/.test(l)).slice(-2).join(' | ') || err.slice(-1)[0];
      return { query: q.name, engine: 'flink', error: cause };
    }
    return JSON.parse(line) as Record<string, unknown>;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
