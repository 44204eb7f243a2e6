/**
 * String keys of JavaScript values (common/types.ts representation) for hash lookups outside binary
 * rows: lookup-join caches, dimension-table indexes. Values of one SQL type that are equal give equal
 * strings (numeric values compare by Decimal's normalized text, so 1.5 and 1.50 agree); a NULL
 * component is marked so that callers can refuse to match it, as SQL equality does.
 */

/** The key of `values`. */
export function valueKey(values: readonly unknown[]): string {
  let out = '';
  for (const v of values) {
    if (v === null || v === undefined) out += '\u0000N';
    else if (typeof v === 'number' || typeof v === 'bigint') out += '\u0001' + String(v);
    else if (typeof v === 'string') out += '\u0002' + v;
    else if (typeof v === 'boolean') out += v ? '\u0003t' : '\u0003f';
    else if (v instanceof Uint8Array) out += '\u0004' + Buffer.from(v).toString('hex');
    else out += '\u0005' + String(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)) ?? String(v));
  }
  return out;
}
