/**
 * The `filesystem` connector (Flink's, json format only): a bounded source over a file, or over the
 * files of a directory (sorted by name; names starting with `.` or `_` skipped), of JSON objects one
 * per line keyed by column name; and an append-only sink writing JSON lines. Split k of s parses the
 * lines whose number ≡ k (mod s). A malformed line (bad JSON, not an object, a value that does not
 * fit its column) is skipped and counted with `json.ignore-parse-errors` = true, else the reader
 * throws SqlError 22P02 naming the file and line number. Files are read in 1 MiB chunks and lines
 * parsed from bytes by json-line-parser.ts, with JSON.parse for the lines it cannot handle.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SqlError, SqlState } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import type { TableInfo } from '../catalog/catalog.ts';
import { ROW_KIND_NAMES, RowBatchBuilder, RowKind } from '../executor/row/binary-row.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';
import type { Connector, SinkWriter, SourceReader } from './connector.ts';
import { physicalColumns } from './connector.ts';
import { optBool, optEnum } from './options.ts';
import { jsonOfValue, valueOfJson } from './json-values.ts';
import { JsonLineParser } from './json-line-parser.ts';

const CHUNK = 1 << 20;
const decoder = new TextDecoder();

function sourceFiles(path: string): string[] {
  if (!existsSync(path)) throw new SqlError(SqlState.undefinedFile, `could not open file "${path}": no such file or directory`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => !f.startsWith('.') && !f.startsWith('_'))
    .sort()
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile());
}

/**
 * Reads JSON lines into batches of the table's physical columns, or of `columns` only (projection
 * pushdown, as Flink's json format: the other keys are skipped, their values not converted).
 */
export class JsonLinesReader implements SourceReader {
  readonly types: readonly SqlType[];
  readonly projected: boolean;
  /** Lines skipped as malformed (with json.ignore-parse-errors). */
  skipped = 0;
  private readonly names: readonly string[];
  private readonly files: string[];
  private readonly builder: RowBatchBuilder;
  private readonly parser: JsonLineParser;
  /** Whether lines go through the fast parser first (off only for tests comparing the two paths). */
  private readonly fast: boolean;
  private fd = -1;
  private file = '';
  private lineNo = 0;
  private buf = new Uint8Array(CHUNK);
  /** buf's valid bytes (a view of 0..end); the unread part starts at pos. */
  private data = new Uint8Array(0);
  /**
   * The same bytes as `data`, as a Buffer, only to find newlines: Buffer#indexOf (node's memchr
   * binding) takes about 17 ns per 200-byte line, Uint8Array#indexOf (V8's generic typed-array
   * builtin) about 83 ns. The parser keeps reading `data`, so its element accesses see one kind of array.
   */
  private dataBuf = Buffer.alloc(0);
  private pos = 0;
  private eof = false;
  private lineStart = 0;
  private lineEnd = 0;

  constructor(
    table: TableInfo,
    private readonly split: number,
    private readonly splits: number,
    private readonly ignoreErrors: boolean,
    fastPath = true,
    columns?: readonly number[],
  ) {
    const all = physicalColumns(table);
    // A column asked for twice is read unprojected (the parser matches each key to one field).
    if (columns && new Set(columns).size !== columns.length) columns = undefined;
    const cols = columns ? columns.map((i) => all[i] ?? badColumn(i, all.length)) : all;
    this.projected = columns !== undefined;
    this.types = cols.map((c) => c.type);
    this.names = cols.map((c) => c.name);
    this.files = sourceFiles(table.options['path']!);
    this.builder = new RowBatchBuilder(this.types);
    const parser = new JsonLineParser(this.names, this.types);
    this.parser = parser;
    this.fast = fastPath && parser.usable;
  }

  /** Finds the next line (bytes lineStart..lineEnd of data, newline excluded); false at the end of all files. */
  private nextLine(): boolean {
    for (;;) {
      if (this.fd < 0) {
        const f = this.files.shift();
        if (f === undefined) return false;
        this.fd = openSync(f, 'r');
        this.file = f;
        this.lineNo = 0;
        this.data = this.buf.subarray(0, 0);
        this.dataBuf = Buffer.alloc(0);
        this.pos = 0;
        this.eof = false;
      }
      const data = this.data;
      const nl = this.dataBuf.indexOf(10, this.pos);
      if (nl >= 0) {
        this.lineStart = this.pos;
        this.lineEnd = nl;
        this.pos = nl + 1;
        this.lineNo++;
        return true;
      }
      if (this.eof) {
        closeSync(this.fd);
        this.fd = -1;
        if (this.pos < data.length) {
          this.lineNo++;
          this.lineStart = this.pos;
          this.lineEnd = data.length;
          this.pos = data.length;
          return true;
        }
        continue;
      }
      // Move the partial line to the front (growing the buffer for long lines) and read more.
      const rest = data.length - this.pos;
      if (rest + CHUNK > this.buf.length) {
        const nb = new Uint8Array(Math.max(this.buf.length * 2, rest + CHUNK));
        nb.set(data.subarray(this.pos));
        this.buf = nb;
      } else if (rest > 0) {
        this.buf.copyWithin(0, this.pos, data.length);
      }
      const n = readSync(this.fd, this.buf, rest, CHUNK, null);
      if (n === 0) this.eof = true;
      this.data = this.buf.subarray(0, rest + n);
      this.dataBuf = Buffer.from(this.buf.buffer, this.buf.byteOffset, rest + n);
      this.pos = 0;
    }
  }

