/**
 * COPY data formats (PostgreSQL docs, SQL command COPY, "File Formats": text, CSV, binary).
 * Encoding rows for `COPY … TO STDOUT` (one CopyData message per row, as PostgreSQL sends them), and
 * the splitters for `COPY … FROM STDIN` are the engine's (engine/copy-decoders.ts).
 */
import type { SqlType } from '../../common/types.ts';
import type { CopyFormat, ResultColumn } from '../../engine/api.ts';
import { formatValue } from '../value-text.ts';
import type { FormatOptions } from '../value-text.ts';
import { encodeBinary } from './binary.ts';
import { BackendCode } from './message-codes.ts';
import type { BufferWriter } from './writer.ts';

/** The 11-byte signature that opens a binary COPY stream, then int32 flags and int32 extension length. */
export const PGCOPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Escapes a text-format field: backslash, newline, CR, tab and the delimiter get a backslash. */
export function escapeCopyText(s: string, delimiter: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    let rep: string | undefined;
    if (c === '\\') rep = '\\\\';
    else if (c === '\n') rep = '\\n';
    else if (c === '\r') rep = '\\r';
    else if (c === '\t') rep = '\\t';
    else if (c === delimiter) rep = '\\' + c;
    if (rep === undefined) continue;
    out += s.slice(from, i) + rep;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Quotes a CSV field when PostgreSQL would: it holds delimiter, quote, CR/LF, equals the NULL marker, or is `\.`. */
export function quoteCsv(s: string, f: CopyFormat): string {
  const needs =
    s === f.null || s === '\\.' || s.includes(f.delimiter) || s.includes(f.quote) || s.includes('\n') || s.includes('\r');
  if (!needs) return s;
  let body = '';
  for (const c of s) body += c === f.quote || c === f.escape ? f.escape + c : c;
  return f.quote + body + f.quote;
}

/**
 * Encodes rows of a `COPY … TO STDOUT` as CopyData messages into a BufferWriter: the header
 * (binary signature, or a CSV/text header line), one message per row, and the binary trailer.
 */
export class CopyRowEncoder {
  private readonly types: readonly SqlType[];
  /** The binary file header not yet sent: PostgreSQL sends it in the first row's CopyData (or the trailer's). */
  private binaryHeaderPending = false;

  constructor(
    private readonly columns: readonly ResultColumn[],
    private readonly format: CopyFormat,
    private readonly opts: FormatOptions,
  ) {
    this.types = columns.map((c) => c.type);
  }

  /** Whether the overall CopyOutResponse format is binary (1) or textual (0). */
  get overallFormat(): 0 | 1 {
    return this.format.format === 'binary' ? 1 : 0;
  }

  /**
   * Appends what precedes the rows: the header line when HEADER was given. The binary signature,
   * flags and extension area go at the start of the first row's CopyData (or the trailer's), as
   * PostgreSQL frames them (copyto.c); psycopg 3 relies on that framing.
   */
  header(w: BufferWriter): void {
    if (this.format.format === 'binary') {
      this.binaryHeaderPending = true;
    } else if (this.format.header) {
      const names = this.columns.map((c) => (this.format.format === 'csv' ? quoteCsv(c.name, this.format) : escapeCopyText(c.name, this.format.delimiter)));
      const at = w.begin(BackendCode.CopyData);
      w.utf8(names.join(this.format.delimiter) + '\n');
      w.end(at);
    }
  }

  /** Appends one row as a CopyData message. */
  row(w: BufferWriter, row: readonly unknown[]): void {
    const at = w.begin(BackendCode.CopyData);
    if (this.format.format === 'binary') {
      this.binaryHeader(w);
      this.binaryRow(w, row);
    } else {
      w.utf8(this.textLine(row));
    }
    w.end(at);
  }

  /** Appends the binary trailer (int16 −1); nothing for text and CSV. */
  trailer(w: BufferWriter): void {
    if (this.format.format !== 'binary') return;
    const at = w.begin(BackendCode.CopyData);
    this.binaryHeader(w);
    w.int16(-1);
    w.end(at);
  }

  private binaryHeader(w: BufferWriter): void {
    if (!this.binaryHeaderPending) return;
    this.binaryHeaderPending = false;
    w.bytes(PGCOPY_SIGNATURE).int32(0).int32(0);
  }

  private textLine(row: readonly unknown[]): string {
    const f = this.format;
    const csv = f.format === 'csv';
    let line = '';
    for (let i = 0; i < this.types.length; i++) {
      if (i > 0) line += f.delimiter;
      const v = row[i];
      if (v === null || v === undefined) {
        line += f.null;
        continue;
      }
      const s = formatValue(this.types[i]!, v, this.opts);
      line += csv ? (s === '' ? f.quote + f.quote : quoteCsv(s, f)) : escapeCopyText(s, f.delimiter);
    }
    return line + '\n';
  }

  private binaryRow(w: BufferWriter, row: readonly unknown[]): void {
    w.int16(this.types.length);
    for (let i = 0; i < this.types.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) {
        w.int32(-1);
        continue;
      }
      const at = w.reserveInt32();
      encodeBinary(w, this.types[i]!, v);
      w.patchInt32(at, w.offset - at - 4);
    }
  }
}
