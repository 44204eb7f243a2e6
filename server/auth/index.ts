/**
 * Password authentication for the startup phase (DESIGN.md "Server"): md5 and SCRAM-SHA-256
 * exchanges against the stored forms of common/password-hash.ts.
 */
export { AUTH_METHODS, ClientGone, authenticate } from './authenticate.ts';
export type { AuthMethod, StoredPassword } from './authenticate.ts';
