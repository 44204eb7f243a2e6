/**
 * The `datagen` source (Flink's): random or sequence values per column, rate-limited by
 * `rows-per-second` (default 10000), bounded by `number-of-rows` or by the end of any sequence field.
 * Per field (`fields.<f>.…`): `kind` random | sequence; `min`/`max` (numbers; default: the type's
 * range, safe integers for BIGINT, [0, 1) for floats); `length` (random strings, default 100 hex
 * characters); `start`/`end` (sequence, both required; integer and string columns); `max-past`
 * (random TIMESTAMP/DATE: up to this long before the row's time, default 0); `null-rate` (0..1).
 * Strom adds `seed`: row i's values follow from (seed, i), so splits (row i ≡ split mod splits)
 * together give exactly the rows of one reader. Row i is due at startMs + i × 1000 / rows-per-second.
 */
import { Decimal } from 'decimal.js';
import { SqlError, SqlState } from '../common/errors.ts';
import type { ScalarType, SqlType } from '../common/types.ts';
import { formatType } from '../common/types.ts';
import type { ColumnInfo, TableInfo } from '../catalog/catalog.ts';
import { RowBatchBuilder, RowKind } from '../executor/row/binary-row.ts';
import type { RowBatch } from '../executor/row/binary-row.ts';
import type { Connector, OptionSpec, SourceReader } from './connector.ts';
import { physicalColumns } from './connector.ts';
import { optDurationMs, optEnum, optInt, optNumber } from './options.ts';
import { Rng } from './nexmark/random.ts';

const FIELD_KEYS = ['kind', 'min', 'max', 'max-past', 'length', 'start', 'end', 'null-rate'] as const;
const OPTIONS: readonly OptionSpec[] = [
  { key: 'rows-per-second', required: false, default: '10000', description: 'rows per second (all splits together)' },
  { key: 'number-of-rows', required: false, description: 'rows in all; unbounded when absent (unless a sequence field ends)' },
  { key: 'seed', required: false, default: '0', description: 'random seed (Strom): the same seed gives the same rows' },
  { key: 'fields.#.kind', required: false, default: 'random', description: 'random or sequence' },
  { key: 'fields.#.min', required: false, description: 'smallest random value (numeric columns)' },
  { key: 'fields.#.max', required: false, description: 'largest random value (numeric columns)' },
  { key: 'fields.#.max-past', required: false, default: '0', description: 'random timestamps/dates lie up to this long before the row time (e.g. 5s)' },
  { key: 'fields.#.length', required: false, default: '100', description: 'length of random strings' },
  { key: 'fields.#.start', required: false, description: 'first value of a sequence' },
  { key: 'fields.#.end', required: false, description: 'last value of a sequence (the source ends there)' },
  { key: 'fields.#.null-rate', required: false, default: '0', description: 'fraction of NULL values, 0..1' },
];

type Cls = 'int' | 'float' | 'numeric' | 'string' | 'bool' | 'time' | 'date' | 'timeofday';

function classOf(t: SqlType): Cls | undefined {
  switch (t.id) {
    case 'int2':
    case 'int4':
    case 'int8':
      return 'int';
    case 'float4':
    case 'float8':
      return 'float';
    case 'numeric':
      return 'numeric';
    case 'text':
    case 'varchar':
    case 'bpchar':
      return 'string';
    case 'bool':
      return 'bool';
    case 'timestamp':
    case 'timestamptz':
      return 'time';
    case 'date':
      return 'date';
    case 'time':
      return 'timeofday';
    default:
      return undefined;
  }
}

const INT_RANGE: Record<string, [number, number]> = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
  int8: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** One column's generator settings. */
interface FieldSpec {
  readonly type: SqlType;
  readonly cls: Cls;
  readonly sequence: boolean;
  readonly min: number;
  readonly max: number;
  readonly start: number;
  readonly end: number;
  readonly length: number;
  readonly maxPastMs: number;
  readonly nullRate: number;
}

