/**
 * Text format of values for the wire (PostgreSQL docs §55.2.3 "Formats and Format Codes": format 0),
 * with the session's output settings applied. The conversions themselves live in common/pg-text.ts.
 */
import { formatValue, parseValue } from '../common/pg-text.ts';
import type { FormatOptions } from '../common/pg-text.ts';
import type { Session } from '../engine/api.ts';

export { formatValue, parseValue };
export type { FormatOptions };

/** The text output options a session's settings ask for (extra_float_digits, DateStyle, TimeZone). */
export function textOptions(session: Session): FormatOptions {
  const efd = session.setting('extra_float_digits');
  const n = efd === undefined ? NaN : Number(efd);
  return {
    extraFloatDigits: Number.isFinite(n) ? n : undefined,
    dateStyle: session.setting('DateStyle'),
    timeZone: session.setting('TimeZone'),
    regName: (type, oid) => session.regName?.(type, oid),
  };
}
