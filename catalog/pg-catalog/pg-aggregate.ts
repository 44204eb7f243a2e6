/** pg_aggregate (PostgreSQL docs §53.2): one row per aggregate of pg_proc (normal aggregates, aggkind n). */
import { C, systemRelation } from './system-relation.ts';
import { procs } from './pg-proc.ts';

export const pgAggregate = systemRelation('pg_catalog', 'pg_aggregate', 2600, [
  ['aggfnoid', C.oid], ['aggkind', C.char], ['aggnumdirectargs', C.int2], ['aggtransfn', C.text], ['aggfinalfn', C.text],
  ['aggcombinefn', C.text], ['aggserialfn', C.text], ['aggdeserialfn', C.text], ['aggmtransfn', C.text], ['aggminvtransfn', C.text],
  ['aggmfinalfn', C.text], ['aggfinalextra', C.bool], ['aggmfinalextra', C.bool], ['aggfinalmodify', C.char], ['aggmfinalmodify', C.char],
  ['aggsortop', C.oid], ['aggtranstype', C.oid], ['aggtransspace', C.int4], ['aggmtranstype', C.oid], ['aggmtransspace', C.int4],
  ['agginitval', C.text], ['aggminitval', C.text],
], () =>
  procs().filter((p) => p.kind === 'a').map((p) => [p.oid, 'n', 0, `${p.name}_transfn`, '-', '-', '-', '-', '-', '-', '-', false, false, 'r', 'r', 0, p.result, 0, 0, 0, null, null]),
);
