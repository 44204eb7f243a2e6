/**
 * Splitting `COPY … FROM STDIN` data into rows of field texts (PostgreSQL docs, SQL command COPY,
 * "File Formats": text and CSV), used by the engine's COPY FROM (engine/statements/copy.ts). The
 * encoding side of COPY (rows to CopyData) is the server's (server/protocol/copy.ts).
 */
import { StringDecoder } from 'node:string_decoder';
import { SqlError } from '../common/errors.ts';
import type { CopyFormat } from './api.ts';

/** A row of raw field texts as a COPY FROM splitter yields them; null for the NULL marker. */
export type CopyFields = (string | null)[];

const TEXT_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Undoes text-format escapes: \b \f \n \r \t \v, octal \NNN, hex \xHH, and backslash before any other character. */
export function unescapeCopyText(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    if (n in TEXT_ESCAPES) out += TEXT_ESCAPES[n];
    else if (n >= '0' && n <= '7') {
      const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out += String.fromCharCode(parseInt(m, 8));
      i += m.length - 1;
    } else if (n === 'x' && /^[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 16));
      i += m.length;
    } else out += n;
  }
  return out;
}

/**
 * Splits `COPY … FROM STDIN` text-format data into rows of field strings (PostgreSQL docs, COPY,
 * "Text Format"). Chunks may split rows and UTF-8 characters anywhere. A `\.` line ends the data.
 */
export class CopyTextDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private skipHeader: boolean;
  private finished = false;

  constructor(private readonly format: CopyFormat) {
    this.skipHeader = format.header;
  }

  /** Feeds a chunk; returns the rows it completes. */
  push(chunk: Uint8Array): CopyFields[] {
    this.pending += this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    const rows: CopyFields[] = [];
    let nl: number;
    while (!this.finished && (nl = this.pending.indexOf('\n')) >= 0) {
      let line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.line(line, rows);
    }
    return rows;
  }

  /** Ends the data; returns a last row not terminated by a newline. */
  end(): CopyFields[] {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    const rows: CopyFields[] = [];
    if (rest !== '' && !this.finished) this.line(rest, rows);
    return rows;
  }

  private line(line: string, rows: CopyFields[]): void {
    if (line === '\\.') {
      this.finished = true;
      return;
    }
    if (this.skipHeader) {
      this.skipHeader = false;
      return;
    }
    const f = this.format;
    const fields: CopyFields = [];
    let start = 0;
    for (let i = 0; i <= line.length; i++) {
      if (i < line.length && line[i] === '\\') {
        i++;
        continue;
      }
      if (i === line.length || line[i] === f.delimiter) {
        const raw = line.slice(start, i);
        fields.push(raw === f.null ? null : unescapeCopyText(raw));
        start = i + 1;
      }
    }
    rows.push(fields);
  }
}

/**
 * Splits `COPY … FROM STDIN` CSV data into rows of field strings (PostgreSQL docs, COPY, "CSV
 * Format"): quoted fields may hold delimiters and newlines; an unquoted field equal to the NULL
 * marker is NULL. `end` throws SqlError 22P04 on an unterminated quoted field.
 */
export class CopyCsvDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private scan = 0;
  private inQuote = false;
  private skipHeader: boolean;

  constructor(private readonly format: CopyFormat) {
    this.skipHeader = format.header;
  }

  /** Feeds a chunk; returns the rows it completes. */
  push(chunk: Uint8Array): CopyFields[] {
    this.pending += this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    const rows: CopyFields[] = [];
    const { quote, escape } = this.format;
    let i = this.scan;
    while (i < this.pending.length) {
      const c = this.pending[i]!;
      if (this.inQuote) {
        if (c === escape && escape !== quote && this.pending[i + 1] === quote) i++;
        else if (c === quote) {
          if (escape === quote && this.pending[i + 1] === quote) i++;
          else if (escape === quote && i + 1 === this.pending.length) break; // need the next char to decide
          else this.inQuote = false;
        }
      } else if (c === quote) this.inQuote = true;
      else if (c === '\n') {
        let line = this.pending.slice(0, i);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        this.pending = this.pending.slice(i + 1);
        i = -1;
        this.record(line, rows);
      }
      i++;
    }
    this.scan = Math.max(0, i);
    return rows;
  }

  /** Ends the data; returns a last record not terminated by a newline. */
  end(): CopyFields[] {
    this.pending += this.decoder.end();
    const rows: CopyFields[] = [];
    // Re-scan the tail to settle a quote that ended the previous chunk.
    this.inQuote = false;
    for (let i = 0; i < this.pending.length; i++) {
      const c = this.pending[i]!;
      if (c === this.format.quote) {
        if (this.inQuote && this.pending[i + 1] === c && this.format.escape === c) i++;
        else this.inQuote = !this.inQuote;
      }
    }
    if (this.inQuote) throw new SqlError('22P04', 'unterminated CSV quoted field');
    if (this.pending !== '') this.record(this.pending.replace(/\r$/, ''), rows);
    this.pending = '';
    return rows;
  }

  private record(line: string, rows: CopyFields[]): void {
    if (line === '\\.') return;
    if (this.skipHeader) {
      this.skipHeader = false;
      return;
    }
    const { delimiter, quote, escape } = this.format;
    const fields: CopyFields = [];
    let i = 0;
    for (;;) {
      let value = '';
      let quoted = false;
      while (i < line.length && line[i] !== delimiter) {
        const c = line[i]!;
        if (c === quote) {
          quoted = true;
          i++;
          while (i < line.length) {
            const q = line[i]!;
            const nextC = line[i + 1];
            if (q === escape && (nextC === quote || (escape !== quote && nextC === escape))) {
              value += nextC;
              i += 2;
            } else if (q === quote) {
              i++;
              break;
            } else {
              value += q;
              i++;
            }
          }
        } else {
          value += c;
          i++;
        }
      }
      fields.push(!quoted && value === this.format.null ? null : value);
      if (i >= line.length) break;
      i++;
    }
    rows.push(fields);
  }
}
