/**
 * Message type bytes and magic codes of the PostgreSQL frontend/backend protocol, version 3.0.
 * See PostgreSQL docs §55.7 "Message Formats":
 * https://www.postgresql.org/docs/15/protocol-message-formats.html
 */

/** First byte of each message a client sends after startup (docs §55.7). */
export const FrontendCode = {
  Query: 0x51, // 'Q'
  Parse: 0x50, // 'P'
  Bind: 0x42, // 'B'
  Describe: 0x44, // 'D'
  Execute: 0x45, // 'E'
  Sync: 0x53, // 'S'
  Flush: 0x48, // 'H'
  Close: 0x43, // 'C'
  Terminate: 0x58, // 'X'
  CopyData: 0x64, // 'd'
  CopyDone: 0x63, // 'c'
  CopyFail: 0x66, // 'f'
  PasswordMessage: 0x70, // 'p'
  FunctionCall: 0x46, // 'F'
} as const;

/** First byte of each message the server sends (docs §55.7). */
export const BackendCode = {
  Authentication: 0x52, // 'R'
  ParameterStatus: 0x53, // 'S'
  BackendKeyData: 0x4b, // 'K'
  ReadyForQuery: 0x5a, // 'Z'
  RowDescription: 0x54, // 'T'
  DataRow: 0x44, // 'D'
  CommandComplete: 0x43, // 'C'
  EmptyQueryResponse: 0x49, // 'I'
  ErrorResponse: 0x45, // 'E'
  NoticeResponse: 0x4e, // 'N'
  ParseComplete: 0x31, // '1'
  BindComplete: 0x32, // '2'
  CloseComplete: 0x33, // '3'
  NoData: 0x6e, // 'n'
  ParameterDescription: 0x74, // 't'
  PortalSuspended: 0x73, // 's'
  CopyInResponse: 0x47, // 'G'
  CopyOutResponse: 0x48, // 'H'
  CopyData: 0x64, // 'd'
  CopyDone: 0x63, // 'c'
} as const;

/** The int32 codes that open an untyped startup-phase packet (docs §55.7 "StartupMessage", "SSLRequest", "CancelRequest", "GSSENCRequest"). */
export const StartupCode = {
  /** Protocol 3.0: major 3 in the high 16 bits, minor 0. */
  Protocol3: 196608,
  SSLRequest: 80877103,
  GSSENCRequest: 80877104,
  CancelRequest: 80877102,
} as const;

/** Field type bytes of ErrorResponse and NoticeResponse (docs §55.8 "Error and Notice Message Fields"). */
export const ErrorField = {
  Severity: 0x53, // 'S' (localized)
  SeverityNonLocalized: 0x56, // 'V'
  Code: 0x43, // 'C'
  Message: 0x4d, // 'M'
  Detail: 0x44, // 'D'
  Hint: 0x48, // 'H'
  Position: 0x50, // 'P'
} as const;

/** Format codes of parameters and result columns (docs §55.2.3): 0 text, 1 binary. */
export const FormatCode = {
  Text: 0,
  Binary: 1,
} as const;

/** A format code: 0 text or 1 binary. */
export type FormatCodeValue = (typeof FormatCode)[keyof typeof FormatCode];

/** Authentication request codes (docs §55.7 "AuthenticationOk", "AuthenticationCleartextPassword", "AuthenticationMD5Password", "AuthenticationSASL*"). */
export const AuthCode = {
  Ok: 0,
  CleartextPassword: 3,
  MD5Password: 5,
  SASL: 10,
  SASLContinue: 11,
  SASLFinal: 12,
} as const;

/** Bounds on a message's length word (which counts itself): below 4 is malformed; above 1 GiB Strom refuses (docs §55.2.1 recommends a limit). */
export const MessageLimits = {
  MinLength: 4,
  MaxLength: 1 << 30,
} as const;
