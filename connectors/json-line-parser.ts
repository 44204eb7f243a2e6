/**
 * A fast path for JSON lines: a parser set up once per table schema that scans one flat JSON object
 * of known field names straight from UTF-8 bytes into a RowBatchBuilder row, with no intermediate
 * string or object per line. It handles the common shapes only (scalar values; keys that match a
 * column exactly or no column at all; no duplicate keys) and returns false for anything else, so the
 * caller can abort the row and parse the line with JSON.parse and `valueOfJson` instead — results
 * and errors therefore stay those of that slow path. Values the fast path does not convert itself
 * go through `valueOfJson` too.
 */
import type { SqlType } from '../common/types.ts';
import type { RowBatchBuilder } from '../executor/row/binary-row.ts';
import { valueOfJson } from './json-values.ts';

const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** How the fast path converts a column's values. */
const enum Conv {
  Generic = 0,
  Bool = 1,
  Int = 2,
  Long = 3,
  Double = 4,
  Text = 5,
  Timestamp = 6,
}

function convOf(t: SqlType): Conv {
  switch (t.id) {
    case 'bool':
      return Conv.Bool;
    case 'int2':
    case 'int4':
      return Conv.Int;
    case 'int8':
      return Conv.Long;
    case 'float4':
    case 'float8':
      return Conv.Double;
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'unknown':
      return Conv.Text;
    case 'timestamp':
    case 'timestamptz':
      return Conv.Timestamp;
    default:
      return Conv.Generic;
  }
}

/** 1 for the bytes a JSON string holds as they are and that are ASCII: 0x20..0x7f except `"` and `\`. */
const STRING_PLAIN = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x20 && c <= 0x7f && c !== 0x22 && c !== 0x5c ? 1 : 0));

/** How many distinct non-column keys a parser remembers (lines with others still work, only slower). */
const MAX_SKIPPED_KEYS = 32;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/** Whitespace String.prototype.trim removes that is ASCII (JSON's, plus \v and \f at the ends). */
function isTrimWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x0b || c === 0x0c;
}

function digit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Parses flat JSON-object lines of a fixed schema into builder rows; see the module comment. */
export class JsonLineParser {
  private readonly keys: Uint8Array[];
  private readonly lowerNames: string[];
  private readonly convs: Conv[];
  private readonly seen: Int32Array;
  private stamp = 0;
  /** Keys (raw bytes) seen that name no column, even case-insensitively: skipped without decoding. */
  private readonly skipped: Uint8Array[] = [];
  /** False when a column name would make the fast path differ from JSON.parse (a name on Object.prototype). */
  readonly usable: boolean;

  // Scratch results of the scanners.
  private pos = 0;
  private str = '';
  private num = 0;
  private numIsInt = false;

  constructor(
    names: readonly string[],
    private readonly types: readonly SqlType[],
  ) {
    this.keys = names.map((n) => encoder.encode(n));
    this.lowerNames = names.map((n) => n.toLowerCase());
    this.convs = types.map(convOf);
    this.seen = new Int32Array(names.length);
    const proto: object = {};
    this.usable = names.every((n) => !(n in proto));
  }

