/**
 * Seeded data and DML for the randomized differential test. Keys and values come from small
 * domains, so inserts collide with deleted keys, groups fill and empty, joins gain and lose matches,
 * and NULLs appear in every nullable column. The generator is a pure function of the seed and the
 * current keys of each table (read from PostgreSQL), so a seed replays exactly.
 */

/** A deterministic pseudo-random generator (mulberry32). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A SQL literal: strings quoted, null as NULL, numbers and booleans as written. */
type Lit = string | number | boolean | null;
const sql = (v: Lit): string => (v === null ? 'NULL' : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v));

/** A column's domain of values (SQL literal text), NULL included where the column allows it. */
interface Column {
  readonly name: string;
  readonly values: readonly Lit[];
}

interface TableSpec {
  readonly name: string;
  /** Primary keys are drawn from 1..maxKey. */
  readonly maxKey: number;
  readonly columns: readonly Column[];
  /** Predicates for UPDATE … WHERE and DELETE … WHERE over several rows. */
  readonly predicates: readonly string[];
}

const ts = (d: string) => `2024-01-0${d}`;

/** The tables of ./schema.ts with their value domains. */
export const SPECS: readonly TableSpec[] = [
  {
    name: 'dept',
    maxKey: 7,
    columns: [
      { name: 'name', values: ['eng', 'ops', 'sales', 'hr', null] },
      { name: 'region', values: ['east', 'west', 'north', null] },
      { name: 'budget', values: [20000, 40000, 60000, 100000, null] },
    ],
    predicates: ['region IS NULL', "region = 'west'", 'budget > 50000', 'id > 4'],
  },
  {
    name: 'emp',
    maxKey: 16,
    columns: [
      { name: 'dept_id', values: [1, 2, 3, 4, 5, 6, 7, null] },
      { name: 'name', values: ['ann', 'bob', 'cid', 'dee', 'eve', null] },
      { name: 'salary', values: ['1999.99', '2500.00', '3100.25', '5000.00', '6100.00', null] },
      { name: 'bonus', values: [0, 10, 20, 30, 40, 50, 60, null] },
      { name: 'active', values: [true, false, null] },
      { name: 'hired', values: ['2020-01-15', '2021-03-01', '2022-11-11', null] },
    ],
    predicates: ['dept_id = 3', 'dept_id IS NULL', 'bonus > 30', 'active', 'NOT active', 'salary IS NULL', 'id % 3 = 0'],
  },
  {
    name: 'orders',
    maxKey: 24,
    columns: [
      { name: 'emp_id', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, null] },
      { name: 'amount', values: ['10.00', '15.75', '80.50', '120.00', '300.00', '999.99', null] },
      { name: 'qty', values: [0, 1, 2, 3, 4, 5, null] },
      { name: 'status', values: ['new', 'paid', 'shipped', null] },
      { name: 'ts', values: [`${ts('1')} 09:00:00`, `${ts('1')} 10:30:00`, `${ts('2')} 08:00:00`, `${ts('3')} 12:00:00`, null] },
    ],
    predicates: ["status = 'new'", 'status IS NULL', 'qty IS NULL', 'qty > 3', 'emp_id = 2', 'emp_id IS NULL', 'amount > 100'],
  },
];

/** Current primary keys per table name. */
export type KeySets = ReadonlyMap<string, ReadonlySet<number>>;

function freeKey(rng: Rng, spec: TableSpec, keys: ReadonlySet<number>, taken: Set<number>): number | undefined {
  const free: number[] = [];
  for (let k = 1; k <= spec.maxKey; k++) if (!keys.has(k) && !taken.has(k)) free.push(k);
  return free.length ? rng.pick(free) : undefined;
}

function rowValues(rng: Rng, spec: TableSpec, key: number): string {
  return `(${[String(key), ...spec.columns.map((c) => sql(rng.pick(c.values)))].join(', ')})`;
}

/** INSERT statements that fill about `fill` of each table's key domain. */
export function initialInserts(rng: Rng, fill = 0.6): string[] {
  return SPECS.map((spec) => {
    const rows: string[] = [];
    for (let k = 1; k <= spec.maxKey; k++) if (rng.chance(fill)) rows.push(rowValues(rng, spec, k));
    if (rows.length === 0) rows.push(rowValues(rng, spec, 1));
    return `INSERT INTO ${spec.name} VALUES ${rows.join(', ')}`;
  });
}

/** One random DML statement over the current keys. */
export function randomStatement(rng: Rng, keys: KeySets): string {
  const spec = rng.pick(SPECS);
  const present = [...(keys.get(spec.name) ?? new Set<number>())].sort((a, b) => a - b);
  const roll = rng.next();
  if (roll < 0.3 || present.length === 0) {
    const taken = new Set<number>();
    const rows: string[] = [];
    for (let i = rng.int(1, 3); i > 0; i--) {
      const k = freeKey(rng, spec, keys.get(spec.name) ?? new Set(), taken);
      if (k === undefined) break;
      taken.add(k);
      rows.push(rowValues(rng, spec, k));
    }
    if (rows.length > 0) return `INSERT INTO ${spec.name} VALUES ${rows.join(', ')}`;
    return `DELETE FROM ${spec.name} WHERE id = ${rng.pick(present)}`;
  }
  const col = rng.pick(spec.columns);
  const set = `${col.name} = ${sql(rng.pick(col.values))}`;
  if (roll < 0.5) return `UPDATE ${spec.name} SET ${set} WHERE id = ${rng.pick(present)}`;
  if (roll < 0.62) {
    const col2 = rng.pick(spec.columns);
    const set2 = col2.name === col.name ? '' : `, ${col2.name} = ${sql(rng.pick(col2.values))}`;
    return `UPDATE ${spec.name} SET ${set}${set2} WHERE ${rng.pick(spec.predicates)}`;
  }
  if (roll < 0.7) {
    const k = freeKey(rng, spec, new Set(present), new Set());
    if (k !== undefined) return `UPDATE ${spec.name} SET id = ${k} WHERE id = ${rng.pick(present)}`;
  }
  if (roll < 0.88) return `DELETE FROM ${spec.name} WHERE id = ${rng.pick(present)}`;
  if (roll < 0.98) return `DELETE FROM ${spec.name} WHERE ${rng.pick(spec.predicates)}`;
  return `DELETE FROM ${spec.name}`;
}
