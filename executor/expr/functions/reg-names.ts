/**
 * The name ⇄ OID lookups behind the reg* types' text I/O (PostgreSQL docs §8.19; common/oid-names.ts),
 * installed when the function registry loads: regclass through the session's catalog and the system
 * relations (a relation not on the search_path — information_schema's — prints schema-qualified, as
 * regclassout does), regtype through pg_type's names (format_type), regproc through pg_proc.
 * Without a statement context a user relation's OID prints as its number.
 */
import { SqlError, SqlState } from '../../../common/errors.ts';
import { installRegNames } from '../../../common/oid-names.ts';
import { systemContext } from '../../../catalog/pg-catalog/context.ts';
import { formatTypeOid, pgTypeByOid } from '../../../catalog/pg-catalog/pg-types.ts';
import { procs } from '../../../catalog/pg-catalog/pg-proc.ts';
import { systemRelationByOid } from '../../../catalog/pg-catalog/registry.ts';
import { regclassIn, regtypeIn } from './system.ts';

/** `name` quoted when it is not a plain lower-case identifier (quote_ident). */
function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function relationName(oid: number): string | undefined {
  const sys = systemRelationByOid(oid);
  if (sys) return sys.schema === 'pg_catalog' ? sys.name : `${sys.schema}.${sys.name}`;
  try {
    const r = systemContext('regclass').catalog.relations().find((x) => x.oid === oid);
    return r ? ident(r.name) : undefined;
  } catch {
    return undefined;
  }
}

installRegNames({
  name(type, oid) {
    switch (type) {
      case 'regclass':
        return relationName(oid);
      case 'regtype':
        return pgTypeByOid(oid) ? formatTypeOid(oid, null) : undefined;
      case 'regproc':
        return procs().find((p) => p.oid === oid)?.name;
    }
  },
  oid(type, text) {
    switch (type) {
      case 'regclass':
        return regclassIn(text) as number;
      case 'regtype':
        return regtypeIn(text);
      case 'regproc': {
        const name = text.replace(/^pg_catalog\./, '').replace(/"/g, '');
        const p = procs().find((x) => x.name === name);
        if (!p) throw new SqlError(SqlState.undefinedFunction, `function "${text}" does not exist`);
        return p.oid;
      }
    }
  },
});
