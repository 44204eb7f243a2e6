/**
 * The one error type a client sees, shaped as PostgreSQL's ErrorResponse fields (PostgreSQL docs
 * §55.8 "Error and Notice Message Fields", codes from Appendix A "PostgreSQL Error Codes").
 * Internal bugs are a separate class (`InternalError`) and reach the client as XX000.
 */

/** SQLSTATE codes Strom raises, named as in PostgreSQL's errcodes.txt. */
export const SqlState = {
  successfulCompletion: '00000',
  warning: '01000',
  featureNotSupported: '0A000',
  invalidCatalogName: '3D000',
  invalidSchemaName: '3F000',
  invalidCursorName: '34000',
  invalidSqlStatementName: '26000',
  duplicatePreparedStatement: '42P05',
  duplicateCursor: '42P03',
  syntaxError: '42601',
  undefinedTable: '42P01',
  undefinedColumn: '42703',
  undefinedFunction: '42883',
  undefinedObject: '42704',
  undefinedParameter: '42P02',
  ambiguousColumn: '42702',
  ambiguousFunction: '42725',
  duplicateTable: '42P07',
  duplicateObject: '42710',
  duplicateColumn: '42701',
  datatypeMismatch: '42804',
  cannotCoerce: '42846',
  groupingError: '42803',
  windowingError: '42P20',
  invalidColumnReference: '42P10',
  wrongObjectType: '42809',
  invalidTableDefinition: '42P16',
  invalidParameterValue: '22023',
  badCopyFileFormat: '22P04',
  invalidTextRepresentation: '22P02',
  invalidDatetimeFormat: '22007',
  datetimeFieldOverflow: '22008',
  numericValueOutOfRange: '22003',
  divisionByZero: '22012',
  stringDataRightTruncation: '22001',
  invalidRegularExpression: '2201B',
  invalidEscapeSequence: '22025',
  nullValueNotAllowed: '22004',
  notNullViolation: '23502',
  uniqueViolation: '23505',
  dependentObjectsStillExist: '2BP01',
  invalidTransactionState: '25000',
  activeSqlTransaction: '25001',
  noActiveSqlTransaction: '25P01',
  inFailedSqlTransaction: '25P02',
  protocolViolation: '08P01',
  connectionFailure: '08006',
  queryCanceled: '57014',
  adminShutdown: '57P01',
  tooManyConnections: '53300',
  programLimitExceeded: '54000',
  outOfMemory: '53200',
  invalidPassword: '28P01',
  invalidAuthorizationSpecification: '28000',
  undefinedFile: '58P01',
  insufficientPrivilege: '42501',
  objectInUse: '55006',
  objectNotInPrerequisiteState: '55000',
  cardinalityViolation: '21000',
  internalError: 'XX000',
} as const;

export type SqlStateCode = (typeof SqlState)[keyof typeof SqlState] | string;

/** Severity as sent in the S/V fields. */
export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

/** Fields of an SqlError besides code and message. */
export interface SqlErrorFields {
  /** 1-based character position in the statement text (ErrorResponse field P). */
  position?: number;
  detail?: string;
  hint?: string;
  severity?: Severity;
}

/**
 * An error that a user caused, with a SQLSTATE (`code`), PostgreSQL-worded message
 * (e.g. `column "x" does not exist`) and, for errors tied to the statement text, a 1-based `position`.
 */
export class SqlError extends Error {
  readonly code: SqlStateCode;
  position?: number;
  readonly detail?: string;
  readonly hint?: string;
  readonly severity: Severity;

  constructor(code: SqlStateCode, message: string, fields: SqlErrorFields = {}) {
    super(message);
    this.name = 'SqlError';
    this.code = code;
    this.position = fields.position;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.severity = fields.severity ?? 'ERROR';
  }
}

/** A bug in Strom (an invariant broken). Reaches the client as XX000 with the message. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** Turns anything thrown into an SqlError for the wire: SqlErrors pass through, the rest become XX000. */
export function toSqlError(e: unknown): SqlError {
  if (e instanceof SqlError) return e;
  if (e instanceof Error) return new SqlError(SqlState.internalError, e.message);
  return new SqlError(SqlState.internalError, String(e));
}

/** Exhaustiveness check for `switch` over discriminated unions: the build breaks when a case is missing. */
export function assertNever(x: never, what = 'value'): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(x)}`);
}
