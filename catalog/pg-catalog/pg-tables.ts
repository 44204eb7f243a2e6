/** pg_tables (PostgreSQL docs §54.27): Strom's tables (DML and connector tables) in schema public. */
import { C, systemRelation } from './system-relation.ts';
import { primaryKeyAttnums } from './objects.ts';

export const pgTables = systemRelation('pg_catalog', 'pg_tables', 12004, [
  ['schemaname', C.name], ['tablename', C.name], ['tableowner', C.name], ['tablespace', C.name], ['hasindexes', C.bool],
  ['hasrules', C.bool], ['hastriggers', C.bool], ['rowsecurity', C.bool],
], (ctx) => ctx.catalog.relations().filter((r) => r.kind === 'table').map((r) => ['public', r.name, 'strom', null, primaryKeyAttnums(r) !== undefined, false, false, false]));
