/**
 * SQL logic test runner: runs the records of a .slt file (format in ./parse.ts) over one
 * node-postgres connection and reports every record whose outcome differs from the file.
 *
 * Results compare as the text PostgreSQL's wire protocol carries: every type parser is replaced by
 * the identity, so what is compared is Strom's own text output. A row is its values, each with
 * whitespace runs collapsed, NULL as `NULL` and the empty string as `(empty)`, joined by one space;
 * an expected line is compared after collapsing its whitespace the same way (sqllogictest-rs's
 * default validator). `rowsort` sorts actual and expected rows, `valuesort` every value.
 *
 * With `rewrite` (env STROM_SLT_REWRITE=1 in slt.test.ts) the expected rows of every query that
 * returned rows different from the file are replaced by the actual ones, in place; a human reads the
 * diff before committing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type pg from 'pg';
import { parseSlt } from './parse.ts';
import type { ExpectedOutcome, ResultFilter, SltRecord } from './parse.ts';

/** Opens a fresh connection (the runner reconnects after a statement timed out). */
export type Connect = () => Promise<pg.Client>;

export interface RunOptions {
  readonly connect: Connect;
  /** Replace the expected rows of mismatching queries in the file. */
  readonly rewrite?: boolean;
  /** Longest time one statement may take before it counts as hung (ms). */
  readonly statementTimeoutMs?: number;
  /** Display name of the file in reports (default: the path). */
  readonly name?: string;
}

/** A record whose outcome differs from the file. */
export interface SltFailure {
  readonly location: string;
  readonly sql: string;
  readonly message: string;
}

export interface SltReport {
  readonly records: number;
  readonly failures: SltFailure[];
  readonly rewritten: boolean;
}

/** The outcome of running SQL: the last result's rows as text, or an error. */
type Outcome =
  | { ok: true; names: string[]; rows: (string | null)[][] }
  | { ok: false; code: string | undefined; message: string; timedOut?: boolean };

const identity = (v: string) => v;
const TEXT_TYPES = { getTypeParser: () => identity } as unknown as pg.CustomTypesConfig;

/** The connection a runner uses, replaced when a statement hangs. */
class Session {
  private client: pg.Client | undefined;
  constructor(
    private readonly connect: Connect,
    private readonly timeoutMs: number,
  ) {}

  async run(sql: string): Promise<Outcome> {
    this.client ??= await this.connect();
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, code: undefined, message: `no answer within ${this.timeoutMs} ms`, timedOut: true }), this.timeoutMs);
    });
    const exec = (async (): Promise<Outcome> => {
      try {
        const r = (await client.query({ text: sql, rowMode: 'array', types: TEXT_TYPES })) as pg.QueryResult | pg.QueryResult[];
        const results = Array.isArray(r) ? r : [r];
        const last = [...results].reverse().find((x) => x.fields && x.fields.length > 0) ?? results[results.length - 1]!;
        return { ok: true, names: (last.fields ?? []).map((f) => f.name), rows: (last.rows ?? []) as (string | null)[][] };
      } catch (e) {
        const err = e as { code?: string; message?: string; detail?: string; hint?: string };
        let message = String(err.message ?? e);
        if (err.detail) message += `\nDETAIL: ${err.detail}`;
        if (err.hint) message += `\nHINT: ${err.hint}`;
        return { ok: false, code: err.code, message };
      }
    })();
    const out = await Promise.race([exec, timeout]);
    clearTimeout(timer);
    if (!out.ok && out.timedOut) {
      // The connection is stuck in that statement: drop it, later records get a new one.
      this.client = undefined;
      const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
      stream?.destroy();
      client.end().catch(() => {});
    }
    return out;
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }
}

/** A value as a result line shows it. */
export function showValue(v: string | null): string {
  if (v === null) return 'NULL';
  if (v === '') return '(empty)';
  return v.trim().split(/\s+/).join(' ') || '(empty)';
}

function normalizeLine(l: string): string {
  return l.trim().split(/\s+/).join(' ');
}

const TYPE_CHECKS: Record<string, { re: RegExp; what: string }> = {
  I: { re: /^[+-]?\d+$/, what: 'an integer' },
  R: { re: /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|NaN|-?Infinity)$/, what: 'a number' },
  B: { re: /^[tf]$/, what: 'a boolean (t or f)' },
  T: { re: /[\s\S]*/, what: 'text' },
};

