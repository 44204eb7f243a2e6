/**
 * Parser of SQL logic test files (the sqllogictest format as DataFusion and RisingWave use it).
 *
 * A file is a sequence of records separated by blank lines:
 *
 *   statement ok                      the SQL must succeed
 *   statement error [SQLSTATE] [re]   the SQL must fail; a five-character SQLSTATE (e.g. 42P01) is
 *                                     compared with the error's code, the rest (if any) is a regular
 *                                     expression searched in the error text (the message, then
 *                                     `DETAIL: …` and `HINT: …` lines when present); no pattern:
 *                                     any error
 *   query <types> [rowsort|nosort|valuesort] [label]
 *   <sql …>
 *   ----
 *   <expected rows, values separated by whitespace; NULL for null, (empty) for the empty string>
 *   query error [SQLSTATE] [re]       as statement error, for a query
 *   let <var> <column> [where=<col>~<regex>]
 *   <sql>                             runs the SQL, keeps the rows whose <col> matches <regex>, and
 *                                     binds `${var}` (used in later SQL) to <column> of the one row
 *                                     left (Strom's extension, for ids such as a job's)
 *   poll <timeout_ms>                 the next query record is retried until it matches or the
 *                                     timeout passes (for results a running job is still producing)
 *   sleep <ms>                        (also `sleep 2s`) pauses
 *   halt                              stops the file here
 *   # …                               a comment (whole line)
 *
 * A query header may end with Strom's result filters, applied before comparing (for SHOW JOBS,
 * whose ids and times vary): `columns=<c1>,<c2>` keeps those columns in that order, and
 * `where=<col>~<regex>` keeps the rows whose column matches (no spaces in the regex; use \s).
 *
 * Type letters: I integer, R real/numeric, T text, B boolean; results compare as PostgreSQL text.
 */

/** A record of a .slt file; `line` is 1-based, `endLine` is the last line of the record. */
export type SltRecord =
  | { kind: 'statement'; line: number; endLine: number; sql: string; expect: ExpectedOutcome }
  | {
      kind: 'query';
      line: number;
      endLine: number;
      sql: string;
      types: string;
      sort: 'nosort' | 'rowsort' | 'valuesort';
      /** Expected result lines as written. */
      expected: string[];
      /** 0-based index of the `----` line, or -1 when absent (then no rows are expected). */
      separatorIndex: number;
      /** Retry for this long (ms) until the result matches; 0: run once. */
      pollMs: number;
      filter: ResultFilter;
    }
  | { kind: 'let'; line: number; endLine: number; sql: string; variable: string; column: string; filter: ResultFilter }
  | { kind: 'query-error'; line: number; endLine: number; sql: string; expect: ExpectedOutcome }
  | { kind: 'sleep'; line: number; endLine: number; ms: number }
  | { kind: 'halt'; line: number; endLine: number };

/** Strom's filters on a result: keep some columns, keep the rows whose column matches. */
export interface ResultFilter {
  readonly columns?: readonly string[];
  readonly where?: { readonly column: string; readonly pattern: RegExp };
}

function parseFilter(words: readonly string[], line: number): ResultFilter {
  let columns: string[] | undefined;
  let where: ResultFilter['where'];
  for (const w of words) {
    if (w.startsWith('columns=')) columns = w.slice('columns='.length).split(',').filter((c) => c !== '');
    else if (w.startsWith('where=')) {
      const m = /^where=([^~]+)~(.+)$/.exec(w);
      if (!m) throw new SltSyntaxError(`line ${line}: expected where=<column>~<regex>, got "${w}"`);
      where = { column: m[1]!, pattern: new RegExp(m[2]!) };
    } else throw new SltSyntaxError(`line ${line}: unknown query option "${w}"`);
  }
  return { columns, where };
}

/** What a statement should do: succeed, or fail with an optional SQLSTATE and message pattern. */
export type ExpectedOutcome = { ok: true } | { ok: false; sqlstate?: string; pattern?: RegExp; raw: string };

/** A malformed test file. */
export class SltSyntaxError extends Error {}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function parseErrorSpec(rest: string): ExpectedOutcome {
  const raw = rest.trim();
  if (raw === '') return { ok: false, raw };
  const first = raw.split(/\s+/)[0]!;
  if (SQLSTATE.test(first) && /\d/.test(first)) {
    const tail = raw.slice(first.length).trim();
    return { ok: false, sqlstate: first, pattern: tail ? new RegExp(tail) : undefined, raw };
  }
  return { ok: false, pattern: new RegExp(raw), raw };
}

