/**
 * Prepared statements and portals of the extended query protocol (PostgreSQL docs §55.2.3): a
 * prepared statement is a parsed, described statement; a portal is a statement bound to parameter
 * values and result formats, holding its RowCursor between Execute messages.
 */
import { SqlError, SqlState } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import type { ResultColumn, RowCursor, StatementDescription, StatementResult, Value } from '../engine/api.ts';
import type { ParsedStatement } from '../parser/ast.ts';
import { expandFormats } from './protocol/backend.ts';
import { decodeBinary } from './protocol/binary.ts';
import { FormatCode } from './protocol/message-codes.ts';
import { parseValue } from './value-text.ts';

/** A statement created by Parse. `stmt` is undefined for an empty query string. */
export interface PreparedStatement {
  readonly name: string;
  readonly stmt: ParsedStatement | undefined;
  readonly description: StatementDescription;
}

/** A portal created by Bind. The statement runs lazily, at the first Execute. */
export class Portal {
  /** What session.execute returned, once the portal was first executed. */
  result: StatementResult | undefined;
  /** Rows sent so far by all Executes of this portal. */
  rowCount = 0;
  /** True once CommandComplete (or an error) ended the portal. */
  finished = false;

  constructor(
    readonly name: string,
    readonly statement: PreparedStatement,
    readonly params: readonly Value[],
    /** Bind's result format codes, as sent (0, 1 or one per column). */
    readonly resultFormatCodes: readonly number[],
  ) {}

  /** The result columns: the cursor's once executed, else the statement's description; undefined for NoData. */
  get columns(): readonly ResultColumn[] | undefined {
    const r = this.result;
    if (r && (r.kind === 'rows' || r.kind === 'copyOut')) return r.cursor.columns;
    return this.statement.description.columns;
  }

  /** One format code per result column. Throws 08P01 when Bind gave a wrong number of codes. */
  formats(): number[] {
    const n = this.columns?.length ?? 0;
    try {
      return expandFormats(this.resultFormatCodes, n);
    } catch (e) {
      throw new SqlError(SqlState.protocolViolation, (e as Error).message);
    }
  }

  /** The cursor when the portal's result has rows. */
  get cursor(): RowCursor | undefined {
    const r = this.result;
    return r && (r.kind === 'rows' || r.kind === 'copyOut') ? r.cursor : undefined;
  }

  /** Releases the cursor (idempotent). */
  close(): void {
    this.finished = true;
    this.cursor?.close();
  }
}

/**
 * Decodes Bind's parameter values to the statement's parameter types (docs §55.7 "Bind"): format
 * codes are none (all text), one (for all) or one per parameter. Text goes through parseValue
 * (22P02 on bad input; timestamptz text in `opts.timeZone`); binary through decodeBinary (22P03 `incorrect binary data format in bind
 * parameter N`). Throws 08P01 when the counts disagree.
 */
export function decodeParams(
  statementName: string,
  types: readonly SqlType[],
  formatCodes: readonly number[],
  raw: readonly (Buffer | null)[],
  opts: { timeZone?: string } = {},
): Value[] {
  if (raw.length !== types.length) {
    const what = statementName === '' ? 'unnamed prepared statement' : `prepared statement "${statementName}"`;
    throw new SqlError(SqlState.protocolViolation, `bind message supplies ${raw.length} parameters, but ${what} requires ${types.length}`);
  }
  if (formatCodes.length > 1 && formatCodes.length !== raw.length) {
    throw new SqlError(SqlState.protocolViolation, `bind message has ${formatCodes.length} parameter formats but ${raw.length} parameters`);
  }
  return raw.map((bytes, i) => {
    if (bytes === null) return null;
    const format = formatCodes.length === 0 ? FormatCode.Text : formatCodes.length === 1 ? formatCodes[0] : formatCodes[i];
    const type = types[i]!;
    if (format === FormatCode.Binary) {
      try {
        return decodeBinary(type, bytes);
      } catch (e) {
        const detail = e instanceof Error ? e.message : undefined;
        throw new SqlError('22P03', `incorrect binary data format in bind parameter ${i + 1}`, { detail });
      }
    }
    if (format !== FormatCode.Text) throw new SqlError(SqlState.protocolViolation, `unsupported format code: ${format}`);
    return parseValue(type, bytes.toString('utf8'), opts);
  });
}