/** Checks the result's shape against the type letters; returns a complaint or undefined. */
function checkTypes(types: string, columns: number, rows: (string | null)[][]): string | undefined {
  if (columns !== types.length) return `the query returned ${columns} column(s), the record declares ${types.length} (${types})`;
  for (const row of rows) {
    for (let c = 0; c < types.length; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      const check = TYPE_CHECKS[types[c]!]!;
      if (!check.re.test(v)) return `column ${c + 1} is declared ${types[c]} but holds ${JSON.stringify(v)}, not ${check.what}`;
    }
  }
  return undefined;
}

/** The result lines, in the order the record's sort mode compares them. */
function resultLines(sort: 'nosort' | 'rowsort' | 'valuesort', rows: (string | null)[][]): string[] {
  if (sort === 'valuesort') return rows.flat().map(showValue).sort();
  const lines = rows.map((r) => r.map(showValue).join(' '));
  return sort === 'rowsort' ? lines.sort() : lines;
}

function expectedLines(sort: 'nosort' | 'rowsort' | 'valuesort', expected: readonly string[]): string[] {
  if (sort === 'valuesort') return expected.flatMap((l) => normalizeLine(l).split(' ')).filter((v) => v !== '').sort();
  const lines = expected.map(normalizeLine);
  return sort === 'rowsort' ? lines.sort() : lines;
}

function describeError(o: { code: string | undefined; message: string }): string {
  return `ERROR ${o.code ?? '(no SQLSTATE)'}: ${o.message}`;
}

function checkError(expect: ExpectedOutcome, out: Outcome): string | undefined {
  if (expect.ok) return out.ok ? undefined : `expected success, got ${describeError(out)}`;
  if (out.ok) return `expected an error${expect.raw ? ` matching "${expect.raw}"` : ''}, but the statement succeeded`;
  if (out.timedOut) return `expected an error${expect.raw ? ` matching "${expect.raw}"` : ''}, got ${out.message}`;
  if (expect.sqlstate && out.code !== expect.sqlstate) return `expected SQLSTATE ${expect.sqlstate}${expect.pattern ? ` /${expect.pattern.source}/` : ''}, got ${describeError(out)}`;
  if (expect.pattern && !expect.pattern.test(out.message)) return `expected an error message matching /${expect.pattern.source}/, got ${describeError(out)}`;
  return undefined;
}

type QueryRecord = Extract<SltRecord, { kind: 'query' }>;

/** Applies a record's result filters (`where=`, `columns=`); throws on an unknown column name. */
function applyFilter(names: string[], rows: (string | null)[][], f: ResultFilter): { names: string[]; rows: (string | null)[][] } {
  const col = (n: string) => {
    const i = names.indexOf(n);
    if (i < 0) throw new Error(`the result has no column "${n}" (columns: ${names.join(', ')})`);
    return i;
  };
  let out = rows;
  if (f.where) {
    const i = col(f.where.column);
    const re = f.where.pattern;
    out = out.filter((r) => r[i] !== null && re.test(r[i]!));
  }
  if (f.columns) {
    const idx = f.columns.map(col);
    return { names: f.columns.slice(), rows: out.map((r) => idx.map((i) => r[i]!)) };
  }
  return { names, rows: out };
}

