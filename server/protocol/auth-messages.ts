/**
 * Encoders of the authentication requests (docs §55.7 "AuthenticationMD5Password",
 * "AuthenticationSASL", "AuthenticationSASLContinue", "AuthenticationSASLFinal") and the decoder of
 * the client's answers, which all arrive as PasswordMessage ('p') bodies (docs §55.7
 * "PasswordMessage", "SASLInitialResponse", "SASLResponse"); their meaning depends on the request.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import { AuthCode, BackendCode } from './message-codes.ts';
import type { BufferWriter } from './writer.ts';

/** AuthenticationMD5Password with its 4-byte salt. */
export function authenticationMd5(w: BufferWriter, salt: Buffer): void {
  const at = w.begin(BackendCode.Authentication);
  w.int32(AuthCode.MD5Password).bytes(salt);
  w.end(at);
}

/** AuthenticationSASL listing the mechanisms the server offers. */
export function authenticationSasl(w: BufferWriter, mechanisms: readonly string[]): void {
  const at = w.begin(BackendCode.Authentication);
  w.int32(AuthCode.SASL);
  for (const m of mechanisms) w.cstring(m);
  w.uint8(0);
  w.end(at);
}

/** AuthenticationSASLContinue or AuthenticationSASLFinal carrying mechanism data. */
export function authenticationSaslData(w: BufferWriter, code: typeof AuthCode.SASLContinue | typeof AuthCode.SASLFinal, data: string): void {
  const at = w.begin(BackendCode.Authentication);
  w.int32(code).bytes(Buffer.from(data, 'utf8'));
  w.end(at);
}

function authError(message: string): SqlError {
  return new SqlError(SqlState.protocolViolation, message, { severity: 'FATAL' });
}

/** A PasswordMessage body as a NUL-terminated string (md5 and cleartext answers). */
export function decodePasswordString(body: Buffer): string {
  const end = body.indexOf(0);
  if (end < 0) throw authError('invalid password packet');
  return body.toString('utf8', 0, end);
}

/** SASLInitialResponse: the chosen mechanism and the client-first-message (empty when length is −1). */
export function decodeSaslInitial(body: Buffer): { mechanism: string; data: string } {
  const end = body.indexOf(0);
  if (end < 0 || end + 5 > body.length) throw authError('malformed SASL initial response');
  const mechanism = body.toString('utf8', 0, end);
  const len = body.readInt32BE(end + 1);
  const start = end + 5;
  if (len > body.length - start) throw authError('malformed SASL initial response');
  return { mechanism, data: len < 0 ? '' : body.toString('utf8', start, start + len) };
}
