/**
 * HASH_CODE(x), Flink's built-in hash of any value to an int4, used by split distinct aggregation
 * (planner/optimizer/rules/split-distinct-aggregate.ts) to spread a distinct key over buckets as
 * `mod(hash_code(x), N)`. Equal SQL values hash equally (int8 values are canonical numbers or
 * bigints; numerics hash by their normalized text; -0 as 0); NULL gives NULL (strict).
 */
import { T } from '../../../common/types.ts';
import { ANY_TYPE, def, type FunctionImpl } from './types.ts';

/** 32-bit FNV-1a of a string's UTF-16 code units, as a signed int4. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** A stable int4 hash of a SQL value's JavaScript form. */
export function hashCode(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return fnv1a(Object.is(v, -0) ? '0' : String(v));
    case 'bigint':
      return fnv1a(v.toString());
    case 'string':
      return fnv1a(v);
    case 'boolean':
      return v ? 1231 : 1237;
    default:
      break;
  }
  if (v instanceof Uint8Array) return fnv1a(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1'));
  return fnv1a(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v));
}

/** The hash overloads. */
export const HASH_FUNCTIONS: readonly FunctionImpl[] = [def('hash_code', 'hash_code', [ANY_TYPE], T.int4, hashCode)];