/** Compares a query's outcome with its record; returns a complaint or undefined, and the actual lines. */
function checkQuery(rec: QueryRecord, out: Outcome): { complaint?: string; actual?: string[] } {
  if (!out.ok) return { complaint: `expected rows, got ${describeError(out)}` };
  let filtered;
  try {
    filtered = applyFilter(out.names, out.rows, rec.filter);
  } catch (e) {
    return { complaint: (e as Error).message };
  }
  const actual = resultLines(rec.sort, filtered.rows);
  const typeProblem = checkTypes(rec.types, filtered.names.length, filtered.rows);
  const expected = expectedLines(rec.sort, rec.expected);
  if (actual.length === expected.length && actual.every((l, i) => l === expected[i])) {
    return typeProblem ? { complaint: typeProblem, actual } : { actual };
  }
  const show = (ls: string[]) => (ls.length === 0 ? '    (no rows)' : ls.map((l) => `    ${l}`).join('\n'));
  return {
    complaint: `${typeProblem ? `${typeProblem}\n` : ''}result differs (${rec.sort}):\n  expected:\n${show(expected)}\n  actual:\n${show(actual)}`,
    actual,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one .slt file; never throws for a failing record (they are in the report). */
export async function runSltFile(path: string, opts: RunOptions): Promise<SltReport> {
  const text = readFileSync(path, 'utf8');
  const records = parseSlt(text);
  const name = opts.name ?? path;
  const session = new Session(opts.connect, opts.statementTimeoutMs ?? 15_000);
  const failures: SltFailure[] = [];
  /** Replacements of expected lines for rewrite mode: [start line index, end (exclusive), new lines]. */
  const edits: [number, number, string[]][] = [];
  let ran = 0;
  const vars = new Map<string, string>();
  const substitute = (sql: string) =>
    sql.replace(/\$\{(\w+)\}/g, (m, v: string) => {
      const value = vars.get(v);
      if (value === undefined) throw new Error(`variable \${${v}} is not bound (a "let ${v}" record failed or is missing)`);
      return value;
    });
  try {
    for (const original of records) {
      if (original.kind === 'halt') break;
      ran++;
      if (original.kind === 'sleep') {
        await sleep(original.ms);
        continue;
      }
      const fail = (message: string) => failures.push({ location: `${name}:${original.line}`, sql: original.sql, message });
      let rec: Exclude<SltRecord, { kind: 'halt' | 'sleep' }>;
      try {
        rec = { ...original, sql: substitute(original.sql) };
      } catch (e) {
        fail((e as Error).message);
        continue;
      }
      if (rec.kind === 'let') {
        const out = await session.run(rec.sql);
        if (!out.ok) {
          fail(`expected rows, got ${describeError(out)}`);
          continue;
        }
        try {
          const f = applyFilter(out.names, out.rows, { ...rec.filter, columns: [rec.column] });
          if (f.rows.length !== 1) throw new Error(`let ${rec.variable}: expected exactly one row, got ${f.rows.length}`);
          const v = f.rows[0]![0];
          if (v === null || v === undefined) throw new Error(`let ${rec.variable}: the value is NULL`);
          vars.set(rec.variable, v);
        } catch (e) {
          fail((e as Error).message);
        }
        continue;
      }
      if (rec.kind === 'statement' || rec.kind === 'query-error') {
        const complaint = checkError(rec.expect, await session.run(rec.sql));
        if (complaint) fail(complaint);
        continue;
      }
      const deadline = Date.now() + rec.pollMs;
      let result: { complaint?: string; actual?: string[] };
      for (;;) {
        result = checkQuery(rec, await session.run(rec.sql));
        if (!result.complaint || Date.now() >= deadline) break;
        await sleep(Math.min(100, Math.max(10, deadline - Date.now())));
      }
      if (result.complaint) {
        fail(rec.pollMs > 0 ? `${result.complaint}\n  (polled for ${rec.pollMs} ms)` : result.complaint);
        if (opts.rewrite && result.actual) {
          const start = rec.separatorIndex >= 0 ? rec.separatorIndex + 1 : rec.endLine;
          const end = rec.separatorIndex >= 0 ? rec.separatorIndex + 1 + rec.expected.length : rec.endLine;
          edits.push([start, end, rec.separatorIndex >= 0 ? result.actual : ['----', ...result.actual]]);
        }
      }
    }
  } finally {
    await session.close();
  }
  if (opts.rewrite && edits.length > 0) {
    const lines = text.split('\n');
    for (const [start, end, repl] of edits.reverse()) lines.splice(start, end - start, ...repl);
    writeFileSync(path, lines.join('\n'));
  }
  return { records: ran, failures, rewritten: opts.rewrite === true && edits.length > 0 };
}

/** The failures of a report as one readable text: file:line, the SQL, what differed. */
export function formatFailures(failures: readonly SltFailure[]): string {
  return failures
    .map((f) => `${f.location}\n${f.sql.split('\n').map((l) => `  | ${l}`).join('\n')}\n  ${f.message.replace(/\n/g, '\n  ')}`)
    .join('\n\n');
}
