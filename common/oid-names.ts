/**
 * Text I/O of the reg* types (PostgreSQL docs §8.19 Object Identifier Types): a regclass prints as
 * the relation's name, a regtype as format_type's name, a regproc as the function's name, and each
 * reads a name back into its OID. The names live in the session's catalog, which common/ does not
 * know: catalog/pg-catalog/reg-names.ts installs the lookups. An OID without a known object prints
 * as its number (as PostgreSQL does); a number reads as itself.
 */
import { SqlError, SqlState } from './errors.ts';

/** The reg* type ids. */
export type RegType = 'regclass' | 'regtype' | 'regproc';

/** Name ⇄ OID lookups of one reg* type. */
export interface RegNames {
  /** The object's name as the type's output function prints it; undefined when unknown. */
  name(type: RegType, oid: number): string | undefined;
  /** The OID of the object named `text`; throws the type's error (42P01, 42704, 42883) when there is none. */
  oid(type: RegType, text: string): number;
}

let installed: RegNames | undefined;

/** Installs the lookups (once, by the catalog). */
export function installRegNames(names: RegNames): void {
  installed = names;
}

/** The text of reg* value `oid`. */
export function regText(type: RegType, oid: number): string {
  return installed?.name(type, oid) ?? String(oid);
}

/** The OID of reg* input `text` (a number, or a name looked up). */
export function regParse(type: RegType, text: string): number {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (!installed) throw new SqlError(SqlState.featureNotSupported, `${type} input needs a session`);
  return installed.oid(type, s);
}

/** An oid's text input: an unsigned 32-bit integer (a negative int4 wraps, as oidin accepts). */
export function parseOid(text: string): number {
  const s = text.trim();
  if (!/^-?\d+$/.test(s)) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type oid: "${text}"`);
  const n = Number(s);
  if (n < -2147483648 || n > 4294967295) throw new SqlError(SqlState.numericValueOutOfRange, `value "${text}" is out of range for type oid`);
  return n < 0 ? n + 4294967296 : n;
}