function invalid(msg: string): SqlError {
  return new SqlError(SqlState.invalidParameterValue, msg);
}

function fieldSpec(table: TableInfo, col: ColumnInfo): FieldSpec {
  const k = (s: string): string => `fields.${col.name}.${s}`;
  const has = (s: string): boolean => table.options[k(s)] !== undefined;
  const cls = classOf(col.type);
  if (!cls) throw new SqlError(SqlState.featureNotSupported, `datagen cannot generate column "${col.name}" of type ${formatType(col.type)}`);
  const sequence = optEnum(table, k('kind'), ['random', 'sequence'], 'random') === 'sequence';
  const applies: Record<string, boolean> = {
    min: !sequence && (cls === 'int' || cls === 'float' || cls === 'numeric'),
    max: !sequence && (cls === 'int' || cls === 'float' || cls === 'numeric'),
    length: !sequence && cls === 'string',
    'max-past': !sequence && (cls === 'time' || cls === 'date'),
    start: sequence,
    end: sequence,
  };
  for (const [opt, ok] of Object.entries(applies)) {
    if (has(opt) && !ok) throw invalid(`option "${k(opt)}" does not apply to ${sequence ? 'sequence' : 'random'} column "${col.name}" of type ${formatType(col.type)}`);
  }
  if (sequence && cls !== 'int' && cls !== 'string') throw invalid(`datagen sequence is not supported for column "${col.name}" of type ${formatType(col.type)}`);
  if (sequence && (!has('start') || !has('end'))) throw invalid(`datagen sequence column "${col.name}" needs both "${k('start')}" and "${k('end')}"`);
  const [lo, hi] = cls === 'int' ? INT_RANGE[col.type.id]! : cls === 'float' ? [0, 1] : [0, 1_000_000];
  const intOpt = (s: string, d: number): number => optInt(table, k(s), d);
  const min = cls === 'int' ? intOpt('min', lo) : optNumber(table, k('min'), lo);
  const max = cls === 'int' ? intOpt('max', hi) : optNumber(table, k('max'), hi);
  if (min > max) throw invalid(`option "${k('min')}" (${min}) is greater than "${k('max')}" (${max})`);
  const start = intOpt('start', 0);
  const end = intOpt('end', 0);
  if (sequence && start > end) throw invalid(`option "${k('start')}" (${start}) is greater than "${k('end')}" (${end})`);
  const nullRate = optNumber(table, k('null-rate'), 0, 0);
  if (nullRate > 1) throw invalid(`option "${k('null-rate')}" must be between 0 and 1`);
  return { type: col.type, cls, sequence, min, max, start, end, length: optInt(table, k('length'), 100, 0), maxPastMs: optDurationMs(table, k('max-past'), 0), nullRate };
}

/** Checks options against the columns and returns the field specs. Throws 42703 for a `fields.x.*` key of an unknown column, 22023 for bad values. */
function datagenSpecs(table: TableInfo): FieldSpec[] {
  const cols = physicalColumns(table);
  const names = new Set(cols.map((c) => c.name));
  for (const key of Object.keys(table.options)) {
    const m = /^fields\.(.+)\.([a-z-]+)$/.exec(key);
    if (!m) continue;
    if (!names.has(m[1]!)) throw new SqlError(SqlState.undefinedColumn, `column "${m[1]}" named in option "${key}" does not exist`, { detail: `columns: ${[...names].join(', ')}` });
    if (!(FIELD_KEYS as readonly string[]).includes(m[2]!)) throw invalid(`unsupported option "${key}" for connector "datagen"`);
  }
  optNumber(table, 'rows-per-second', 10000, 0);
  optInt(table, 'number-of-rows', 0, 0);
  optInt(table, 'seed', 0);
  return cols.map((c) => fieldSpec(table, c));
}

const HEX = '0123456789abcdef';
const MS_PER_DAY = 86_400_000;

