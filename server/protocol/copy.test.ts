/** COPY text/CSV encoding and the COPY FROM row splitters. */
import { describe, expect, it } from 'vitest';
import type { CopyFormat } from '../../engine/api.ts';
import { escapeCopyText, quoteCsv } from './copy.ts';
import { CopyCsvDecoder, CopyTextDecoder, unescapeCopyText } from '../../engine/copy-decoders.ts';

const TEXT: CopyFormat = { format: 'text', delimiter: '\t', null: '\\N', header: false, quote: '"', escape: '"' };
const CSV: CopyFormat = { format: 'csv', delimiter: ',', null: '', header: false, quote: '"', escape: '"' };

function feed(dec: { push(c: Uint8Array): unknown[]; end(): unknown[] }, data: string, step: number): unknown[] {
  const bytes = Buffer.from(data);
  const rows: unknown[] = [];
  for (let i = 0; i < bytes.length; i += step) rows.push(...dec.push(bytes.subarray(i, i + step)));
  rows.push(...dec.end());
  return rows;
}

describe('COPY text format', () => {
  it('escapes and unescapes', () => {
    expect(escapeCopyText('a\tb\nc\\d\re', '\t')).toBe('a\\tb\\nc\\\\d\\re');
    expect(escapeCopyText('a,b', ',')).toBe('a\\,b');
    expect(unescapeCopyText('a\\tb\\nc\\\\d\\101\\x41\\q')).toBe('a\tb\nc\\dAAq');
  });

  it('splits rows across arbitrary chunk boundaries, with NULL, UTF-8 and the end marker', () => {
    const data = '1\thé\\tllo\n2\t\\N\r\n3\t☃\n\\.\nignored\n';
    for (const step of [1, 2, 3, 100]) {
      expect(feed(new CopyTextDecoder(TEXT), data, step)).toEqual([
        ['1', 'hé\tllo'],
        ['2', null],
        ['3', '☃'],
      ]);
    }
  });

  it('skips a header line and keeps a last line without newline', () => {
    expect(feed(new CopyTextDecoder({ ...TEXT, header: true }), 'a\tb\n1\t2', 4)).toEqual([['1', '2']]);
  });
});

describe('COPY CSV format', () => {
  it('quotes only when needed', () => {
    expect(quoteCsv('plain', CSV)).toBe('plain');
    expect(quoteCsv('a,b', CSV)).toBe('"a,b"');
    expect(quoteCsv('say "hi"', CSV)).toBe('"say ""hi"""');
    expect(quoteCsv('two\nlines', CSV)).toBe('"two\nlines"');
    expect(quoteCsv('', CSV)).toBe('""');
    expect(quoteCsv('\\.', CSV)).toBe('"\\."');
  });

  it('splits records with quoted delimiters, newlines and doubled quotes', () => {
    const data = 'h1,h2\n1,"a,b"\n2,"two\nlines"\n3,"say ""hi"""\n4,\n5,""\n';
    for (const step of [1, 2, 5, 1000]) {
      expect(feed(new CopyCsvDecoder({ ...CSV, header: true }), data, step)).toEqual([
        ['1', 'a,b'],
        ['2', 'two\nlines'],
        ['3', 'say "hi"'],
        ['4', null],
        ['5', ''],
      ]);
    }
  });

  it('rejects an unterminated quoted field', () => {
    expect(() => feed(new CopyCsvDecoder(CSV), '1,"open\n', 3)).toThrow(expect.objectContaining({ code: '22P04' }));
  });
});
