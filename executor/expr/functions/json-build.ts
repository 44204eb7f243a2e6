/**
 * JSON construction (PostgreSQL docs §9.16.1 "Processing and Creating JSON Data"): to_json(text)
 * (a JSON string) and the assembly step of json_build_object. The binder
 * (planner/binder/bind-json-build.ts) turns each value argument into its JSON text first, from its
 * SQL type (numbers and booleans as they print, json as is, NULL as `null`, anything else a JSON
 * string of its text), so the function itself takes text: `{"k1" : v1, "k2" : v2}`, with
 * PostgreSQL's ` : ` and `, ` separators.
 */
import { SqlError, SqlState } from '../../../common/errors.ts';
import { T } from '../../../common/types.ts';
import { def, type FunctionImpl } from './types.ts';

/** `{"k" : v, …}` from alternating keys and JSON texts; 22004 for a NULL key. */
function buildObject(...args: (string | null)[]): string {
  if (args.length % 2 !== 0) {
    throw new SqlError(SqlState.invalidParameterValue, 'argument list must have even number of elements', { hint: 'The arguments of json_build_object() must consist of alternating keys and values.' });
  }
  const parts: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const k = args[i];
    if (k === null || k === undefined) throw new SqlError('22004', 'null value not allowed for object key');
    parts.push(`${JSON.stringify(k)} : ${args[i + 1] ?? 'null'}`);
  }
  return `{${parts.join(', ')}}`;
}

/** The JSON construction overloads. */
export const JSON_BUILD_FUNCTIONS: readonly FunctionImpl[] = [
  def('to_json_text', 'to_json', [T.text], T.json, (s: string) => JSON.stringify(s)),
  def('json_build_object', 'json_build_object', [], T.json, buildObject, { strict: false, variadic: T.text }),
];
