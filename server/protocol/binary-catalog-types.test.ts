/** Binary format of the catalog types (oidsend, xidsend, tidsend, namesend, charsend) and the OIDs announced for them. */
import { describe, expect, it } from 'vitest';
import { T } from '../../common/types.ts';
import { binaryBytes, decodeBinary, wireTypeOid } from './binary.ts';

describe('catalog types on the wire', () => {
  it('oid and the reg* types are unsigned 32-bit integers', () => {
    expect(binaryBytes(T.oid, 16384).toString('hex')).toBe('00004000');
    expect(binaryBytes(T.regclass, 2000016384).toString('hex')).toBe('7735d400');
    expect(binaryBytes(T.oid, 4294967295).toString('hex')).toBe('ffffffff');
    expect(decodeBinary(T.oid, Buffer.from('ffffffff', 'hex'))).toBe(4294967295);
    expect(decodeBinary(T.xid, binaryBytes(T.xid, 1))).toBe(1);
  });

  it('tid is a block number and an offset; name and "char" are their bytes', () => {
    expect(binaryBytes(T.tid, '(0,2)').toString('hex')).toBe('000000000002');
    expect(decodeBinary(T.tid, Buffer.from('000000010003', 'hex'))).toBe('(1,3)');
    expect(decodeBinary(T.name, binaryBytes(T.name, 'pg_class'))).toBe('pg_class');
    expect(binaryBytes(T.char, 'r').toString('hex')).toBe('72');
  });

  it("announces PostgreSQL's type OIDs", () => {
    expect([T.oid, T.regclass, T.regtype, T.regproc, T.name, T.char, T.xid, T.tid].map(wireTypeOid)).toEqual([26, 2205, 2206, 24, 19, 18, 28, 27]);
  });
});
