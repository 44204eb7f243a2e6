/**
 * Functions outside the other families: gen_random_uuid() (PostgreSQL docs §9.14, volatile) and
 * Flink's UUID() (the same, as text).
 */
import { randomUUID } from 'node:crypto';
import { T } from '../../../common/types.ts';
import { def, type FunctionImpl } from './types.ts';

/** The miscellaneous overloads. */
export const MISC_FUNCTIONS: readonly FunctionImpl[] = [
  def('gen_random_uuid', 'gen_random_uuid', [], T.uuid, () => randomUUID(), { volatile: true }),
  def('uuid_text', 'uuid', [], T.text, () => randomUUID(), { volatile: true }),
];
