/**
 * Statements back to SQL text (for SHOW CREATE, EXPLAIN headers, logs and round-trip tests). The
 * output re-parses to an equal tree, `pos` fields and CreateView.queryText aside; it is normalized
 * (upper-case keywords, options quoted, JOIN types spelled out), not the text the user wrote.
 */
import { assertNever } from '../common/errors.ts';
import type { ColumnDef, ComputedColumnDef, Copy, CreateTable, OptionItem, Statement, Subscribe } from './ast.ts';
import { quoteIdent, quoteString } from './keywords.ts';
import { printExpr, printFromItem, printName, printOptions, printQuery, printSelectItems } from './print-expr.ts';

export { printExpr, printQuery } from './print-expr.ts';

function printColumn(col: ColumnDef | ComputedColumnDef, pkNotEnforced: boolean): string {
  if (col.kind === 'ComputedColumnDef') return `${quoteIdent(col.name)} AS ${printExpr(col.expr)}`;
  let s = `${quoteIdent(col.name)} ${col.typeRef.text}`;
  if (col.notNull && !col.primaryKey) s += ' NOT NULL';
  if (col.default) s += ` DEFAULT ${printExpr(col.default)}`;
  if (col.primaryKey) s += pkNotEnforced ? ' PRIMARY KEY NOT ENFORCED' : ' PRIMARY KEY';
  return s;
}

function printCreateTable(s: CreateTable): string {
  const inlinePk = s.columns.some((c) => c.kind === 'ColumnDef' && c.primaryKey);
  const elements = s.columns.map((c) => printColumn(c, s.primaryKey?.notEnforced ?? false));
  if (s.watermark) elements.push(`WATERMARK FOR ${quoteIdent(s.watermark.column)} AS ${printExpr(s.watermark.expr)}`);
  if (s.primaryKey && !inlinePk) {
    elements.push(`PRIMARY KEY (${s.primaryKey.columns.map(quoteIdent).join(', ')})${s.primaryKey.notEnforced ? ' NOT ENFORCED' : ''}`);
  }
  let out = `CREATE TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)}`;
  if (elements.length > 0) out += ` (${elements.join(', ')})`;
  if (s.options.length > 0) out += ` WITH ${printOptions(s.options)}`;
  if (s.asQuery) out += ` AS ${printQuery(s.asQuery)}`;
  return out;
}

function printWithOptions(options: readonly OptionItem[]): string {
  return options.length > 0 ? ` WITH ${printOptions(options)}` : '';
}

function printSubscribe(s: Subscribe): string {
  const target = s.target.kind === 'name' ? printName(s.target.name) : `(${printQuery(s.target.query)})`;
  return `SUBSCRIBE TO ${target}${printWithOptions(s.options)}`;
}

function printCopy(s: Copy): string {
  let src: string;
  switch (s.source.kind) {
    case 'table':
      src = printName(s.source.name) + (s.source.columns ? ` (${s.source.columns.map(quoteIdent).join(', ')})` : '');
      break;
    case 'query':
      src = `(${printQuery(s.source.query)})`;
      break;
    case 'subscribe':
      src = `(${printSubscribe(s.source.subscribe)})`;
      break;
    default:
      return assertNever(s.source, 'COPY source');
  }
  const dir = s.direction === 'to' ? 'TO STDOUT' : 'FROM STDIN';
  const opts = s.options.length > 0 ? ` WITH (${s.options.map((o) => `${quoteIdent(o.key)} ${quoteString(o.value)}`).join(', ')})` : '';
  return `COPY ${src} ${dir}${opts}`;
}

