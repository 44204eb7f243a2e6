/**
 * COPY: `COPY (query) TO STDOUT`, `COPY (SUBSCRIBE …) TO STDOUT` (rows as they happen, until
 * canceled), `COPY t TO STDOUT`, and `COPY t [(cols)] FROM STDIN` (text or csv) into a DML table,
 * all-or-nothing (PostgreSQL docs, SQL command COPY). The wire formats are server/protocol/copy.ts.
 */
import { SqlError, SqlState } from '../../common/errors.ts';
import { parseValue } from '../../common/pg-text.ts';
import type { Copy, OptionItem } from '../../parser/ast.ts';
import { CopyCsvDecoder, CopyTextDecoder } from '../copy-decoders.ts';
import type { CopyFormat, CopyInSink, StatementResult } from '../api.ts';
import type { StatementContext } from '../session.ts';
import { executeQuery } from './query.ts';
import { openSubscription } from './streaming.ts';
import { lookupRelation } from './show.ts';
import { parse } from '../../parser/index.ts';

function truthy(v: string): boolean {
  return ['true', 'on', '1', 'yes', ''].includes(v.toLowerCase());
}

/** COPY options with PostgreSQL's defaults per format. Unknown options are 42601 as in PostgreSQL. */
export function copyFormat(options: readonly OptionItem[]): CopyFormat {
  let format: CopyFormat['format'] = 'text';
  for (const o of options) {
    if (o.key === 'format') {
      const f = o.value.toLowerCase();
      if (f !== 'text' && f !== 'csv' && f !== 'binary') throw new SqlError(SqlState.invalidParameterValue, `COPY format "${o.value}" not recognized`);
      format = f;
    }
  }
  const out = { format, delimiter: format === 'csv' ? ',' : '\t', null: format === 'csv' ? '' : '\\N', header: false, quote: '"', escape: '"' };
  for (const o of options) {
    switch (o.key) {
      case 'format':
        break;
      case 'delimiter':
        if (o.value.length !== 1) throw new SqlError(SqlState.featureNotSupported, 'COPY delimiter must be a single one-byte character');
        out.delimiter = o.value;
        break;
      case 'null':
        out.null = o.value;
        break;
      case 'header':
        out.header = truthy(o.value);
        break;
      case 'quote':
        out.quote = o.value;
        break;
      case 'escape':
        out.escape = o.value;
        break;
      default:
        throw new SqlError(SqlState.syntaxError, `option "${o.key}" not recognized`);
    }
  }
  return out;
}

/** Runs COPY. */
export async function executeCopy(s: Copy, ctx: StatementContext): Promise<StatementResult> {
  const format = copyFormat(s.options);
  const src = s.source;
  if (s.direction === 'to') {
    if (src.kind === 'subscribe') return { kind: 'copyOut', cursor: openSubscription(src.subscribe, ctx), format };
    let query;
    if (src.kind === 'query') query = src.query;
    else {
      const r = lookupRelation(ctx.session, src.name.parts, src.name.pos);
      const cols = src.columns ? src.columns.map((c) => `"${c}"`).join(', ') : '*';
      const st = parse(`SELECT ${cols} FROM "${r.name}"`)[0]!.statement;
      if (st.kind !== 'QueryStatement') throw new SqlError(SqlState.internalError, 'unexpected parse result');
      query = st.query;
    }
    const r = await executeQuery({ kind: 'QueryStatement', query, pos: s.pos }, ctx);
    if (r.kind !== 'rows') throw new SqlError(SqlState.internalError, 'query produced no rows');
    return { kind: 'copyOut', cursor: r.cursor, format };
  }
  if (src.kind !== 'table') throw new SqlError(SqlState.syntaxError, 'COPY FROM needs a table');
  if (format.format === 'binary') throw new SqlError(SqlState.featureNotSupported, 'COPY FROM STDIN in binary format is not supported yet');
  const table = lookupRelation(ctx.session, src.name.parts, src.name.pos);
  const store = ctx.db.tables.get(table.name);
  if (!store || table.kind !== 'table') throw new SqlError(SqlState.wrongObjectType, `cannot copy to ${table.kind} "${table.name}"`);
  const targets = (src.columns ?? table.columns.filter((c) => c.computed === undefined).map((c) => c.name)).map((n) => {
    const i = table.columns.findIndex((c) => c.name === n);
    if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${n}" of relation "${table.name}" does not exist`);
    return i;
  });
  const decoder = format.format === 'csv' ? new CopyCsvDecoder(format) : new CopyTextDecoder(format);
  const rows: unknown[][] = [];
  let line = 0;
  const take = (fieldsList: (string | null)[][]) => {
    for (const fields of fieldsList) {
      line++;
      if (fields.length !== targets.length) {
        throw new SqlError(SqlState.badCopyFileFormat, fields.length < targets.length ? 'missing data for column' : 'extra data after last expected column', {
          detail: `COPY ${table.name}, line ${line}`,
        });
      }
      const row: unknown[] = table.columns.map(() => null);
      targets.forEach((c, i) => {
        const f = fields[i];
        row[c] = f === null || f === undefined ? null : parseValue(table.columns[c]!.type, f);
      });
      rows.push(row);
    }
  };
  const sink: CopyInSink = {
    write: (chunk) => take(decoder.push(chunk) as (string | null)[][]),
    end: async () => {
      take(decoder.end() as (string | null)[][]);
      return store.insert(rows);
    },
    abort: () => {
      rows.length = 0;
    },
  };
  return { kind: 'copyIn', columns: targets.map((c) => ({ name: table.columns[c]!.name, type: table.columns[c]!.type, tableOid: table.oid, attnum: c + 1 })), format, sink };
}
