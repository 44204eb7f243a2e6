/**
 * A tiny fake Engine for the server's own tests only (the real engine lives in engine/). It
 * understands a handful of fixed statements by pattern, enough to drive every protocol path:
 *
 *  - `wide <n>`: n lazily made rows of ~1 KB
 *  - `select <int>` / `select $1[::type]`      one row                - `generate <n>`, `select * from generate(n)`: n rows (i int4, s text)
 *  - `endless`, `subscribe`, `slow`            never-ending cursors (slow: a row per hour)    - `fail`: 42703 with a position
 *  - `types`                                   one row of many types    - `notice`: a NOTICE, then `DO`
 *  - `begin`/`commit`/`rollback`, `set k = v`, `show k`, `sleep <ms>`
 *  - `copy out text|csv|binary`, `copy endless`, `copy in`
 *  - `declare c cursor for <q>`, `fetch forward <n> from c`, `close c` (psql's FETCH_COUNT)
 *  - anything containing `syntax` fails to parse (42601)
 */
import { Decimal } from 'decimal.js';
import { SqlError, SqlState } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import { T, arrayOf } from '../../common/types.ts';
import type {
  CopyFormat,
  CopyInSink,
  Engine,
  Notice,
  ResultColumn,
  RowCursor,
  Session,
  StartupParams,
  StatementDescription,
  StatementResult,
  Value,
} from '../../engine/api.ts';
import type { ParsedStatement, Statement } from '../../parser/ast.ts';

/** A column of the fake's results. */
export function col(name: string, type: SqlType): ResultColumn {
  return { name, type, tableOid: 0, attnum: 0 };
}

/** A cursor over a fixed list of rows (or an endless generator); records whether it was closed. */
export class FakeCursor implements RowCursor {
  closed = false;
  /** Rows handed out so far. */
  pulled = 0;
  private pos = 0;
  private counter = 0;

  constructor(
    readonly columns: readonly ResultColumn[],
    private readonly rows: Value[][] | 'endless' | { readonly count: number; row(i: number): Value[] },
    private readonly tagWord = 'SELECT',
    /** For endless cursors: ms between rows. */
    private readonly intervalMs = 5,
  ) {}