  /** Adds the current line: the fast parser when it can, else JSON.parse. */
  private addCurrent(): void {
    const b = this.data;
    if (this.fast) {
      const out = this.builder;
      out.beginRow(RowKind.INSERT);
      let r: boolean | 'empty';
      try {
        r = this.parser.parse(b, this.lineStart, this.lineEnd, out);
      } catch {
        r = false;
      }
      if (r === true) return out.endRow();
      out.abortRow();
      if (r === 'empty') return;
    }
    const text = decoder.decode(b.subarray(this.lineStart, this.lineEnd)).trim();
    if (text !== '') this.addLine(text);
  }

  private addLine(text: string): void {
    let values: unknown[];
    try {
      const o: unknown = JSON.parse(text);
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('not a JSON object');
      const obj = o as Record<string, unknown>;
      values = this.names.map((n, i) => valueOfJson(this.types[i]!, n in obj ? obj[n] : caseInsensitive(obj, n)));
    } catch (e) {
      if (this.ignoreErrors) {
        this.skipped++;
        return;
      }
      throw new SqlError(SqlState.invalidTextRepresentation, `malformed JSON line ${this.lineNo} of file "${this.file}"`, { detail: (e as Error).message });
    }
    this.builder.addRow(RowKind.INSERT, values);
  }

  read(max: number): RowBatch | 'idle' | 'end' {
    while (this.builder.rowCount < max) {
      if (!this.nextLine()) break;
      if ((this.lineNo - 1) % this.splits !== this.split) continue;
      this.addCurrent();
    }
    return this.builder.rowCount > 0 ? this.builder.finish() : 'end';
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.files.length = 0;
  }
}

function badColumn(i: number, n: number): never {
  throw new RangeError(`column ${i} out of range for ${n} physical columns`);
}

function caseInsensitive(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** Appends rows as JSON lines; inserts only (anything else → SqlError 0A000). */
export class JsonLinesWriter implements SinkWriter {
  private lines: string[] = [];
  private readonly file: string;
  private readonly names: readonly string[];
  private readonly types: readonly SqlType[];

  constructor(table: TableInfo) {
    const path = table.options['path']!;
    this.file = path.endsWith('/') || (existsSync(path) && statSync(path).isDirectory()) ? join(path, 'part-0.json') : path;
    const cols = physicalColumns(table);
    this.names = cols.map((c) => JSON.stringify(c.name));
    this.types = cols.map((c) => c.type);
  }

  write(batch: RowBatch): void {
    for (let r = 0; r < batch.count; r++) {
      const k = batch.kind(r);
      if (k !== RowKind.INSERT) throw new SqlError(SqlState.featureNotSupported, `filesystem sink accepts inserts only, got a ${ROW_KIND_NAMES[k]} row`);
      const parts = this.names.map((n, f) => `${n}:${jsonOfValue(this.types[f]!, batch.getValue(r, f))}`);
      this.lines.push(`{${parts.join(',')}}\n`);
    }
    if (this.lines.length >= 4096) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, this.lines.join(''));
    this.lines = [];
  }

  close(): void {
    this.flush();
  }
}

function checkOptions(table: TableInfo): boolean {
  optEnum(table, 'format', ['json']);
  return optBool(table, 'json.ignore-parse-errors', false);
}

/** The filesystem connector (json lines). */
export const filesystemConnector: Connector = {
  name: 'filesystem',
  options: [
    { key: 'path', required: true, description: 'a file, or a directory of files (source); the file to append to, or a directory to write part-0.json in (sink)' },
    { key: 'format', required: true, description: 'the format of the lines: json' },
    { key: 'json.ignore-parse-errors', required: false, default: 'false', description: 'skip (and count) malformed lines instead of failing' },
  ],
  canSource: true,
  canSink: true,
  sinkAcceptsUpdates: false,
  validate(table) {
    checkOptions(table);
  },
  createReader(table, opts) {
    return new JsonLinesReader(table, opts.split, Math.max(1, opts.splits), checkOptions(table), true, opts.columns);
  },
  createWriter(table) {
    checkOptions(table);
    return new JsonLinesWriter(table);
  },
};