/** A statement as SQL text that re-parses to the same tree (modulo `pos` and `queryText`). */
export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'QueryStatement':
      return printQuery(s.query);
    case 'Insert': {
      let out = `INSERT ${s.overwrite ? 'OVERWRITE' : 'INTO'} ${printName(s.table)}`;
      if (s.alias !== undefined) out += ` AS ${quoteIdent(s.alias)}`;
      if (s.columns) out += ` (${s.columns.map(quoteIdent).join(', ')})`;
      out += s.source ? ` ${printQuery(s.source)}` : ' DEFAULT VALUES';
      if (s.onConflict) {
        const oc = s.onConflict;
        out += ' ON CONFLICT';
        if (oc.target.length > 0) out += ` (${oc.target.map(quoteIdent).join(', ')})`;
        if (oc.action.kind === 'nothing') out += ' DO NOTHING';
        else {
          out += ` DO UPDATE SET ${oc.action.set.map((c) => `${quoteIdent(c.column)} = ${printExpr(c.value)}`).join(', ')}`;
          if (oc.action.where) out += ` WHERE ${printExpr(oc.action.where)}`;
        }
      }
      if (s.returning.length > 0) out += ` RETURNING ${printSelectItems(s.returning)}`;
      return out;
    }
    case 'Update': {
      let out = `UPDATE ${printName(s.table)}`;
      if (s.alias !== undefined) out += ` AS ${quoteIdent(s.alias)}`;
      out += ` SET ${s.set.map((c) => `${quoteIdent(c.column)} = ${printExpr(c.value)}`).join(', ')}`;
      if (s.from.length > 0) out += ` FROM ${s.from.map(printFromItem).join(', ')}`;
      if (s.where) out += ` WHERE ${printExpr(s.where)}`;
      if (s.returning.length > 0) out += ` RETURNING ${printSelectItems(s.returning)}`;
      return out;
    }
    case 'Delete': {
      let out = `DELETE FROM ${printName(s.table)}`;
      if (s.alias !== undefined) out += ` AS ${quoteIdent(s.alias)}`;
      if (s.using.length > 0) out += ` USING ${s.using.map(printFromItem).join(', ')}`;
      if (s.where) out += ` WHERE ${printExpr(s.where)}`;
      if (s.returning.length > 0) out += ` RETURNING ${printSelectItems(s.returning)}`;
      return out;
    }
    case 'CreateTable':
      return printCreateTable(s);
    case 'CreateView': {
      let out = `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}${s.materialized ? 'MATERIALIZED ' : ''}VIEW ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)}`;
      if (s.columns) out += ` (${s.columns.map(quoteIdent).join(', ')})`;
      return `${out}${printWithOptions(s.options)} AS ${printQuery(s.query)}`;
    }
    case 'Drop':
      return `DROP ${s.objectKind.toUpperCase()} ${s.ifExists ? 'IF EXISTS ' : ''}${s.names.map(printName).join(', ')}${s.cascade ? ' CASCADE' : ''}`;
    case 'CreateUser': {
      let out = `${s.alter ? 'ALTER' : 'CREATE'} USER ${quoteIdent(s.name)}`;
      if (s.password !== undefined) out += ` PASSWORD ${s.password === null ? 'NULL' : quoteString(s.password)}`;
      for (const o of s.options) out += ` ${o}`;
      return out;
    }
    case 'Set': {
      if (s.quoted) return `SET ${quoteString(s.name)} = ${quoteString(s.value ?? '')}`;
      const value = s.value === undefined ? 'DEFAULT' : quoteString(s.value);
      return `SET ${s.local ? 'LOCAL ' : ''}${s.name.split('.').map(quoteIdent).join('.')} TO ${value}`;
    }
    case 'Reset':
      return s.name === undefined ? 'RESET ALL' : `RESET ${quoteString(s.name)}`;
    case 'SetTransaction':
      return `SET ${s.session ? 'SESSION CHARACTERISTICS AS ' : ''}TRANSACTION ${s.modes.join(', ').toUpperCase()}`;
    case 'Show': {
      const t = s.target;
      switch (t.kind) {
        case 'tables':
        case 'views':
        case 'materialized views':
        case 'jobs':
        case 'all':
          return `SHOW ${t.kind.toUpperCase()}`;
        case 'create':
          return `SHOW CREATE ${t.objectKind.toUpperCase()} ${printName(t.name)}`;
        case 'variable':
          return `SHOW ${quoteString(t.name)}`;
        default:
          return assertNever(t, 'SHOW target');
      }
    }
    case 'Describe':
      return `DESCRIBE ${printName(s.name)}`;
    case 'Explain':
      return `EXPLAIN ${s.changelogMode ? 'CHANGELOG_MODE ' : ''}${printStatement(s.statement)}`;
    case 'Transaction': {
      const word = s.action === 'begin' ? 'BEGIN' : s.action === 'commit' ? 'COMMIT' : 'ROLLBACK';
      return s.modes.length > 0 ? `${word} ${s.modes.join(', ').toUpperCase()}` : word;
    }
    case 'Flush':
      return 'FLUSH';
    case 'StopJob':
      return `STOP JOB ${quoteString(s.id)}`;
    case 'Subscribe':
      return printSubscribe(s);
    case 'Copy':
      return printCopy(s);
    case 'DeclareCursor': {
      const q = s.query.kind === 'query' ? printQuery(s.query.query) : printSubscribe(s.query.subscribe);
      return `DECLARE ${quoteIdent(s.name)}${s.binary ? ' BINARY' : ''} CURSOR ${s.hold ? 'WITH' : 'WITHOUT'} HOLD FOR ${q}`;
    }
    case 'Fetch':
      return `FETCH ${s.count === undefined ? 'ALL' : s.count} FROM ${quoteIdent(s.cursor)}${printWithOptions(s.options)}`;
    case 'CloseCursor':
      return s.name === undefined ? 'CLOSE ALL' : `CLOSE ${quoteIdent(s.name)}`;
    case 'Prepare': {
      const types = s.paramTypes.length > 0 ? ` (${s.paramTypes.map((t) => t.text).join(', ')})` : '';
      return `PREPARE ${quoteIdent(s.name)}${types} AS ${printStatement(s.statement)}`;
    }
    case 'Execute':
      return `EXECUTE ${quoteIdent(s.name)}${s.args.length > 0 ? ` (${s.args.map(printExpr).join(', ')})` : ''}`;
    case 'Deallocate':
      return s.name === undefined ? 'DEALLOCATE ALL' : `DEALLOCATE ${quoteIdent(s.name)}`;
    case 'Discard':
      return `DISCARD ${s.what.toUpperCase()}`;
    case 'CommentOn':
      return `COMMENT ON ${s.objectKind.toUpperCase()} ${printName(s.name)} IS ${s.comment === null ? 'NULL' : quoteString(s.comment)}`;
    default:
      return assertNever(s, 'statement');
  }
}
