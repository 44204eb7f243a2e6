/**
 * Encoders of the messages the server sends, appended to a BufferWriter so that many messages go
 * out in one socket write. PostgreSQL docs §55.7 "Message Formats" (and §55.8 for error fields).
 */
import type { SqlError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import { typeLen, typeModifier } from '../../common/types.ts';
import type { Notice, ResultColumn } from '../../engine/api.ts';
import { formatValue } from '../value-text.ts';
import type { FormatOptions } from '../value-text.ts';
import { encodeBinary, wireTypeOid } from './binary.ts';
import { AuthCode, BackendCode, ErrorField, FormatCode } from './message-codes.ts';
import type { BufferWriter } from './writer.ts';

/** AuthenticationOk (docs §55.7): trust authentication. */
export function authenticationOk(w: BufferWriter): void {
  const at = w.begin(BackendCode.Authentication);
  w.int32(AuthCode.Ok);
  w.end(at);
}

/** ParameterStatus (docs §55.7): a run-time parameter's current value. */
export function parameterStatus(w: BufferWriter, name: string, value: string): void {
  const at = w.begin(BackendCode.ParameterStatus);
  w.cstring(name).cstring(value);
  w.end(at);
}

/** BackendKeyData (docs §55.7): the pid and secret a CancelRequest must quote. */
export function backendKeyData(w: BufferWriter, pid: number, secret: number): void {
  const at = w.begin(BackendCode.BackendKeyData);
  w.int32(pid).int32(secret);
  w.end(at);
}

/** ReadyForQuery (docs §55.7): I idle, T in a transaction block, E in a failed one. */
export function readyForQuery(w: BufferWriter, status: 'I' | 'T' | 'E'): void {
  const at = w.begin(BackendCode.ReadyForQuery);
  w.uint8(status.charCodeAt(0));
  w.end(at);
}

/**
 * Expands Bind's result format codes to one per column (docs §55.7 "Bind": none means all text,
 * one applies to all). Throws when the count matches neither; the caller reports 08P01.
 */
export function expandFormats(codes: readonly number[], n: number): number[] {
  if (codes.length === 0) return new Array<number>(n).fill(FormatCode.Text);
  if (codes.length === 1) return new Array<number>(n).fill(codes[0]!);
  if (codes.length !== n) throw new Error(`bind message has ${codes.length} result formats but query has ${n} columns`);
  return [...codes];
}

/** RowDescription (docs §55.7): one field per column, with its format code (0 text, 1 binary). */
export function rowDescription(w: BufferWriter, columns: readonly ResultColumn[], formats?: readonly number[]): void {
  const at = w.begin(BackendCode.RowDescription);
  w.int16(columns.length);
  columns.forEach((c, i) => {
    w.cstring(c.name);
    w.int32(c.tableOid).int16(c.attnum);
    w.uint32(wireTypeOid(c.type)).int16(typeLen(c.type)).int32(typeModifier(c.type));
    w.int16(formats?.[i] ?? FormatCode.Text);
  });
  w.end(at);
}

/**
 * Encodes DataRows (docs §55.7 "DataRow") for a fixed column list and format codes. Text values use
 * the PostgreSQL text output with the session's options; binary values use protocol/binary.ts.
 */
export class RowEncoder {
  private readonly types: readonly SqlType[];
  private readonly binary: readonly boolean[];
  private readonly plainText: readonly boolean[];

  constructor(columns: readonly ResultColumn[], formats: readonly number[] | undefined, private readonly opts: FormatOptions) {
    this.types = columns.map((c) => c.type);
    this.binary = columns.map((_, i) => formats?.[i] === FormatCode.Binary);
    this.plainText = this.types.map((t) => t.id === 'text' || t.id === 'varchar' || t.id === 'unknown');
  }

  /** Appends one DataRow; `row` has one value per column, null for NULL. */
  encode(w: BufferWriter, row: readonly unknown[]): void {
    const at = w.begin(BackendCode.DataRow);
    const n = this.types.length;
    w.int16(n);
    for (let i = 0; i < n; i++) this.encodeField(w, i, row[i]);
    w.end(at);
  }

  /** Appends one field as int32 length (−1 for NULL) and bytes. */
  encodeField(w: BufferWriter, i: number, v: unknown): void {
    if (v === null || v === undefined) {
      w.int32(-1);
      return;
    }
    const at = w.reserveInt32();
    if (this.binary[i]) encodeBinary(w, this.types[i]!, v);
    else if (this.plainText[i] && typeof v === 'string') w.utf8(v);
    else w.utf8(formatValue(this.types[i]!, v, this.opts));
    w.patchInt32(at, w.offset - at - 4);
  }
}

/** CommandComplete (docs §55.7) with a tag such as `SELECT 5` or `INSERT 0 1`. */
export function commandComplete(w: BufferWriter, tag: string): void {
  const at = w.begin(BackendCode.CommandComplete);
  w.cstring(tag);
  w.end(at);
}

function emptyMessage(w: BufferWriter, code: number): void {
  w.end(w.begin(code));
}

/** EmptyQueryResponse (docs §55.7): the query string had no statement. */
export function emptyQueryResponse(w: BufferWriter): void {
  emptyMessage(w, BackendCode.EmptyQueryResponse);
}
/** ParseComplete (docs §55.7). */
export function parseComplete(w: BufferWriter): void {
  emptyMessage(w, BackendCode.ParseComplete);
}
/** BindComplete (docs §55.7). */
export function bindComplete(w: BufferWriter): void {
  emptyMessage(w, BackendCode.BindComplete);
}
/** CloseComplete (docs §55.7). */
export function closeComplete(w: BufferWriter): void {
  emptyMessage(w, BackendCode.CloseComplete);
}
/** NoData (docs §55.7): the statement or portal returns no rows. */
export function noData(w: BufferWriter): void {
  emptyMessage(w, BackendCode.NoData);
}
/** PortalSuspended (docs §55.7): Execute's row limit was reached; more rows may follow. */
export function portalSuspended(w: BufferWriter): void {
  emptyMessage(w, BackendCode.PortalSuspended);
}
/** CopyDone (docs §55.7). */
export function copyDone(w: BufferWriter): void {
  emptyMessage(w, BackendCode.CopyDone);
}

/** ParameterDescription (docs §55.7): one type OID per parameter. */
export function parameterDescription(w: BufferWriter, types: readonly SqlType[]): void {
  const at = w.begin(BackendCode.ParameterDescription);
  w.int16(types.length);
  for (const t of types) w.uint32(wireTypeOid(t));
  w.end(at);
}

/** The fields of ErrorResponse/NoticeResponse (docs §55.8). */
export interface ErrorFields {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character position in the query string. */
  readonly position?: number;
}

function errorOrNotice(w: BufferWriter, code: number, f: ErrorFields): void {
  const at = w.begin(code);
  w.uint8(ErrorField.Severity).cstring(f.severity);
  w.uint8(ErrorField.SeverityNonLocalized).cstring(f.severity);
  w.uint8(ErrorField.Code).cstring(f.code);
  w.uint8(ErrorField.Message).cstring(f.message);
  if (f.detail !== undefined) w.uint8(ErrorField.Detail).cstring(f.detail);
  if (f.hint !== undefined) w.uint8(ErrorField.Hint).cstring(f.hint);
  if (f.position !== undefined) w.uint8(ErrorField.Position).cstring(String(f.position));
  w.uint8(0);
  w.end(at);
}

/** ErrorResponse (docs §55.7, fields §55.8: S, V, C, M, D, H, P) for an SqlError. */
export function errorResponse(w: BufferWriter, e: SqlError | ErrorFields): void {
  errorOrNotice(w, BackendCode.ErrorResponse, {
    severity: e.severity,
    code: String(e.code),
    message: e.message,
    detail: e.detail,
    hint: e.hint,
    position: e.position,
  });
}

/** NoticeResponse (docs §55.7, fields §55.8). */
export function noticeResponse(w: BufferWriter, n: Notice): void {
  errorOrNotice(w, BackendCode.NoticeResponse, { severity: n.severity, code: n.code, message: n.message, detail: n.detail });
}

function copyResponse(w: BufferWriter, code: number, overall: number, columnFormats: readonly number[]): void {
  const at = w.begin(code);
  w.int8(overall).int16(columnFormats.length);
  for (const f of columnFormats) w.int16(f);
  w.end(at);
}

/** CopyInResponse (docs §55.7): overall format 0 text/csv, 1 binary; one format per column. */
export function copyInResponse(w: BufferWriter, overall: number, columnFormats: readonly number[]): void {
  copyResponse(w, BackendCode.CopyInResponse, overall, columnFormats);
}

/** CopyOutResponse (docs §55.7): overall format 0 text/csv, 1 binary; one format per column. */
export function copyOutResponse(w: BufferWriter, overall: number, columnFormats: readonly number[]): void {
  copyResponse(w, BackendCode.CopyOutResponse, overall, columnFormats);
}

/** CopyData (docs §55.7) carrying `data`. */
export function copyData(w: BufferWriter, data: Uint8Array): void {
  const at = w.begin(BackendCode.CopyData);
  w.bytes(data);
  w.end(at);
}
