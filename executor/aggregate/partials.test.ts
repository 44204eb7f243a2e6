import { describe, expect, it } from 'vitest';
import { PartialsChannel, decodePartials, encodePartials } from './partials.ts';

describe('partials between the local and global aggregation phases', () => {
  it('round-trips serialized partials', () => {
    expect(decodePartials(encodePartials(3, [7, 'a', null]))).toEqual([3, [7, 'a', null]]);
  });

  it('hands objects over in one thread through 5-byte handles, each taken once', () => {
    const ch = new PartialsChannel();
    const accs = [{ sum: 5 }];
    const h = ch.put(-2, accs);
    expect(h.length).toBe(5);
    const [delta, got] = ch.take(h);
    expect(delta).toBe(-2);
    expect(got).toBe(accs);
    expect(() => ch.take(h)).toThrow(/already taken/);
  });

  it('still decodes serialized partials on a channel (they start with 0xFF, not the handle tag)', () => {
    const ch = new PartialsChannel();
    const bytes = encodePartials(1, [42]);
    expect(bytes[0]).toBe(0xff);
    expect(ch.take(bytes)).toEqual([1, [42]]);
  });
});
