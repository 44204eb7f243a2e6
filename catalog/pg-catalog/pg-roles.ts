/** pg_roles (PostgreSQL docs §54.22): the bootstrap superuser `strom`, CREATE USER roles, and the session's user. */
import { C, systemRelation } from './system-relation.ts';
import { roles } from './objects.ts';

export const pgRoles = systemRelation('pg_catalog', 'pg_roles', 12001, [
  ['rolname', C.name], ['rolsuper', C.bool], ['rolinherit', C.bool], ['rolcreaterole', C.bool], ['rolcreatedb', C.bool],
  ['rolcanlogin', C.bool], ['rolreplication', C.bool], ['rolconnlimit', C.int4], ['rolpassword', C.text], ['rolvaliduntil', C.timestamptz],
  ['rolbypassrls', C.bool], ['rolconfig', C.textArray], ['oid', C.oid],
], (ctx) => roles(ctx).map((r) => [r.name, r.superuser, true, r.superuser, r.superuser, true, false, -1, '********', null, r.superuser, null, r.oid]));
