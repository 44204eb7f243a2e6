/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL runs it: PostgreSQL docs
 * §55.3 "SASL Authentication" and §55.3.1 "SCRAM-SHA-256 Authentication". No channel binding
 * (SCRAM-SHA-256-PLUS is not offered); the user name in the client's message is ignored in favour
 * of the startup packet's, as PostgreSQL does. Pure message logic, no sockets: `first` answers the
 * client-first-message, `final` checks the client's proof and returns the server-final-message.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SqlError, SqlState } from '../../common/errors.ts';
import { SCRAM_ITERATIONS, hmac, sha256 } from '../../common/password-hash.ts';
import type { ScramVerifier } from '../../common/password-hash.ts';

/** The mechanism name PostgreSQL advertises in AuthenticationSASL. */
export const SCRAM_SHA_256 = 'SCRAM-SHA-256';

function malformed(detail: string): SqlError {
  return new SqlError(SqlState.protocolViolation, 'malformed SCRAM message', { severity: 'FATAL', detail });
}

/** Splits `a=v,b=w` into attributes, in order. */
function attributes(s: string): [string, string][] {
  return s.split(',').map((part) => {
    if (part.length < 2 || part[1] !== '=') throw malformed(`Attribute expected, but found "${part}".`);
    return [part[0]!, part.slice(2)];
  });
}

/**
 * A verifier that matches no password, for unknown users and users without a password, so that the
 * exchange looks the same as for a real user (PostgreSQL's mock authentication): salt derived from
 * the user name, random keys.
 */
export function mockVerifier(user: string): ScramVerifier {
  const salt = createHash('sha256').update(`strom-mock-salt:${user}`).digest().subarray(0, 16);
  return { iterations: SCRAM_ITERATIONS, salt, storedKey: randomBytes(32), serverKey: randomBytes(32) };
}

/** One SCRAM-SHA-256 exchange for one connection. */
export class ScramServer {
  private clientFirstBare = '';
  private serverFirst = '';
  private gs2Header = '';
  private nonce = '';

  /** `serverNonce` is random unless given (tests use RFC 7677's example). */
  constructor(
    private readonly verifier: ScramVerifier,
    private readonly serverNonce = randomBytes(18).toString('base64'),
  ) {}

  /** Answers the client-first-message (from SASLInitialResponse) with the server-first-message. */
  first(clientFirst: string): string {
    const flag = clientFirst[0];
    if (flag === 'p') {
      throw new SqlError(SqlState.protocolViolation, 'channel binding is not supported by this server', { severity: 'FATAL' });
    }
    if ((flag !== 'n' && flag !== 'y') || clientFirst[1] !== ',') throw malformed('Unexpected channel-binding flag.');
    const authzEnd = clientFirst.indexOf(',', 2);
    if (authzEnd < 0) throw malformed('Comma expected after authorization identity.');
    if (authzEnd !== 2) {
      throw new SqlError(SqlState.featureNotSupported, 'client uses authorization identity, but it is not supported', { severity: 'FATAL' });
    }
    this.gs2Header = clientFirst.slice(0, authzEnd + 1);
    this.clientFirstBare = clientFirst.slice(authzEnd + 1);
    const attrs = attributes(this.clientFirstBare);
    if (attrs[0]?.[0] === 'm') {
      throw new SqlError(SqlState.featureNotSupported, 'client requires an unsupported SCRAM extension', { severity: 'FATAL' });
    }
    if (attrs[0]?.[0] !== 'n' || attrs[1]?.[0] !== 'r' || attrs[1][1] === '') throw malformed('Expected user name and client nonce.');
    this.nonce = attrs[1][1] + this.serverNonce;
    const v = this.verifier;
    this.serverFirst = `r=${this.nonce},s=${v.salt.toString('base64')},i=${v.iterations}`;
    return this.serverFirst;
  }

  /**
   * Checks the client-final-message (from SASLResponse). Returns the server-final-message when the
   * proof is right, undefined when the password is wrong; throws 08P01 on a malformed message.
   */
  final(clientFinal: string): string | undefined {
    const attrs = attributes(clientFinal);
    const proofAttr = attrs[attrs.length - 1];
    if (attrs[0]?.[0] !== 'c' || attrs[1]?.[0] !== 'r' || proofAttr?.[0] !== 'p') throw malformed('Expected channel binding, nonce and proof.');
    if (Buffer.from(attrs[0][1], 'base64').toString('utf8') !== this.gs2Header) throw malformed('SCRAM channel binding check failed.');
    if (attrs[1][1] !== this.nonce) throw malformed('Nonce does not match.');
    const withoutProof = clientFinal.slice(0, clientFinal.lastIndexOf(',p='));
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const proof = Buffer.from(proofAttr[1], 'base64');
    const v = this.verifier;
    if (proof.length !== v.storedKey.length) throw malformed('Malformed proof in client-final-message.');
    const clientSignature = hmac(v.storedKey, authMessage);
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    if (!timingSafeEqual(sha256(clientKey), v.storedKey)) return undefined;
    return `v=${hmac(v.serverKey, authMessage).toString('base64')}`;
  }
}
