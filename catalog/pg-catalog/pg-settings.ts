/** pg_settings (PostgreSQL docs §54.24): the session's run-time parameters and Flink options (engine/settings.ts). */
import { C, systemRelation } from './system-relation.ts';

export const pgSettings = systemRelation('pg_catalog', 'pg_settings', 12003, [
  ['name', C.text], ['setting', C.text], ['unit', C.text], ['category', C.text], ['short_desc', C.text], ['extra_desc', C.text],
  ['context', C.text], ['vartype', C.text], ['source', C.text], ['min_val', C.text], ['max_val', C.text], ['enumvals', C.textArray],
  ['boot_val', C.text], ['reset_val', C.text], ['sourcefile', C.text], ['sourceline', C.int4], ['pending_restart', C.bool],
], (ctx) =>
  ctx.settings().map((s) => {
    const flink = s.name.includes('.');
    return [s.name, s.setting, null, flink ? 'Flink' : 'Client Connection Defaults', s.description, null, 'user', 'string',
      'default', null, null, null, s.setting, s.setting, null, null, false];
  }),
);
