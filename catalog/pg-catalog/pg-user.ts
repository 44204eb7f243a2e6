/** pg_user (PostgreSQL docs §54.31): the roles that can log in (all of Strom's). */
import { C, systemRelation } from './system-relation.ts';
import { roles } from './objects.ts';

export const pgUser = systemRelation('pg_catalog', 'pg_user', 12002, [
  ['usename', C.name], ['usesysid', C.oid], ['usecreatedb', C.bool], ['usesuper', C.bool], ['userepl', C.bool], ['usebypassrls', C.bool],
  ['passwd', C.text], ['valuntil', C.timestamptz], ['useconfig', C.textArray],
], (ctx) => roles(ctx).map((r) => [r.name, r.oid, r.superuser, r.superuser, false, r.superuser, '********', null, null]));