  async next(max: number, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<{ rows: Value[][]; done: boolean }> {
    if (this.closed) throw new SqlError(SqlState.invalidCursorName, 'cursor is closed');
    if (Array.isArray(this.rows)) {
      const out = this.rows.slice(this.pos, this.pos + Math.min(max, this.rows.length));
      this.pos += out.length;
      this.pulled += out.length;
      return { rows: out, done: this.pos >= this.rows.length };
    }
    if (this.rows !== 'endless') {
      const lazy = this.rows;
      const out: Value[][] = [];
      while (out.length < max && this.pos < lazy.count) out.push(lazy.row(this.pos++));
      this.pulled += out.length;
      return { rows: out, done: this.pos >= lazy.count };
    }
    const signal = opts?.signal;
    const wait = Math.min(this.intervalMs, opts?.timeoutMs ?? Infinity);
    if (wait > 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(done, wait);
        function done(): void {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
        function onAbort(): void {
          clearTimeout(timer);
          reject(new SqlError(SqlState.queryCanceled, 'canceling statement due to user request'));
        }
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    if (wait < this.intervalMs) return { rows: [], done: false };
    const n = Math.min(max, 3);
    const rows: Value[][] = [];
    for (let i = 0; i < n; i++) rows.push([++this.counter]);
    this.pulled += n;
    return { rows, done: false };
  }

  close(): void {
    this.closed = true;
  }

  tag(rowCount: number): string {
    return `${this.tagWord} ${rowCount}`;
  }
}

/** What the fake records, for assertions. */
export interface FakeStats {
  readonly cursors: FakeCursor[];
  readonly sessions: FakeSession[];
  readonly copiedIn: string[];
  /** Text of every executed statement, in order. */
  readonly statements: string[];
}

const TEXT_COPY: CopyFormat = { format: 'text', delimiter: '\t', null: '\\N', header: false, quote: '"', escape: '"' };
const CSV_COPY: CopyFormat = { format: 'csv', delimiter: ',', null: '', header: true, quote: '"', escape: '"' };
const BINARY_COPY: CopyFormat = { ...TEXT_COPY, format: 'binary' };

/** The row of `types`: one value per interesting type. */
export const TYPE_COLUMNS: readonly ResultColumn[] = [
  col('b', T.bool),
  col('i2', T.int2),
  col('i4', T.int4),
  col('i8', T.int8),
  col('f8', T.float8),
  col('n', T.numeric),
  col('t', T.text),
  col('by', T.bytea),
  col('d', T.date),
  col('ts', T.timestamp),
  col('u', T.uuid),
  col('arr', arrayOf(T.int4)),
  col('nul', T.text),
];
export const TYPE_ROW: Value[] = [
  true,
  -7,
  123456,
  9007199254740993n,
  1.5,
  new Decimal('-12345.678'),
  'héllo',
  new Uint8Array([1, 2, 255]),
  19723, // 2024-01-01
  1704067200123456, // 2024-01-01 00:00:00.123456
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  [1, null, 3],
  null,
];

function generate(n: number): Value[][] {
  return Array.from({ length: n }, (_, i) => [i + 1, `row ${i + 1}`]);
}
const GENERATE = /^(?:select \* from )?generate[ (](\d+)\)?$/;
const GEN_COLUMNS = [col('i', T.int4), col('s', T.text)];

/** One fake session. */
export class FakeSession implements Session {
  readonly pid: number;
  closed = false;
  private status: 'I' | 'T' | 'E' = 'I';
  private readonly settings = new Map<string, string>([
    ['server_version', '15.0 (Strom 0.1.0)'],
    ['server_encoding', 'UTF8'],
    ['client_encoding', 'UTF8'],
    ['DateStyle', 'ISO, MDY'],
    ['integer_datetimes', 'on'],
    ['standard_conforming_strings', 'on'],
    ['TimeZone', 'UTC'],
    ['application_name', ''],
    ['is_superuser', 'on'],
    ['session_authorization', 'strom'],
  ]);
  private changed = new Set<string>(this.settings.keys());
  private notices: Notice[] = [];
  private readonly sqlCursors = new Map<string, FakeCursor>();

  constructor(
    private readonly stats: FakeStats,
    params: StartupParams,
    pid: number,
  ) {
    this.pid = pid;
    if (params.applicationName) this.settings.set('application_name', params.applicationName);
  }

  parse(sql: string): ParsedStatement[] {
    const out: ParsedStatement[] = [];
    let offset = 0;
    for (const part of sql.split(';')) {
      const lead = part.length - part.trimStart().length;
      const text = part.trim();
      const syntax = text.toLowerCase().indexOf('syntax');
      if (syntax >= 0) {
        throw new SqlError(SqlState.syntaxError, 'syntax error at or near "syntax"', { position: offset + lead + syntax + 1 });
      }
      if (text !== '') out.push({ statement: { kind: 'Fake', text } as unknown as Statement, text, offset: offset + lead });
      offset += part.length + 1;
    }
    return out;
  }

  private paramTypes(text: string, declared: readonly (SqlType | undefined)[]): SqlType[] {
    const types: SqlType[] = [];
    for (const m of text.matchAll(/\$(\d+)(?:::(\w+))?/g)) {
      const i = Number(m[1]) - 1;
      const cast = m[2] as keyof typeof T | undefined;
      types[i] = declared[i] ?? (cast && cast in T ? T[cast] : T.text);
    }
    return Array.from({ length: types.length }, (_, i) => types[i] ?? T.text);
  }

  describe(stmt: ParsedStatement, declared: readonly (SqlType | undefined)[]): StatementDescription {
    const text = stmt.text.toLowerCase();
    const params = this.paramTypes(stmt.text, declared);
    if (text === 'fail') throw new SqlError(SqlState.undefinedColumn, 'column "nope" does not exist', { position: 1 });
    if (text.startsWith('select $')) return { params, columns: params.map((t, i) => col(`p${i + 1}`, t)) };
    if (/^select -?\d+$/.test(text)) return { params, columns: [col('?column?', T.int4)] };
    if (GENERATE.test(text) || /^wide \d+$/.test(text)) return { params, columns: GEN_COLUMNS };
    if (text === 'endless' || text === 'subscribe' || text === 'slow') return { params, columns: [col('n', T.int8)] };
    if (text === 'types') return { params, columns: TYPE_COLUMNS };
    if (text.startsWith('show ')) return { params, columns: [col(text.slice(5), T.text)] };
    return { params, columns: undefined };
  }

  async execute(stmt: ParsedStatement, params: readonly Value[], opts: { signal: AbortSignal }): Promise<StatementResult> {
    const text = stmt.text.toLowerCase();
    this.stats.statements.push(stmt.text);
    if (this.status === 'E' && text !== 'rollback' && text !== 'commit') {
      throw new SqlError(SqlState.inFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
    }
    const desc = this.describe(stmt, []);
    const rows = (r: ConstructorParameters<typeof FakeCursor>[1], tagWord?: string): StatementResult => {
      const c = new FakeCursor(desc.columns ?? [], r, tagWord);
      this.stats.cursors.push(c);
      return { kind: 'rows', cursor: c };
    };
    let m: RegExpMatchArray | null;
    if (text.startsWith('select $')) return rows([params as Value[]]);
    if ((m = /^select (-?\d+)$/.exec(text))) return rows([[Number(m[1])]]);
    if ((m = GENERATE.exec(text))) return rows(generate(Number(m[1])));
    if ((m = /^wide (\d+)$/.exec(text))) {
      const pad = 'x'.repeat(1000);
      return rows({ count: Number(m[1]), row: (i) => [i + 1, pad] });
    }
    if (text === 'endless' || text === 'subscribe') return rows('endless');
    if (text === 'slow') {
      const c = new FakeCursor(desc.columns!, 'endless', 'SELECT', 3_600_000);
      this.stats.cursors.push(c);
      return { kind: 'rows', cursor: c };
    }
    if (text === 'types') return rows([TYPE_ROW]);
    if (text === 'fail') throw new SqlError(SqlState.undefinedColumn, 'column "nope" does not exist', { position: 1 });
    if (text === 'begin') return this.tx('T', 'BEGIN');
    if (text === 'commit' || text === 'end') return this.tx('I', this.status === 'E' ? 'ROLLBACK' : 'COMMIT');
    if (text === 'rollback') return this.tx('I', 'ROLLBACK');
    if ((m = /^set (\w+)\s*(?:=|to)\s*'?([^']*)'?$/i.exec(stmt.text))) {
      const key = [...this.settings.keys()].find((k) => k.toLowerCase() === m![1]!.toLowerCase()) ?? m[1]!;
      this.settings.set(key, m[2]!);
      this.changed.add(key);
      return { kind: 'command', tag: 'SET' };
    }
    if ((m = /^show (\w+)$/.exec(text))) return rows([[this.setting(m[1]!) ?? '']], 'SHOW');
    if (text === 'notice') {
      this.notices.push({ severity: 'NOTICE', code: '00000', message: 'hello from the fake' });
      return { kind: 'command', tag: 'DO' };
    }
    if ((m = /^sleep (\d+)$/.exec(text))) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, Number(m![1]));
        opts.signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new SqlError(SqlState.queryCanceled, 'canceling statement'));
        });
      });
      return { kind: 'command', tag: 'SLEEP' };
    }
    if ((m = /^copy out (text|csv|binary)$/.exec(text))) {
      const c = new FakeCursor(GEN_COLUMNS, [...generate(2), [3, null], [4, 'tab\there, "q"']]);
      this.stats.cursors.push(c);
      const format = m[1] === 'csv' ? CSV_COPY : m[1] === 'binary' ? BINARY_COPY : TEXT_COPY;
      return { kind: 'copyOut', cursor: c, format };
    }
    if (text === 'copy endless') {
      const c = new FakeCursor([col('n', T.int8)], 'endless');
      this.stats.cursors.push(c);
      return { kind: 'copyOut', cursor: c, format: TEXT_COPY };
    }
    if (text === 'copy in') return { kind: 'copyIn', columns: GEN_COLUMNS, format: TEXT_COPY, sink: this.copySink() };
    if ((m = /^declare (\w+) (?:no scroll )?cursor for\s+(.*)$/is.exec(stmt.text))) {
      const inner = await this.execute({ ...stmt, text: m[2]! }, params, opts);
      if (inner.kind !== 'rows') throw new SqlError(SqlState.syntaxError, 'DECLARE needs a query');
      this.sqlCursors.set(m[1]!.toLowerCase(), inner.cursor as FakeCursor);
      return { kind: 'command', tag: 'DECLARE CURSOR' };
    }
    if ((m = /^fetch forward (\d+) from (\w+)$/.exec(text))) {
      const c = this.sqlCursors.get(m[2]!);
      if (!c) throw new SqlError(SqlState.invalidCursorName, `cursor "${m[2]}" does not exist`);
      const r = await c.next(Number(m[1]), { signal: opts.signal });
      const fc = new FakeCursor(c.columns, r.rows, 'FETCH');
      return { kind: 'rows', cursor: fc };
    }
    if ((m = /^close (\w+)$/.exec(text))) {
      this.sqlCursors.get(m[1]!)?.close();
      this.sqlCursors.delete(m[1]!);
      return { kind: 'command', tag: 'CLOSE CURSOR' };
    }
    return { kind: 'command', tag: text.split(/\s+/)[0]!.toUpperCase() };
  }

  private tx(status: 'I' | 'T', tag: string): StatementResult {
    this.status = status;
    if (status === 'I') {
      for (const c of this.sqlCursors.values()) c.close();
      this.sqlCursors.clear();
    }
    return { kind: 'command', tag };
  }

  private copySink(): CopyInSink {
    const chunks: Buffer[] = [];
    const stats = this.stats;
    return {
      write(chunk: Uint8Array): void {
        if (Buffer.from(chunk).toString().includes('bad')) throw new SqlError('22P02', 'invalid input syntax for type integer: "bad"');
        chunks.push(Buffer.from(chunk));
      },
      async end(): Promise<number> {
        const text = Buffer.concat(chunks).toString();
        stats.copiedIn.push(text);
        return text.split('\n').filter((l) => l !== '' && l !== '\\.').length;
      },
      abort(): void {
        chunks.length = 0;
      },
    };
  }

  transactionStatus(): 'I' | 'T' | 'E' {
    return this.status;
  }

  markFailed(): void {
    if (this.status === 'T') this.status = 'E';
  }

  takeParameterStatus(): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const k of this.changed) out.set(k, this.settings.get(k)!);
    this.changed.clear();
    return out;
  }

  takeNotices(): Notice[] {
    const n = this.notices;
    this.notices = [];
    return n;
  }

  setting(name: string): string | undefined {
    const key = [...this.settings.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : this.settings.get(key);
  }

  close(): void {
    this.closed = true;
    for (const c of this.sqlCursors.values()) c.close();
  }
}

/** The fake engine: sessions only for database `strom`. */
export class FakeEngine implements Engine {
  readonly stats: FakeStats = { cursors: [], sessions: [], copiedIn: [], statements: [] };
  private nextPid = 1000;

  openSession(params: StartupParams): Session {
    if (params.database !== 'strom') throw new SqlError(SqlState.invalidCatalogName, `database "${params.database}" does not exist`);
    const s = new FakeSession(this.stats, params, this.nextPid++);
    this.stats.sessions.push(s);
    return s;
  }

  async shutdown(): Promise<void> {}
}
