import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { MAX_CLASS_BYTES, SLAB_BYTES, StateArena, regionBytes } from './arena.ts';

describe('StateArena', () => {
  it('rounds requests up to size classes that waste at most a third, in multiples of 8', () => {
    let prev = 0;
    for (let n = 1; n <= MAX_CLASS_BYTES; n++) {
      const r = regionBytes(n);
      expect(r).toBeGreaterThanOrEqual(n);
      expect(r % 8).toBe(0);
      if (n > 16) expect(r).toBeLessThanOrEqual(Math.ceil((n * 3) / 2 / 8) * 8);
      expect(r).toBeGreaterThanOrEqual(prev);
      prev = r;
    }
    expect(regionBytes(MAX_CLASS_BYTES + 1)).toBe(MAX_CLASS_BYTES + 8);
  });

  it('carves exact-length, zeroed, 8-byte aligned views from shared slabs', () => {
    const a = new StateArena();
    const x = a.bytes(100);
    const y = a.int32(7);
    expect(x.length).toBe(100);
    expect(y.length).toBe(7);
    expect(x.buffer).toBe(y.buffer);
    expect(x.buffer.byteLength).toBe(SLAB_BYTES);
    expect(y.byteOffset % 8).toBe(0);
    expect(y.byteOffset).toBeGreaterThanOrEqual(x.byteOffset + regionBytes(100));
    expect([...x].every((v) => v === 0) && [...y].every((v) => v === 0)).toBe(true);
    expect(a.slabBytes).toBe(SLAB_BYTES);
  });

  it('reuses a freed region only after recycle, zeroed, for a request of the same class', () => {
    const a = new StateArena();
    const x = a.bytes(100);
    x.fill(7);
    a.free(x);
    const before = a.bytes(100);
    expect(before.byteOffset).not.toBe(x.byteOffset); // not yet recycled: x is still readable
    expect(x[0]).toBe(7);
    a.recycle();
    const again = a.int32(25); // 100 bytes: the same class
    expect(again.buffer).toBe(x.buffer);
    expect(again.byteOffset).toBe(x.byteOffset);
    expect([...again].every((v) => v === 0)).toBe(true);
    const other = a.bytes(1000); // another class: a fresh region
    expect(other.byteOffset).not.toBe(x.byteOffset);
  });

  it('gives large requests their own buffer and leaves foreign arrays to the GC', () => {
    const a = new StateArena();
    const big = a.bytes(MAX_CLASS_BYTES + 1);
    expect(big.buffer.byteLength).toBe(MAX_CLASS_BYTES + 1);
    a.free(big);
    a.free(new Uint8Array(64));
    a.recycle();
    const fresh = a.bytes(64);
    expect(fresh.buffer.byteLength).toBe(SLAB_BYTES);
    expect(fresh.byteOffset).toBe(0);
  });

  it('keeps a view in a foreign buffer of slab size out of the pool (a snapshot restored into one buffer)', () => {
    const a = new StateArena();
    const foreign = new Uint8Array(new ArrayBuffer(SLAB_BYTES), 64, 16);
    a.free(foreign);
    a.recycle();
    expect(a.bytes(16).buffer).not.toBe(foreign.buffer);
  });

  it('does not count its slabs as V8 external memory, which would start full collections', () => {
    const a = new StateArena();
    const before = process.memoryUsage();
    const keep = Array.from({ length: 64 }, () => a.bytes(MAX_CLASS_BYTES)); // 4 slabs
    const after = process.memoryUsage();
    expect(keep[0]!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(after.arrayBuffers - before.arrayBuffers).toBeGreaterThanOrEqual(4 * SLAB_BYTES);
    expect(after.external - before.external).toBeLessThan(SLAB_BYTES);
    // The same bytes as ArrayBuffers are counted.
    const plain = Array.from({ length: 4 }, () => new ArrayBuffer(SLAB_BYTES));
    expect(process.memoryUsage().external - after.external).toBeGreaterThanOrEqual(4 * SLAB_BYTES);
    expect(plain.length + keep.length).toBe(68);
  });

  it('zeroes a reused region and shifts nothing outside it', () => {
    const a = new StateArena();
    const left = a.bytes(24);
    const x = a.bytes(24);
    const right = a.bytes(24);
    left.fill(1);
    x.fill(2);
    right.fill(3);
    a.free(x);
    a.recycle();
    const y = a.bytes(20);
    expect(y.byteOffset).toBe(x.byteOffset);
    expect([...new Uint8Array(y.buffer, y.byteOffset, 24)].every((v) => v === 0)).toBe(true);
    expect([...left].every((v) => v === 1) && [...right].every((v) => v === 3)).toBe(true);
  });

  it('starts a new slab when one is full', () => {
    const a = new StateArena();
    const per = regionBytes(MAX_CLASS_BYTES);
    const views = Array.from({ length: SLAB_BYTES / per + 1 }, () => a.bytes(MAX_CLASS_BYTES));
    expect(new Set(views.map((v) => v.buffer)).size).toBe(2);
    expect(a.slabBytes).toBe(2 * SLAB_BYTES);
  });

  it('is a plain allocator when not pooled (state that expires entries)', () => {
    const a = new StateArena(false);
    const x = a.bytes(100);
    expect(x.buffer.byteLength).toBe(100);
    a.free(x);
    a.recycle();
    expect(a.bytes(100).buffer).not.toBe(x.buffer);
    expect(a.slabBytes).toBe(0);
  });

  it('views survive v8 serialization (snapshots) with their contents', () => {
    const a = new StateArena();
    const x = a.bytes(10);
    const y = a.int32(3);
    x.set([1, 2, 3]);
    y.set([-1, 5, 9]);
    const back = deserialize(serialize({ x, y })) as { x: Uint8Array; y: Int32Array };
    expect([...back.x.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect([...back.y]).toEqual([-1, 5, 9]);
    expect(back.x.length).toBe(10);
  });
});