  /**
   * Parses bytes `start`..`end` of `b` (one line, any line end excluded) into a row begun by the
   * caller. Returns 'empty' for a blank line, true when the row's fields are set, false when the
   * line needs the slow path (the caller then aborts the row). May throw when `valueOfJson` rejects
   * a value; the caller treats that as false too.
   */
  parse(b: Uint8Array, start: number, end: number, out: RowBatchBuilder): boolean | 'empty' {
    let p = start;
    while (p < end && isTrimWs(b[p]!)) p++;
    while (end > p && isTrimWs(b[end - 1]!)) end--;
    if (p === end) return 'empty';
    if (b[p] !== 0x7b || b[end - 1] !== 0x7d) return false;
    if (this.stamp >= 0x3fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    p++;
    end--; // at the closing brace
    while (p < end && isWs(b[p]!)) p++;
    if (p === end) return true; // {}
    let expect = 0;
    const nf = this.keys.length;
    for (;;) {
      if (b[p] !== 0x22) return false;
      // The key: raw bytes without escapes.
      const ks = p + 1;
      let ke = ks;
      for (;;) {
        if (ke >= end) return false;
        const c = b[ke]!;
        if (c === 0x22) break;
        if (c === 0x5c || c < 0x20) return false;
        ke++;
      }
      p = ke + 1;
      while (p < end && isWs(b[p]!)) p++;
      if (b[p] !== 0x3a) return false;
      p++;
      while (p < end && isWs(b[p]!)) p++;
      if (p >= end) return false;
      let f = -1;
      if (expect < nf && this.keyIs(expect, b, ks, ke)) f = expect;
      else {
        for (let i = 0; i < nf; i++) {
          if (this.keyIs(i, b, ks, ke)) {
            f = i;
            break;
          }
        }
      }
      if (f < 0) {
        if (!this.isSkippedKey(b, ks, ke)) {
          if (this.likeAColumn(b, ks, ke)) return false;
          this.rememberSkipped(b, ks, ke);
        }
        if (!this.skipValue(b, p, end)) return false;
      } else {
        if (this.seen[f] === stamp) return false; // duplicate key: JSON.parse keeps the last
        this.seen[f] = stamp;
        expect = f + 1;
        if (!this.value(f, b, p, end, out)) return false;
      }
      p = this.pos;
      while (p < end && isWs(b[p]!)) p++;
      if (p === end) return true;
      if (b[p] !== 0x2c) return false;
      p++;
      while (p < end && isWs(b[p]!)) p++;
    }
  }

  private keyIs(f: number, b: Uint8Array, ks: number, ke: number): boolean {
    const k = this.keys[f]!;
    if (k.length !== ke - ks) return false;
    for (let i = 0; i < k.length; i++) if (k[i] !== b[ks + i]) return false;
    return true;
  }

  /** Whether key bytes ks..ke are among the keys already found to name no column. */
  private isSkippedKey(b: Uint8Array, ks: number, ke: number): boolean {
    const sk = this.skipped;
    const len = ke - ks;
    for (let j = 0; j < sk.length; j++) {
      const k = sk[j]!;
      if (k.length !== len) continue;
      let i = 0;
      while (i < len && k[i] === b[ks + i]) i++;
      if (i === len) return true;
    }
    return false;
  }

  /** Remembers a key that names no column (at most MAX_SKIPPED_KEYS), so its next lines skip `likeAColumn`. */
  private rememberSkipped(b: Uint8Array, ks: number, ke: number): void {
    if (this.skipped.length < MAX_SKIPPED_KEYS) this.skipped.push(b.slice(ks, ke));
  }

  /** Whether an unmatched key names a column case-insensitively (the slow path would use it). */
  private likeAColumn(b: Uint8Array, ks: number, ke: number): boolean {
    const lower = textDecoder.decode(b.subarray(ks, ke)).toLowerCase();
    return this.lowerNames.includes(lower);
  }

  /** Sets field f from the value at p; this.pos ends after it. False when the slow path is needed. */
  private value(f: number, b: Uint8Array, p: number, end: number, out: RowBatchBuilder): boolean {
    const c = b[p]!;
    const conv = this.convs[f]!;
    if (c === 0x22) {
      if (conv === Conv.Text) {
        const r = this.scanString(b, p + 1, end);
        if (r === 0) return false;
        if (r === 1) out.setVarRange(f, b, p + 1, this.pos - 1);
        else out.setString(f, this.str);
        return true;
      }
      if (conv === Conv.Timestamp) {
        const r = this.scanString(b, p + 1, end);
        if (r === 0) return false;
        const us = r === 1 && this.pos - 1 - (p + 1) === 23 ? timestamp23(b, p + 1) : undefined;
        if (us !== undefined) out.setLong(f, us);
        else out.setValue(f, valueOfJson(this.types[f]!, r === 1 ? latin1(b, p + 1, this.pos - 1) : this.str));
        return true;
      }
      const r = this.scanString(b, p + 1, end);
      if (r === 0) return false;
      out.setValue(f, valueOfJson(this.types[f]!, r === 1 ? latin1(b, p + 1, this.pos - 1) : this.str));
      return true;
    }
    if (c === 0x2d || digit(c)) {
      if (!this.scanNumber(b, p, end)) return false;
      const n = this.num;
      if (this.numIsInt) {
        if (conv === Conv.Int) return out.setInt(f, n), true;
        if (conv === Conv.Long) return out.setLong(f, n), true;
      }
      if (conv === Conv.Double) return out.setDouble(f, n), true;
      out.setValue(f, valueOfJson(this.types[f]!, n));
      return true;
    }
    const lit = this.scanLiteral(b, p, end);
    if (lit === undefined) return false;
    if (lit === null) out.setNull(f);
    else if (conv === Conv.Bool) out.setBool(f, lit);
    else out.setValue(f, valueOfJson(this.types[f]!, lit));
    return true;
  }

  /** Skips a scalar value at p (this.pos after it); false for nested or malformed values. */
  private skipValue(b: Uint8Array, p: number, end: number): boolean {
    const c = b[p]!;
    if (c === 0x22) return this.scanString(b, p + 1, end) !== 0;
    if (c === 0x2d || digit(c)) return this.scanNumber(b, p, end);
    return this.scanLiteral(b, p, end) !== undefined;
  }

  /** true / false / null at p, or undefined. */
  private scanLiteral(b: Uint8Array, p: number, end: number): boolean | null | undefined {
    const c = b[p];
    if (c === 0x74 && p + 4 <= end && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) {
      this.pos = p + 4;
      return true;
    }
    if (c === 0x66 && p + 5 <= end && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) {
      this.pos = p + 5;
      return false;
    }
    if (c === 0x6e && p + 4 <= end && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) {
      this.pos = p + 4;
      return null;
    }
    return undefined;
  }

  /**
   * Scans a string body from p (after the opening quote); this.pos ends after the closing quote.
   * Returns 0 when malformed or unsupported, 1 for plain ASCII without escapes (the raw bytes are
   * the value), 2 when the decoded value is in this.str.
   */
  private scanString(b: Uint8Array, p: number, end: number): 0 | 1 | 2 {
    const s = p;
    let ascii = true;
    for (;;) {
      // Plain printable ASCII (most bytes): one table test per byte.
      while (p < end && STRING_PLAIN[b[p]!] === 1) p++;
      if (p >= end) return 0;
      const c = b[p]!;
      if (c === 0x22) break;
      if (c === 0x5c) return this.scanEscaped(b, s, end);
      if (c < 0x20) return 0;
      ascii = false; // c > 0x7f
      p++;
    }
    this.pos = p + 1;
    if (ascii) return 1;
    this.str = textDecoder.decode(b.subarray(s, p));
    return 2;
  }

  /** The slow part of scanString: a string with escapes, decoded into this.str. */
  private scanEscaped(b: Uint8Array, p: number, end: number): 0 | 2 {
    let out = '';
    let seg = p;
    for (;;) {
      if (p >= end) return 0;
      const c = b[p]!;
      if (c === 0x22) break;
      if (c < 0x20) return 0;
      if (c !== 0x5c) {
        p++;
        continue;
      }
      if (p > seg) out += textDecoder.decode(b.subarray(seg, p));
      if (p + 1 >= end) return 0;
      const e = b[p + 1]!;
      p += 2;
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x2f: out += '/'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x75: {
          if (p + 4 > end) return 0;
          const h0 = hexVal(b[p]!), h1 = hexVal(b[p + 1]!), h2 = hexVal(b[p + 2]!), h3 = hexVal(b[p + 3]!);
          if ((h0 | h1 | h2 | h3) < 0) return 0;
          out += String.fromCharCode((h0 << 12) | (h1 << 8) | (h2 << 4) | h3);
          p += 4;
          break;
        }
        default:
          return 0;
      }
      seg = p;
    }
    if (p > seg) out += textDecoder.decode(b.subarray(seg, p));
    this.pos = p + 1;
    this.str = out;
    return 2;
  }

