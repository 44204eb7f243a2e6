/**
 * Changelogs as readable text, for operator tests (STYLE.md habit 4, after RisingWave's
 * `StreamChunk::from_pretty` and Flink's test harness assertions): one row per line, the RowKind
 * (`+I`, `-U`, `+U`, `-D`) then the fields separated by spaces. `null` is SQL NULL; booleans are
 * `t`/`f`; strings with spaces are single-quoted; arrays are `[a,b]`. Not for production paths.
 */
import { Decimal } from 'decimal.js';
import type { SqlType } from '../../common/types.ts';
import { InternalError } from '../../common/errors.ts';
import type { RowBatch } from '../row/binary-row.ts';
import { ROW_KIND_NAMES, batchOf } from '../row/binary-row.ts';
import type { Output, StreamMessage, StreamOperator } from './operator.ts';
import type { StateBackend } from '../state/state-backend.ts';
import { HeapStateBackend } from '../state/heap-backend.ts';

function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'')*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? `'${m[1]}` : m[2]!);
  return out;
}

function parseValue(t: SqlType, s: string): unknown {
  if (s === 'null') return null;
  if (s.startsWith("'")) return s.slice(1).replaceAll("''", "'");
  switch (t.id) {
    case 'bool':
      return s === 't' || s === 'true';
    case 'int2':
    case 'int4':
    case 'date':
    case 'float4':
    case 'float8':
      return Number(s);
    case 'int8':
    case 'time':
    case 'timestamp':
    case 'timestamptz': {
      const b = BigInt(s);
      return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
    }
    case 'numeric':
      return new Decimal(s);
    case 'array':
      return s === '[]' ? [] : s.slice(1, -1).split(',').map((x) => parseValue(t.element, x));
    default:
      return s;
  }
}

/** Parses a changelog literal (`+I 1 a\n-U 1 a\n+U 1 b`) of rows of `types` into a batch. Blank lines are skipped. */
export function rows(types: readonly SqlType[], text: string): RowBatch {
  const list: [number, unknown[]][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [kind, ...vals] = tokens(line);
    const k = ROW_KIND_NAMES.indexOf(kind as (typeof ROW_KIND_NAMES)[number]);
    if (k < 0 || vals.length !== types.length) throw new InternalError(`bad changelog line: ${line}`);
    list.push([k, vals.map((v, i) => parseValue(types[i]!, v))]);
  }
  return batchOf(types, list);
}

/** Renders one value as the literal syntax writes it. */
export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'string') return /[\s']/.test(v) || v === '' || v === 'null' ? `'${v.replaceAll("'", "''")}'` : v;
  if (Array.isArray(v)) return `[${v.map(renderValue).join(',')}]`;
  if (v instanceof Decimal) return v.toString();
  return String(v);
}

/** Renders a batch as changelog lines. */
export function renderBatch(batch: RowBatch): string[] {
  const out: string[] = [];
  for (let r = 0; r < batch.count; r++) out.push([ROW_KIND_NAMES[batch.kind(r)], ...batch.getRow(r).map(renderValue)].join(' '));
  return out;
}

/**
 * An Output that records messages; `take()` renders what arrived since the last take (rows as
 * changelog lines, `barrier <id>`, `watermark <ts>`) and forgets it.
 */
export class CollectOutput implements Output {
  messages: StreamMessage[] = [];
  push(msg: StreamMessage): void {
    this.messages.push(msg);
  }
  /** The rendered messages since the last take, one per line. */
  take(): string {
    const lines: string[] = [];
    for (const m of this.messages) {
      if (m.kind === 'batch') lines.push(...renderBatch(m.batch));
      else if (m.kind === 'barrier') lines.push(`barrier ${m.id}`);
      else lines.push(`watermark ${m.ts}`);
    }
    this.messages = [];
    return lines.join('\n');
  }
}

/** Trims each line of a template literal and drops blank lines (so expected changelogs can be indented). */
export function lines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l)
    .join('\n');
}

/** Opens `op` on a fresh heap state backend (or `state`) with a collecting output; returns the output. */
export function openOperator(op: StreamOperator, state: StateBackend = new HeapStateBackend()): CollectOutput {
  const out = new CollectOutput();
  op.open({ output: out, state, config: new Map() });
  return out;
}

/** Sends `batch` to `op` on `input` as a batch message. */
export function send(op: StreamOperator, batch: RowBatch, input = 0): void {
  op.process({ kind: 'batch', batch }, input);
}
