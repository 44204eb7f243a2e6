/**
 * pg_catalog relations that are always empty in Strom (no inheritance, enums, ranges, extensions,
 * policies, rules, triggers, publications, extended statistics, dependencies recorded, conversions),
 * with PostgreSQL 15's columns (docs chapter 53) so that the queries of psql, JDBC, SQLAlchemy and
 * BI tools that join them bind and return no rows. Grouped in one file because each is only a column
 * list.
 */
import type { SqlType } from '../../common/types.ts';
import { C, systemRelation, type SystemRelationInfo } from './system-relation.ts';

const empty = (name: string, oid: number, columns: readonly (readonly [string, SqlType])[]): SystemRelationInfo =>
  systemRelation('pg_catalog', name, oid, columns, () => []);

/** The empty relations. */
export const EMPTY_RELATIONS: readonly SystemRelationInfo[] = [
  empty('pg_depend', 2608, [['classid', C.oid], ['objid', C.oid], ['objsubid', C.int4], ['refclassid', C.oid], ['refobjid', C.oid], ['refobjsubid', C.int4], ['deptype', C.char]]),
  empty('pg_enum', 3501, [['oid', C.oid], ['enumtypid', C.oid], ['enumsortorder', C.float4], ['enumlabel', C.name]]),
  empty('pg_extension', 3079, [['oid', C.oid], ['extname', C.name], ['extowner', C.oid], ['extnamespace', C.oid], ['extrelocatable', C.bool], ['extversion', C.text], ['extconfig', C.oidArray], ['extcondition', C.textArray]]),
  empty('pg_inherits', 2611, [['inhrelid', C.oid], ['inhparent', C.oid], ['inhseqno', C.int4], ['inhdetachpending', C.bool]]),
  empty('pg_range', 3541, [['rngtypid', C.oid], ['rngsubtype', C.oid], ['rngmultitypid', C.oid], ['rngcollation', C.oid], ['rngsubopc', C.oid], ['rngcanonical', C.text], ['rngsubdiff', C.text]]),
  empty('pg_conversion', 2607, [['oid', C.oid], ['conname', C.name], ['connamespace', C.oid], ['conowner', C.oid], ['conforencoding', C.int4], ['contoencoding', C.int4], ['conproc', C.text], ['condefault', C.bool]]),
  empty('pg_policy', 3256, [['oid', C.oid], ['polname', C.name], ['polrelid', C.oid], ['polcmd', C.char], ['polpermissive', C.bool], ['polroles', C.oidArray], ['polqual', C.nodeTree], ['polwithcheck', C.nodeTree]]),
  empty('pg_rewrite', 2618, [['oid', C.oid], ['rulename', C.name], ['ev_class', C.oid], ['ev_type', C.char], ['ev_enabled', C.char], ['is_instead', C.bool], ['ev_qual', C.nodeTree], ['ev_action', C.nodeTree]]),
  empty('pg_trigger', 2620, [['oid', C.oid], ['tgrelid', C.oid], ['tgparentid', C.oid], ['tgname', C.name], ['tgfoid', C.oid], ['tgtype', C.int2], ['tgenabled', C.char], ['tgisinternal', C.bool], ['tgconstrrelid', C.oid], ['tgconstrindid', C.oid], ['tgconstraint', C.oid], ['tgdeferrable', C.bool], ['tginitdeferred', C.bool], ['tgnargs', C.int2], ['tgattr', C.int2Array], ['tgargs', C.text], ['tgqual', C.nodeTree], ['tgoldtable', C.name], ['tgnewtable', C.name]]),
  empty('pg_statistic_ext', 3381, [['oid', C.oid], ['stxrelid', C.oid], ['stxname', C.name], ['stxnamespace', C.oid], ['stxowner', C.oid], ['stxstattarget', C.int4], ['stxkeys', C.int2Array], ['stxkind', C.charArray], ['stxexprs', C.nodeTree]]),
  empty('pg_publication', 6104, [['oid', C.oid], ['pubname', C.name], ['pubowner', C.oid], ['puballtables', C.bool], ['pubinsert', C.bool], ['pubupdate', C.bool], ['pubdelete', C.bool], ['pubtruncate', C.bool], ['pubviaroot', C.bool]]),
  empty('pg_publication_rel', 6106, [['oid', C.oid], ['prpubid', C.oid], ['prrelid', C.oid], ['prqual', C.nodeTree], ['prattrs', C.int2Array]]),
  empty('pg_publication_namespace', 6237, [['oid', C.oid], ['pnpubid', C.oid], ['pnnspid', C.oid]]),
  empty('pg_foreign_table', 3118, [['ftrelid', C.oid], ['ftserver', C.oid], ['ftoptions', C.textArray]]),
  empty('pg_sequence', 2224, [['seqrelid', C.oid], ['seqtypid', C.oid], ['seqstart', C.int8], ['seqincrement', C.int8], ['seqmax', C.int8], ['seqmin', C.int8], ['seqcache', C.int8], ['seqcycle', C.bool]]),
  empty('pg_event_trigger', 3466, [['oid', C.oid], ['evtname', C.name], ['evtevent', C.name], ['evtowner', C.oid], ['evtfoid', C.oid], ['evtenabled', C.char], ['evttags', C.textArray]]),
  // Strom's only indexes are primary keys; SQLAlchemy's get_indexes joins pg_opclass for the others.
  empty('pg_opclass', 2616, [['oid', C.oid], ['opcmethod', C.oid], ['opcname', C.name], ['opcnamespace', C.oid], ['opcowner', C.oid], ['opcfamily', C.oid], ['opcintype', C.oid], ['opcdefault', C.bool], ['opckeytype', C.oid]]),
  empty('pg_operator', 2617, [['oid', C.oid], ['oprname', C.name], ['oprnamespace', C.oid], ['oprowner', C.oid], ['oprkind', C.char], ['oprcanmerge', C.bool], ['oprcanhash', C.bool], ['oprleft', C.oid], ['oprright', C.oid], ['oprresult', C.oid], ['oprcom', C.oid], ['oprnegate', C.oid], ['oprcode', C.text], ['oprrest', C.text], ['oprjoin', C.text]]),
];