  /** Scans a JSON number at p into this.num (exactly as Number of its text); false when malformed. */
  private scanNumber(b: Uint8Array, p: number, end: number): boolean {
    const s = p;
    const neg = b[p] === 0x2d;
    if (neg) p++;
    if (p >= end || !digit(b[p]!)) return false;
    let m = 0;
    let digits = 0;
    if (b[p] === 0x30) {
      p++;
      if (p < end && digit(b[p]!)) return false; // leading zero
    } else {
      while (p < end && digit(b[p]!)) {
        m = m * 10 + (b[p]! - 0x30);
        digits++;
        p++;
      }
    }
    let frac = 0;
    let exp = 0;
    let isInt = true;
    if (p < end && b[p] === 0x2e) {
      isInt = false;
      p++;
      if (p >= end || !digit(b[p]!)) return false;
      while (p < end && digit(b[p]!)) {
        m = m * 10 + (b[p]! - 0x30);
        if (m !== 0) digits++;
        frac++;
        p++;
      }
    }
    if (p < end && (b[p] === 0x65 || b[p] === 0x45)) {
      isInt = false;
      p++;
      let eneg = false;
      if (p < end && (b[p] === 0x2b || b[p] === 0x2d)) eneg = b[p++] === 0x2d;
      if (p >= end || !digit(b[p]!)) return false;
      while (p < end && digit(b[p]!)) {
        if (exp < 100000) exp = exp * 10 + (b[p]! - 0x30);
        p++;
      }
      if (eneg) exp = -exp;
    }
    this.pos = p;
    const e10 = exp - frac;
    if (digits <= 15 && e10 >= -22 && e10 <= 22) {
      // Both operands exact, so one correctly rounded operation gives Number's result.
      const v = e10 >= 0 ? m * POW10[e10]! : m / POW10[-e10]!;
      this.num = neg ? -v : v;
    } else {
      this.num = Number(latin1(b, s, p));
    }
    this.numIsInt = isInt && digits <= 15;
    return true;
  }
}

