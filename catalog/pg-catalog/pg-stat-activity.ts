/** pg_stat_activity (PostgreSQL docs §28.2.3): one row per open session of the database. */
import { C, DATABASE_OID, systemRelation } from './system-relation.ts';

const us = (ms: number) => ms * 1000;

export const pgStatActivity = systemRelation('pg_catalog', 'pg_stat_activity', 12007, [
  ['datid', C.oid], ['datname', C.name], ['pid', C.int4], ['leader_pid', C.int4], ['usesysid', C.oid], ['usename', C.name],
  ['application_name', C.text], ['client_addr', C.text], ['client_hostname', C.text], ['client_port', C.int4],
  ['backend_start', C.timestamptz], ['xact_start', C.timestamptz], ['query_start', C.timestamptz], ['state_change', C.timestamptz],
  ['wait_event_type', C.text], ['wait_event', C.text], ['state', C.text], ['backend_xid', C.int8], ['backend_xmin', C.int8],
  ['query_id', C.int8], ['query', C.text], ['backend_type', C.text],
], (ctx) =>
  ctx.sessions().map((s) => [
    DATABASE_OID, ctx.database, s.pid, null, 10, s.user, s.applicationName, null, null, null, us(s.backendStart), null,
    us(s.queryStart), us(s.queryStart), null, null, s.state, null, null, null, s.query, 'client backend',
  ]),
);