/** Generates datagen rows. */
export class DatagenReader implements SourceReader {
  readonly types: readonly SqlType[];
  private readonly specs: FieldSpec[];
  private readonly rng: Rng;
  private readonly builder: RowBatchBuilder;
  private readonly rate: number;
  private readonly total: number;
  private next: number;

  constructor(
    table: TableInfo,
    private readonly split: number,
    private readonly splits: number,
    private readonly startMs: number,
  ) {
    this.specs = datagenSpecs(table);
    this.types = this.specs.map((s) => s.type);
    this.rng = new Rng(optInt(table, 'seed', 0));
    this.builder = new RowBatchBuilder(this.types);
    this.rate = optNumber(table, 'rows-per-second', 10000, 0);
    let total = table.options['number-of-rows'] !== undefined ? optInt(table, 'number-of-rows', 0, 0) : Infinity;
    for (const s of this.specs) if (s.sequence) total = Math.min(total, s.end - s.start + 1);
    this.total = total;
    this.next = split;
  }

  read(max: number, nowMs: number): RowBatch | 'idle' | 'end' {
    let limit = this.total;
    if (this.rate > 0) limit = Math.min(limit, nowMs < this.startMs ? 0 : Math.floor(((nowMs - this.startMs) * this.rate) / 1000) + 1);
    const b = this.builder;
    let i = this.next;
    for (; i < limit && b.rowCount < max; i += this.splits) this.row(i);
    this.next = i;
    if (b.rowCount > 0) return b.finish();
    return i >= this.total ? 'end' : 'idle';
  }

  private row(i: number): void {
    const b = this.builder;
    const rng = this.rng;
    rng.reset(i);
    const rowMs = this.startMs + (this.rate > 0 ? Math.floor((i * 1000) / this.rate) : 0);
    b.beginRow(RowKind.INSERT);
    for (let f = 0; f < this.specs.length; f++) {
      const s = this.specs[f]!;
      const isNull = rng.nextDouble() < s.nullRate;
      const u = rng.nextDouble() + rng.nextU32() / 2 ** 64; // ~53 random bits in [0, 1)
      if (isNull) continue;
      if (s.sequence) {
        if (s.cls === 'int') b.setValue(f, s.start + i);
        else b.setString(f, String(s.start + i));
        continue;
      }
      switch (s.cls) {
        case 'int':
          b.setValue(f, Math.min(s.max, s.min + Math.floor(u * (s.max - s.min + 1))));
          break;
        case 'float':
          b.setDouble(f, s.min + u * (s.max - s.min));
          break;
        case 'numeric': {
          const scale = (s.type as ScalarType).scale ?? 0;
          b.setValue(f, new Decimal((s.min + u * (s.max - s.min)).toFixed(scale)));
          break;
        }
        case 'string': {
          let str = '';
          for (let c = 0; c < s.length; c++) str += HEX[rng.nextInt(16)];
          b.setString(f, str);
          break;
        }
        case 'bool':
          b.setBool(f, u < 0.5);
          break;
        case 'time':
          b.setLong(f, (rowMs - Math.floor(u * (s.maxPastMs + 1))) * 1000);
          break;
        case 'date':
          b.setInt(f, Math.floor((rowMs - Math.floor(u * (s.maxPastMs + 1))) / MS_PER_DAY));
          break;
        case 'timeofday':
          b.setLong(f, Math.floor(u * MS_PER_DAY) * 1000);
          break;
      }
    }
    b.endRow();
  }

  close(): void {}
}

/** The datagen source connector. */
export const datagenConnector: Connector = {
  name: 'datagen',
  options: OPTIONS,
  canSource: true,
  canSink: false,
  sinkAcceptsUpdates: false,
  validate(table) {
    datagenSpecs(table);
  },
  createReader(table, opts) {
    return new DatagenReader(table, opts.split, Math.max(1, opts.splits), opts.startMs);
  },
};