/** The text of ASCII bytes s..e. */
function latin1(b: Uint8Array, s: number, e: number): string {
  let t = '';
  for (let i = s; i < e; i++) t += String.fromCharCode(b[i]!);
  return t;
}

function two(b: Uint8Array, p: number): number {
  const a = b[p]! - 0x30;
  const c = b[p + 1]! - 0x30;
  return a >= 0 && a <= 9 && c >= 0 && c <= 9 ? a * 10 + c : -1;
}

/**
 * µs since epoch of `yyyy-MM-dd HH:mm:ss.SSS` (or with `T`) at p, for the ranges where it equals
 * parseTimestampUs; undefined otherwise (the caller then uses parseTimestampUs).
 */
function timestamp23(b: Uint8Array, p: number): number | undefined {
  const y1 = two(b, p), y2 = two(b, p + 2), mo = two(b, p + 5), d = two(b, p + 8);
  const h = two(b, p + 11), mi = two(b, p + 14), s = two(b, p + 17);
  const f1 = two(b, p + 20), f3 = b[p + 22]! - 0x30;
  const sep = b[p + 10];
  if (b[p + 4] !== 0x2d || b[p + 7] !== 0x2d || (sep !== 0x20 && sep !== 0x54) || b[p + 13] !== 0x3a || b[p + 16] !== 0x3a || b[p + 19] !== 0x2e) return undefined;
  if (y1 < 1 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || f1 < 0 || f3 < 0 || f3 > 9) return undefined;
  return Date.UTC(y1 * 100 + y2, mo - 1, d, h, mi, s) * 1000 + (f1 * 10 + f3) * 1000;
}
