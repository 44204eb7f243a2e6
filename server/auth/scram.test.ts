/** SCRAM-SHA-256 against RFC 7677 §3's example exchange, and the stored password forms. */
import { describe, expect, it } from 'vitest';
import { formatScramVerifier, hashPassword, makeScramVerifier, md5PasswordHash, parseScramVerifier } from '../../common/password-hash.ts';
import { ScramServer } from './scram.ts';

const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');

describe('SCRAM-SHA-256 (RFC 7677 example)', () => {
  it('accepts the example proof and answers with the example server signature', () => {
    const v = makeScramVerifier('pencil', salt, 4096);
    const server = new ScramServer(v, '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');
    expect(server.first('n,,n=user,r=rOprNGfwEbeRWgbNEkqO')).toBe(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    const final = server.final('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
    expect(final).toBe('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  it('rejects a wrong password and a changed nonce', () => {
    const server = new ScramServer(makeScramVerifier('other', salt, 4096), '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');
    server.first('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    expect(server.final('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=')).toBeUndefined();
    expect(() => server.final('c=biws,r=xyz,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=')).toThrow(/malformed SCRAM message/);
  });

  it('refuses channel binding it does not offer', () => {
    expect(() => new ScramServer(makeScramVerifier('x')).first('p=tls-server-end-point,,n=,r=abc')).toThrow(/channel binding/);
  });
});

describe('stored password forms', () => {
  it('formats and parses a verifier as rolpassword does', () => {
    const text = formatScramVerifier(makeScramVerifier('pencil', salt, 4096));
    expect(text).toMatch(/^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(parseScramVerifier(text)?.iterations).toBe(4096);
  });

  it('keeps both forms of a cleartext password, and pre-hashed values as given', () => {
    // PostgreSQL: SELECT 'md5' || md5('secret' || 'alice')
    expect(md5PasswordHash('secret', 'alice')).toBe('md54a0a68b43b6cd5cf266fa02f196e2371');
    const both = hashPassword('secret', 'alice');
    expect(both.scram).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(both.md5).toBe(md5PasswordHash('secret', 'alice'));
    expect(hashPassword(both.md5!, 'alice')).toEqual({ scram: undefined, md5: both.md5 });
  });
});
