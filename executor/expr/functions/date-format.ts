/**
 * Flink's DATE_FORMAT(timestamp, format) with Java SimpleDateFormat letters (yyyy yy MM M dd d HH H
 * hh mm ss SSS a, 'quoted' text). A format string is parsed once into parts and kept (up to
 * MAX_FORMATS of them); each format remembers its last result, keyed by the day when the format
 * has no time-of-day letter, else by the timestamp, so a stream of rows of the same day formats
 * its key once.
 */
import { civilFromDays } from '../../../common/pg-text.ts';

const USECS_PER_DAY = 86_400_000_000;
/** Formats kept parsed; the cache is dropped when a new one would exceed it. */
const MAX_FORMATS = 64;

/** A run of one pattern letter (`c` repeated `n` times), or literal text. */
type Part = string | { readonly c: string; readonly n: number };

interface CompiledFormat {
  readonly parts: readonly Part[];
  /** Whether a part depends on the time of day (else the result is a function of the day). */
  readonly usesTime: boolean;
  lastKey: number;
  lastOut: string;
}

const formats = new Map<string, CompiledFormat>();

function compile(fmt: string): CompiledFormat {
  const parts: Part[] = [];
  let usesTime = false;
  for (let i = 0; i < fmt.length; ) {
    const c = fmt[i]!;
    if (c === "'") {
      const j = fmt.indexOf("'", i + 1);
      parts.push(j < 0 ? fmt.slice(i + 1) : j === i + 1 ? "'" : fmt.slice(i + 1, j));
      i = j < 0 ? fmt.length : j + 1;
      continue;
    }
    let n = 1;
    while (fmt[i + n] === c) n++;
    if ('yMdHhmsSa'.includes(c)) {
      parts.push({ c, n });
      if ('HhmsSa'.includes(c)) usesTime = true;
    } else parts.push(c.repeat(n));
    i += n;
  }
  return { parts, usesTime, lastKey: NaN, lastOut: '' };
}

const pad = (v: number, n: number) => String(v).padStart(n, '0');

function render(parts: readonly Part[], days: number, tod: number): string {
  const [y, mo, d] = civilFromDays(days);
  const h = Math.floor(tod / 3_600_000_000);
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const n = p.n;
    switch (p.c) {
      case 'y':
        out += n === 2 ? pad(y % 100, 2) : pad(y, n);
        break;
      case 'M':
        out += pad(mo, n);
        break;
      case 'd':
        out += pad(d, n);
        break;
      case 'H':
        out += pad(h, n);
        break;
      case 'h':
        out += pad(h % 12 === 0 ? 12 : h % 12, n);
        break;
      case 'm':
        out += pad(Math.floor((tod % 3_600_000_000) / 60_000_000), n);
        break;
      case 's':
        out += pad(Math.floor((tod % 60_000_000) / 1_000_000), n);
        break;
      case 'S':
        out += pad(Math.floor((tod % 1_000_000) / 1000), 3)
          .slice(0, Math.max(n, 3))
          .padEnd(n, '0');
        break;
      case 'a':
        out += h < 12 ? 'AM' : 'PM';
        break;
    }
  }
  return out;
}

/** DATE_FORMAT of a timestamp (µs since epoch) with a SimpleDateFormat pattern. */
export function dateFormat(ts: number, fmt: string): string {
  let f = formats.get(fmt);
  if (!f) {
    if (formats.size >= MAX_FORMATS) formats.clear();
    f = compile(fmt);
    formats.set(fmt, f);
  }
  const days = Math.floor(ts / USECS_PER_DAY);
  const key = f.usesTime ? ts : days;
  if (key === f.lastKey) return f.lastOut;
  const out = render(f.parts, days, ts - days * USECS_PER_DAY);
  f.lastKey = key;
  f.lastOut = out;
  return out;
}
