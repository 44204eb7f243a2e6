/**
 * The fields of each Nexmark event kind (Flink's names) and the binding of a table's declared
 * physical columns to them: names match case-insensitively with underscores ignored (`date_time` ↔
 * dateTime, `email_address` ↔ emailAddress), so both Flink's and RisingWave's DDL work.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import { formatType } from '../../common/types.ts';
import type { SqlType } from '../../common/types.ts';
import type { ColumnInfo } from '../../catalog/catalog.ts';
import type { NexmarkKind } from './config.ts';

/** How a field's value is typed: an integer (id, price, category), a string, or a time stamp. */
export type FieldClass = 'long' | 'string' | 'time';

/** Fields per kind, in Flink's declaration order, with their class. */
export const NEXMARK_FIELDS: Readonly<Record<NexmarkKind, readonly (readonly [string, FieldClass])[]>> = {
  person: [
    ['id', 'long'],
    ['name', 'string'],
    ['emailAddress', 'string'],
    ['creditCard', 'string'],
    ['city', 'string'],
    ['state', 'string'],
    ['dateTime', 'time'],
    ['extra', 'string'],
  ],
  auction: [
    ['id', 'long'],
    ['itemName', 'string'],
    ['description', 'string'],
    ['initialBid', 'long'],
    ['reserve', 'long'],
    ['dateTime', 'time'],
    ['expires', 'time'],
    ['seller', 'long'],
    ['category', 'long'],
    ['extra', 'string'],
  ],
  bid: [
    ['auction', 'long'],
    ['bidder', 'long'],
    ['price', 'long'],
    ['channel', 'string'],
    ['url', 'string'],
    ['dateTime', 'time'],
    ['extra', 'string'],
  ],
};

/** Flink's SQL types of the fields (for messages). */
const CLASS_TYPES: Record<FieldClass, string> = { long: 'BIGINT or INT', string: 'STRING, VARCHAR or TEXT', time: 'TIMESTAMP(3) or TIMESTAMP_LTZ(3)' };

function normalize(name: string): string {
  return name.toLowerCase().replace(/_/g, '');
}

function fits(cls: FieldClass, t: SqlType): boolean {
  switch (cls) {
    case 'long':
      return t.id === 'int8' || t.id === 'int4';
    case 'string':
      return t.id === 'text' || t.id === 'varchar' || t.id === 'bpchar';
    case 'time':
      return t.id === 'timestamp' || t.id === 'timestamptz';
  }
}

/** A declared column bound to a generator field. */
export interface BoundColumn {
  /** Index of the field in NEXMARK_FIELDS[kind]. */
  readonly field: number;
  /** True when the column is INT (written with setInt) rather than BIGINT. */
  readonly int4: boolean;
}

/**
 * Binds `columns` (the physical columns, in order) to fields of `kind`.
 * Throws SqlError 42703 for a column that names no field (detail: the valid fields), 42804 when the
 * declared type cannot hold the field.
 */
export function bindColumns(kind: NexmarkKind, columns: readonly ColumnInfo[]): BoundColumn[] {
  const fields = NEXMARK_FIELDS[kind];
  return columns.map((c) => {
    const field = fields.findIndex(([f]) => normalize(f) === normalize(c.name));
    if (field < 0) {
      throw new SqlError(SqlState.undefinedColumn, `column "${c.name}" is not a field of nexmark ${kind}`, {
        detail: `valid fields: ${fields.map(([f]) => f).join(', ')}`,
        hint: 'names match case-insensitively, underscores ignored (date_time = dateTime)',
      });
    }
    const [fname, cls] = fields[field]!;
    if (!fits(cls, c.type)) {
      throw new SqlError(SqlState.datatypeMismatch, `column "${c.name}" is of type ${formatType(c.type)} but nexmark ${kind} field "${fname}" needs ${CLASS_TYPES[cls]}`);
    }
    return { field, int4: c.type.id === 'int4' };
  });
}
