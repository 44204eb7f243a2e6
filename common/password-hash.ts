/**
 * The stored forms of a password, as PostgreSQL keeps them in pg_authid.rolpassword:
 *  - SCRAM-SHA-256 verifier, `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64 parts),
 *    PostgreSQL docs §21.5 "Password Authentication" and RFC 5802 §3 / RFC 7677;
 *  - md5, `md5` + hex(md5(password || username)) (docs §21.5, the `md5` method).
 * Strom keeps both so that either `--auth` method works for a user (PostgreSQL keeps one, chosen by
 * password_encryption). Crypto is node:crypto's.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's default iteration count (scram_iterations, docs §20.3). */
export const SCRAM_ITERATIONS = 4096;
/** PostgreSQL's salt length (SCRAM_DEFAULT_SALT_LEN). */
const SCRAM_SALT_LEN = 16;

/** A parsed SCRAM-SHA-256 verifier. */
export interface ScramVerifier {
  readonly iterations: number;
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

/** HMAC-SHA-256. */
export function hmac(key: Buffer, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** SHA-256. */
export function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * SASLprep (RFC 4013) approximated by Unicode NFKC normalization, which is what it amounts to for
 * passwords without prohibited characters; PostgreSQL also falls back to the raw bytes when a
 * password is not valid SASLprep input.
 */
function saslPrep(password: string): string {
  return password.normalize('NFKC');
}

/** The SaltedPassword of RFC 5802 §3: PBKDF2-HMAC-SHA-256 (Hi) of the normalized password. */
export function saltedPassword(password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(Buffer.from(saslPrep(password), 'utf8'), salt, iterations, 32, 'sha256');
}

/** Computes the keys of a SCRAM-SHA-256 verifier from a password (random salt unless given). */
export function makeScramVerifier(password: string, salt = randomBytes(SCRAM_SALT_LEN), iterations = SCRAM_ITERATIONS): ScramVerifier {
  const salted = saltedPassword(password, salt, iterations);
  return {
    iterations,
    salt,
    storedKey: sha256(hmac(salted, 'Client Key')),
    serverKey: hmac(salted, 'Server Key'),
  };
}

/** The rolpassword text of a verifier. */
export function formatScramVerifier(v: ScramVerifier): string {
  return `SCRAM-SHA-256$${v.iterations}:${v.salt.toString('base64')}$${v.storedKey.toString('base64')}:${v.serverKey.toString('base64')}`;
}

const SCRAM_RE = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/;

/** Parses a rolpassword SCRAM verifier; undefined when `s` is not one. */
export function parseScramVerifier(s: string): ScramVerifier | undefined {
  const m = SCRAM_RE.exec(s);
  if (!m) return undefined;
  const storedKey = Buffer.from(m[3]!, 'base64');
  const serverKey = Buffer.from(m[4]!, 'base64');
  if (storedKey.length !== 32 || serverKey.length !== 32) return undefined;
  return { iterations: Number(m[1]), salt: Buffer.from(m[2]!, 'base64'), storedKey, serverKey };
}

/** The md5 form: `md5` + hex(md5(password || username)). */
export function md5PasswordHash(password: string, user: string): string {
  return `md5${createHash('md5').update(password + user).digest('hex')}`;
}

/** Whether `s` is already an md5 hash as rolpassword stores it (CREATE USER … PASSWORD 'md5…' stores it as given). */
export function isMd5Hash(s: string): boolean {
  return /^md5[0-9a-f]{32}$/.test(s);
}

/** The stored forms of a password given in CREATE/ALTER USER … PASSWORD: a pre-hashed value is kept as given. */
export function hashPassword(password: string, user: string): { scram: string | undefined; md5: string | undefined } {
  if (parseScramVerifier(password)) return { scram: password, md5: undefined };
  if (isMd5Hash(password)) return { scram: undefined, md5: password };
  return { scram: formatScramVerifier(makeScramVerifier(password)), md5: md5PasswordHash(password, user) };
}
