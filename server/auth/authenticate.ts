/**
 * Password authentication in the startup phase, PostgreSQL docs §55.2.1 "Start-up" and §21.5
 * "Password Authentication": `md5` (AuthenticationMD5Password) and `scram-sha-256` (§55.3 SASL).
 * As in PostgreSQL, `md5` uses SCRAM when the user has only a SCRAM verifier, `scram-sha-256` fails
 * for a user with only an md5 hash, and unknown users go through the same exchange and fail with
 * the same error (28P01 `password authentication failed for user "x"`), so nothing is revealed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SqlError, SqlState } from '../../common/errors.ts';
import { parseScramVerifier } from '../../common/password-hash.ts';
import { authenticationMd5, authenticationSasl, authenticationSaslData, decodePasswordString, decodeSaslInitial } from '../protocol/auth-messages.ts';
import { decodeFrontend } from '../protocol/frontend.ts';
import { AuthCode } from '../protocol/message-codes.ts';
import type { Inbox, Outbox } from '../wire-io.ts';
import { SCRAM_SHA_256, ScramServer, mockVerifier } from './scram.ts';

/** The authentication methods of `--auth` (pg_hba.conf's names). */
export type AuthMethod = 'trust' | 'md5' | 'scram-sha-256';

/** The authentication methods, for flag validation. */
export const AUTH_METHODS: readonly AuthMethod[] = ['trust', 'md5', 'scram-sha-256'];

/** A user's stored password forms (Engine.passwordOf). */
export interface StoredPassword {
  readonly scram?: string;
  readonly md5?: string;
}

/** Thrown when the client closed the connection during authentication (psql does so before prompting for a password). */
export class ClientGone extends Error {}

function failed(user: string): SqlError {
  return new SqlError(SqlState.invalidPassword, `password authentication failed for user "${user}"`, { severity: 'FATAL' });
}

/** The body of the client's next PasswordMessage; 08P01 if it sends anything else. */
async function nextPassword(inbox: Inbox): Promise<Buffer> {
  const frame = await inbox.next();
  if (!frame) throw new ClientGone();
  const msg = decodeFrontend(frame);
  if (msg.kind !== 'password') {
    throw new SqlError(SqlState.protocolViolation, `expected password response, got message type ${frame.type}`, { severity: 'FATAL' });
  }
  return msg.data;
}

/**
 * Runs `method` for `user` over the connection's inbox and outbox; resolves when the password is
 * right (the caller then sends AuthenticationOk). Throws FATAL 28P01 on a wrong password or an
 * unknown user, 08P01 on a malformed answer, ClientGone when the client hangs up.
 */
export async function authenticate(
  io: { readonly inbox: Inbox; readonly out: Outbox },
  method: AuthMethod,
  user: string,
  stored: StoredPassword | undefined,
): Promise<void> {
  if (method === 'trust') return;
  const useMd5 = method === 'md5' && (stored?.md5 !== undefined || stored?.scram === undefined);
  if (useMd5) {
    const salt = randomBytes(4);
    authenticationMd5(io.out.w, salt);
    await io.out.flush();
    const answer = decodePasswordString(await nextPassword(io.inbox));
    const hash = stored?.md5;
    if (hash === undefined) throw failed(user);
    const expected = `md5${createHash('md5').update(Buffer.concat([Buffer.from(hash.slice(3), 'utf8'), salt])).digest('hex')}`;
    const a = Buffer.from(answer, 'utf8');
    const b = Buffer.from(expected, 'utf8');
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw failed(user);
    return;
  }
  const verifier = stored?.scram !== undefined ? parseScramVerifier(stored.scram) : undefined;
  const scram = new ScramServer(verifier ?? mockVerifier(user));
  authenticationSasl(io.out.w, [SCRAM_SHA_256]);
  await io.out.flush();
  const initial = decodeSaslInitial(await nextPassword(io.inbox));
  if (initial.mechanism !== SCRAM_SHA_256) {
    throw new SqlError(SqlState.protocolViolation, 'client selected an invalid SASL authentication mechanism', { severity: 'FATAL' });
  }
  authenticationSaslData(io.out.w, AuthCode.SASLContinue, scram.first(initial.data));
  await io.out.flush();
  const serverFinal = scram.final((await nextPassword(io.inbox)).toString('utf8'));
  if (serverFinal === undefined || verifier === undefined) throw failed(user);
  authenticationSaslData(io.out.w, AuthCode.SASLFinal, serverFinal);
}