function parseDuration(s: string, line: number): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(s.trim());
  if (!m) throw new SltSyntaxError(`line ${line}: bad duration "${s}"`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** Parses a .slt file's text into records. */
export function parseSlt(text: string): SltRecord[] {
  const lines = text.split('\n');
  const records: SltRecord[] = [];
  let i = 0;
  let pollMs = 0;
  const isBlank = (l: string | undefined) => l === undefined || l.trim() === '';
  const isComment = (l: string) => /^\s*#/.test(l);

  /** Reads SQL lines from `i` up to a blank line or `----`; comment lines inside SQL are kept out. */
  const readSql = (): string => {
    const sql: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && lines[i]!.trim() !== '----') {
      if (!isComment(lines[i]!)) sql.push(lines[i]!);
      i++;
    }
    return sql.join('\n');
  };

  while (i < lines.length) {
    const raw = lines[i]!;
    if (isBlank(raw) || isComment(raw)) {
      i++;
      continue;
    }
    const line = i + 1;
    const words = raw.trim().split(/\s+/);
    const head = words[0];
    i++;
    switch (head) {
      case 'halt':
        records.push({ kind: 'halt', line, endLine: line });
        break;
      case 'sleep':
        records.push({ kind: 'sleep', line, endLine: line, ms: parseDuration(words[1] ?? '', line) });
        break;
      case 'poll':
        pollMs = parseDuration(words[1] ?? '', line);
        continue;
      case 'let': {
        const variable = words[1];
        const column = words[2];
        if (!variable || !column) throw new SltSyntaxError(`line ${line}: expected "let <var> <column> [where=<col>~<regex>]"`);
        const filter = parseFilter(words.slice(3), line);
        const sql = readSql();
        records.push({ kind: 'let', line, endLine: i, sql, variable, column, filter });
        break;
      }
      case 'statement': {
        const mode = words[1];
        let expect: ExpectedOutcome;
        if (mode === 'ok') expect = { ok: true };
        else if (mode === 'error') expect = parseErrorSpec(raw.trim().replace(/^statement\s+error/, ''));
        else throw new SltSyntaxError(`line ${line}: expected "statement ok" or "statement error", got "${raw}"`);
        const sql = readSql();
        if (!sql.trim()) throw new SltSyntaxError(`line ${line}: statement without SQL`);
        records.push({ kind: 'statement', line, endLine: i, sql, expect });
        break;
      }
      case 'query': {
        if (words[1] === 'error') {
          const expect = parseErrorSpec(raw.trim().replace(/^query\s+error/, ''));
          const sql = readSql();
          records.push({ kind: 'query-error', line, endLine: i, sql, expect });
          break;
        }
        const types = words[1] ?? '';
        if (!/^[IRTB]+$/.test(types)) throw new SltSyntaxError(`line ${line}: query types must be letters of I, R, T, B; got "${types}"`);
        let rest = words.slice(2);
        let sortWord = 'nosort';
        if (rest[0] !== undefined && !rest[0].includes('=')) {
          sortWord = rest[0];
          rest = rest.slice(1);
        }
        if (!['nosort', 'rowsort', 'valuesort'].includes(sortWord)) throw new SltSyntaxError(`line ${line}: unknown sort mode "${sortWord}"`);
        // sqllogictest's optional label (it names results to compare between queries): ignored.
        if (rest[0] !== undefined && !rest[0].includes('=')) rest = rest.slice(1);
        const filter = parseFilter(rest, line);
        const sql = readSql();
        if (!sql.trim()) throw new SltSyntaxError(`line ${line}: query without SQL`);
        let separatorIndex = -1;
        const expected: string[] = [];
        if (i < lines.length && lines[i]!.trim() === '----') {
          separatorIndex = i;
          i++;
          while (i < lines.length && !isBlank(lines[i])) expected.push(lines[i++]!);
        }
        records.push({
          kind: 'query',
          line,
          endLine: i,
          sql,
          types,
          sort: sortWord as 'nosort' | 'rowsort' | 'valuesort',
          expected,
          separatorIndex,
          pollMs,
          filter,
        });
        break;
      }
      default:
        throw new SltSyntaxError(`line ${line}: unknown record "${raw}"`);
    }
    pollMs = 0;
  }
  return records;
}
