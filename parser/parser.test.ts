import { describe, it, expect } from 'vitest';
import { SqlError } from '../common/errors.ts';
import { T, arrayOf } from '../common/types.ts';
import type { Copy, CreateTable, CreateView, Expr, FuncCall, Query, Select, Statement } from './ast.ts';
import { parse, parseExpression } from './parser.ts';

function one(sql: string): Statement {
  const all = parse(sql);
  expect(all).toHaveLength(1);
  return all[0]!.statement;
}

function query(sql: string): Query {
  const s = one(sql);
  if (s.kind !== 'QueryStatement') throw new Error(`not a query: ${s.kind}`);
  return s.query;
}

function select(sql: string): Select {
  const b = query(sql).body;
  if (b.kind !== 'Select') throw new Error(`not a SELECT: ${b.kind}`);
  return b;
}

function fails(sql: string, code: string, position: number, message?: string | RegExp): void {
  try {
    parse(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    const err = e as SqlError;
    expect({ code: err.code, position: err.position }).toEqual({ code, position });
    if (message !== undefined) expect(err.message).toMatch(message);
    return;
  }
  throw new Error(`expected ${sql} to fail`);
}

/** A compact view of an expression tree: operators and names only. */
function shape(e: Expr): unknown {
  switch (e.kind) {
    case 'BinaryOp':
      return [e.op, shape(e.left), shape(e.right)];
    case 'UnaryOp':
      return [e.op, shape(e.operand)];
    case 'ColumnRef':
      return e.parts.join('.');
    case 'Literal':
      return e.value.type === 'number' ? Number(e.value.text) : e.value.type === 'string' ? e.value.value : e.value.type;
    case 'IsTest':
      return [`IS ${e.negated ? 'NOT ' : ''}${e.test}`, shape(e.operand)];
    case 'Between':
      return ['BETWEEN', shape(e.operand), shape(e.low), shape(e.high)];
    case 'InList':
      return ['IN', shape(e.operand), ...e.list.map(shape)];
    case 'Cast':
      return ['::', shape(e.operand), e.typeRef.name];
    case 'FuncCall':
      return [e.name.parts.join('.') + '()', ...e.args.map(shape)];
    case 'Subscript':
      return ['[]', shape(e.operand), e.index && shape(e.index)];
    default:
      return e.kind;
  }
}

const ex = (sql: string): unknown => shape(parseExpression(sql));

describe('parse: statement splitting', () => {
  it('splits on top-level semicolons and drops empty statements', () => {
    const sql = ' SELECT 1 ;; -- c\n  SELECT \';\' ; /* x */ ';
    const out = parse(sql);
    expect(out.map((p) => p.text)).toEqual(['SELECT 1', "SELECT ';'"]);
    expect(out.map((p) => p.offset)).toEqual([1, sql.indexOf("SELECT ';'")]);
    expect(parse('')).toEqual([]);
    expect(parse(' ; -- only a comment')).toEqual([]);
  });

  it('counts positions from the start of the whole string', () => {
    const out = parse('SELECT 1; SELECT x');
    expect(out[1]!.statement.pos).toBe(10);
    const body = (out[1]!.statement as { query: Query }).query.body as Select;
    expect(body.items[0]!.expr.pos).toBe(17);
    fails('SELECT 1; SELECT FROM FROM', '42601', 23);
  });
});

describe('parse: expressions', () => {
  it('follows PostgreSQL precedence', () => {
    expect(ex('a OR b AND NOT c = d')).toEqual(['OR', 'a', ['AND', 'b', ['NOT', ['=', 'c', 'd']]]]);
    expect(ex('1 + 2 * 3 ^ 2')).toEqual(['+', 1, ['*', 2, ['^', 3, 2]]]);
    expect(ex('-2 ^ 2')).toEqual(['^', -2, 2]);
    expect(ex('- a ^ 2')).toEqual(['^', ['-', 'a'], 2]);
    expect(ex('-x::int')).toEqual(['-', ['::', 'x', 'int4']]);
    expect(ex('a || b = c')).toEqual(['=', ['||', 'a', 'b'], 'c']);
    expect(ex('a = b IS NULL')).toEqual(['IS null', ['=', 'a', 'b']]);
    expect(ex('NOT a IS NULL')).toEqual(['NOT', ['IS null', 'a']]);
    expect(ex('a BETWEEN 1 AND 2 AND b')).toEqual(['AND', ['BETWEEN', 'a', 1, 2], 'b']);
    expect(ex('a < b LIKE c')).toEqual(['<', 'a', ['LIKE', 'b', 'c']]);
    expect(ex('a != b')).toEqual(['<>', 'a', 'b']);
    expect(ex('a - 1 IN (1, 2)')).toEqual(['IN', ['-', 'a', 1], 1, 2]);
    expect(ex('a ->> \'k\' = \'v\'')).toEqual(['=', ['->>', 'a', 'k'], 'v']);
    expect(ex('x::int::text')).toEqual(['::', ['::', 'x', 'int4'], 'text']);
    expect(ex('a[1]::text')).toEqual(['::', ['[]', 'a', 1], 'text']);
  });

  it('folds negative numeric constants', () => {
    expect(parseExpression('-1.5')).toMatchObject({ kind: 'Literal', value: { type: 'number', text: '-1.5' }, pos: 0 });
    expect(parseExpression('-(1)')).toMatchObject({ kind: 'UnaryOp', op: '-' });
  });

  it('keeps keywords usable as column names', () => {
    const s = select('SELECT date, time, timestamp, name, type, value, channel, url, extra, rank, key, count, interval, row, array_agg FROM t');
    expect(s.items.map((i) => shape(i.expr))).toEqual(['date', 'time', 'timestamp', 'name', 'type', 'value', 'channel', 'url', 'extra', 'rank', 'key', 'count', 'interval', 'row', 'array_agg']);
    expect(select('SELECT t.date AS order FROM t').items[0]!.alias).toBe('order');
    expect(select('SELECT a value FROM t').items[0]!.alias).toBe('value');
  });

  it('parses typed literals and interval qualifiers', () => {
    expect(parseExpression("INTERVAL '1:30' HOUR TO MINUTE")).toMatchObject({
      kind: 'TypedLiteral', value: '1:30', intervalQualifier: 'hour to minute', typeRef: { name: 'interval', type: T.interval },
    });
    expect(parseExpression("TIMESTAMP WITH TIME ZONE '2020-01-01'")).toMatchObject({ typeRef: { name: 'timestamptz', text: 'TIMESTAMP WITH TIME ZONE' } });
    expect(parseExpression("DATE '2020-01-01'")).toMatchObject({ kind: 'TypedLiteral', typeRef: { type: T.date } });
    expect(parseExpression("INTERVAL '2 s'")).not.toHaveProperty('intervalQualifier');
  });

  it('normalizes special forms to calls', () => {
    const call = (sql: string): [string, unknown[], boolean] => {
      const f = parseExpression(sql) as FuncCall;
      return [f.name.parts.join('.'), f.args.map(shape), f.noParens];
    };
    expect(call('EXTRACT(EPOCH FROM ts)')).toEqual(['extract', ['epoch', 'ts'], false]);
    expect(call("POSITION('b' IN s)")).toEqual(['position', ['s', 'b'], false]);
    expect(call('SUBSTRING(s FROM 2 FOR 3)')).toEqual(['substring', ['s', 2, 3], false]);
    expect(call('SUBSTRING(s FOR 3)')).toEqual(['substring', ['s', 1, 3], false]);
    expect(call("TRIM(LEADING 'x' FROM s)")).toEqual(['ltrim', ['s', 'x'], false]);
    expect(call('TRIM(s)')).toEqual(['btrim', ['s'], false]);
    expect(call("OVERLAY(s PLACING 'x' FROM 2 FOR 1)")).toEqual(['overlay', ['s', 'x', 2, 1], false]);
    expect(call('CURRENT_TIMESTAMP')).toEqual(['current_timestamp', [], true]);
    expect(call('user')).toEqual(['current_user', [], true]);
    expect(call("ts AT TIME ZONE 'UTC'")).toEqual(['timezone', ['UTC', 'ts'], false]);
    expect(call('pg_catalog.format_type(a, NULL)')).toEqual(['pg_catalog.format_type', ['a', 'null'], false]);
  });

  it('parses aggregates and window calls', () => {
    const f = parseExpression("string_agg(DISTINCT a, ',' ORDER BY b DESC NULLS LAST) FILTER (WHERE a IS NOT NULL) OVER (PARTITION BY c ORDER BY d RANGE BETWEEN 3 PRECEDING AND UNBOUNDED FOLLOWING)") as FuncCall;
    expect(f.distinct).toBe(true);
    expect(f.orderBy).toMatchObject([{ direction: 'desc', nulls: 'last' }]);
    expect(f.filter && shape(f.filter)).toEqual(['IS NOT null', 'a']);
    expect(f.over).toMatchObject({ kind: 'WindowSpec', frame: { units: 'range', start: { type: 'preceding' }, end: { type: 'unbounded_following' } } });
    expect(parseExpression('count(*)')).toMatchObject({ star: true, args: [] });
    expect(parseExpression('rank() OVER w')).toMatchObject({ over: { kind: 'WindowRef', name: 'w' } });
  });

  it('parses quantified comparisons, subqueries and constructors', () => {
    expect(parseExpression('a = ANY(ARRAY[1])')).toMatchObject({ kind: 'Quantified', op: '=', quantifier: 'any', right: { kind: 'expr' } });
    expect(parseExpression('a <> ALL (SELECT 1)')).toMatchObject({ kind: 'Quantified', quantifier: 'all', right: { kind: 'query' } });
    expect(parseExpression('(SELECT 1)')).toMatchObject({ kind: 'ScalarSubquery' });
    expect(parseExpression('((SELECT 1) UNION (SELECT 2))')).toMatchObject({ kind: 'ScalarSubquery', query: { body: { kind: 'SetOp' } } });
    expect(parseExpression('(1, 2)')).toMatchObject({ kind: 'RowCtor', fields: [{}, {}] });
    expect(parseExpression('ARRAY(SELECT 1)')).toMatchObject({ kind: 'ArrayCtor', elements: [], query: { kind: 'Query' } });
    expect(parseExpression('m[1:2]')).toMatchObject({ kind: 'Subscript', slice: true, lower: {}, upper: {} });
    expect(parseExpression('(c).f')).toMatchObject({ kind: 'FieldAccess', field: 'f', operand: { kind: 'ColumnRef' } });
    expect(parseExpression("x OPERATOR(pg_catalog.~) 'a'")).toMatchObject({ kind: 'BinaryOp', op: '~' });
    expect(parseExpression("s LIKE 'a!%' ESCAPE '!'")).toMatchObject({ op: 'LIKE', escape: { kind: 'Literal' } });
    expect(parseExpression('a NOT SIMILAR TO b')).toMatchObject({ op: 'NOT SIMILAR TO' });
    expect(parseExpression('a IS NOT DISTINCT FROM b')).toMatchObject({ op: 'IS NOT DISTINCT FROM' });
  });
});

describe('parse: types', () => {
  const typeOf = (t: string): unknown => (parseExpression(`CAST(x AS ${t})`) as { typeRef: unknown }).typeRef;
  it.each([
    ['smallint', T.int2], ['int2', T.int2], ['TINYINT', T.int2], ['integer', T.int4], ['INT', T.int4], ['int4', T.int4],
    ['bigint', T.int8], ['int8', T.int8], ['real', T.float4], ['float4', T.float4], ['double precision', T.float8],
    ['DOUBLE', T.float8], ['float8', T.float8], ['float', T.float8], ['float(10)', T.float4], ['numeric', T.numeric],
    ['decimal(10,2)', { id: 'numeric', precision: 10, scale: 2 }], ['numeric(5)', { id: 'numeric', precision: 5, scale: 0 }],
    ['boolean', T.bool], ['bool', T.bool], ['text', T.text], ['STRING', T.text], ['varchar', T.varchar],
    ['varchar(10)', { id: 'varchar', length: 10 }], ['character varying(3)', { id: 'varchar', length: 3 }],
    ['char(2)', { id: 'bpchar', length: 2 }], ['character', { id: 'bpchar', length: 1 }], ['bpchar', { id: 'bpchar' }],
    ['bytea', T.bytea], ['BYTES', T.bytea], ['BINARY(4)', T.bytea], ['VARBINARY(4)', T.bytea], ['date', T.date],
    ['time', T.time], ['time(3) without time zone', { id: 'time', precision: 3 }], ['timestamp', T.timestamp],
    ['TIMESTAMP(3)', { id: 'timestamp', precision: 3 }], ['timestamp without time zone', T.timestamp],
    ['timestamp with time zone', T.timestamptz], ['timestamptz', T.timestamptz], ['TIMESTAMP_LTZ(3)', { id: 'timestamptz', precision: 3 }],
    ['TIMESTAMP(3) WITH LOCAL TIME ZONE', { id: 'timestamptz', precision: 3 }], ['interval', T.interval], ['json', T.json],
    ['jsonb', T.jsonb], ['uuid', T.uuid], ['int[]', arrayOf(T.int4)], ['text[][]', arrayOf(arrayOf(T.text))],
    ['ARRAY<INT>', arrayOf(T.int4)], ['ARRAY<ARRAY<BIGINT NOT NULL>>', arrayOf(arrayOf(T.int8))],
    ['MAP<STRING, BIGINT>', { id: 'map', key: T.text, value: T.int8 }],
    ['ROW<a INT, b STRING>', { id: 'row', fields: [{ name: 'a', type: T.int4 }, { name: 'b', type: T.text }] }],
    ['ROW(a INT NOT NULL)', { id: 'row', fields: [{ name: 'a', type: T.int4 }] }], ['pg_catalog.int8', T.int8],
  ])('%s', (text, type) => {
    expect(typeOf(text)).toMatchObject({ kind: 'TypeRef', type, text });
  });

  it('leaves catalog pseudo-types to the binder', () => {
    for (const name of ['regclass', 'regtype', 'regproc', 'regnamespace', 'oid', 'name']) {
      expect(typeOf(name)).toMatchObject({ name, type: undefined });
    }
    expect(typeOf('"char"')).toMatchObject({ name: 'char', type: undefined });
    expect(parseExpression("'t'::regclass::oid")).toMatchObject({ typeRef: { name: 'oid' }, operand: { typeRef: { name: 'regclass' } } });
    expect(parseExpression('x::text[]')).toMatchObject({ typeRef: { name: 'text[]', type: arrayOf(T.text) } });
  });

  it('rejects unknown types with 42704 and a position', () => {
    fails('SELECT x::nosuch', '42704', 11, 'type "nosuch" does not exist');
    fails('CREATE TABLE t (a widget)', '42704', 19, 'type "widget" does not exist');
    fails("SELECT foo 'x'", '42704', 8);
  });
});

describe('parse: queries', () => {
  it('parses Flink window TVFs', () => {
    const s = select("SELECT * FROM TABLE(TUMBLE(DATA => TABLE bid, TIMECOL => DESCRIPTOR(date_time), SIZE => INTERVAL '10' SECOND))");
    expect(s.from[0]).toMatchObject({
      kind: 'FunctionRef',
      tableWrapper: true,
      call: {
        name: { parts: ['tumble'] },
        args: [
          { kind: 'NamedArg', name: 'data', value: { kind: 'TableArg', name: { parts: ['bid'] } } },
          { kind: 'NamedArg', name: 'timecol', value: { kind: 'Descriptor', columns: ['date_time'] } },
          { kind: 'NamedArg', name: 'size', value: { kind: 'TypedLiteral', intervalQualifier: 'second' } },
        ],
      },
    });
  });

  it('parses FOR SYSTEM_TIME AS OF before or after the alias', () => {
    for (const sql of [
      'SELECT * FROM s JOIN dim FOR SYSTEM_TIME AS OF s.proc_time AS d ON s.k = d.k',
      'SELECT * FROM s JOIN dim AS d FOR SYSTEM_TIME AS OF s.proc_time ON s.k = d.k',
    ]) {
      expect(select(sql).from[0]).toMatchObject({
        kind: 'JoinRef',
        joinType: 'inner',
        right: { kind: 'TableRef', alias: { name: 'd' }, forSystemTimeAsOf: { kind: 'ColumnRef', parts: ['s', 'proc_time'] } },
      });
    }
  });

  it('parses joins left-associatively and nested joins', () => {
    const f = select('SELECT * FROM a LEFT JOIN b ON true CROSS JOIN c, d NATURAL FULL JOIN e').from;
    expect(f).toMatchObject([
      { kind: 'JoinRef', joinType: 'cross', left: { kind: 'JoinRef', joinType: 'left' } },
      { kind: 'JoinRef', joinType: 'full', natural: true },
    ]);
    expect(select('SELECT * FROM (a JOIN b USING (k))').from[0]).toMatchObject({ kind: 'JoinRef', using: ['k'] });
    expect(select('SELECT * FROM (SELECT 1) x').from[0]).toMatchObject({ kind: 'SubqueryRef', alias: { name: 'x' }, lateral: false });
    expect(select('SELECT * FROM (VALUES (1)) v(a)').from[0]).toMatchObject({ kind: 'ValuesRef', alias: { name: 'v', columns: ['a'] } });
    expect(select('SELECT * FROM t, LATERAL unnest(t.a) WITH ORDINALITY u').from[1]).toMatchObject({ kind: 'FunctionRef', lateral: true, withOrdinality: true });
  });

  it('binds INTERSECT tighter than UNION and EXCEPT', () => {
    expect(query('SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4').body).toMatchObject({
      kind: 'SetOp',
      op: 'except',
      left: { kind: 'SetOp', op: 'union', right: { kind: 'SetOp', op: 'intersect' } },
    });
    expect(query('(SELECT 1 LIMIT 1) UNION ALL SELECT 2 ORDER BY 1').body).toMatchObject({ kind: 'SetOp', all: true, left: { kind: 'NestedQuery' } });
  });

  it('maps LIMIT, OFFSET and FETCH FIRST', () => {
    expect(query('SELECT 1 LIMIT 5 OFFSET 2')).toMatchObject({ limit: { value: { text: '5' } }, offset: { value: { text: '2' } } });
    expect(query('SELECT 1 OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY')).toMatchObject({ limit: { value: { text: '3' } } });
    expect(query('SELECT 1 FETCH NEXT ROW ONLY')).toMatchObject({ limit: { value: { text: '1' } } });
    expect(query('SELECT 1 LIMIT ALL')).not.toHaveProperty('limit');
  });

  it('parses CTEs', () => {
    expect(query('WITH RECURSIVE t(n) AS (SELECT 1) SELECT n FROM t')).toMatchObject({ recursive: true, with: [{ name: 't', columns: ['n'] }] });
  });
});

describe('parse: DDL and DML', () => {
  it('parses Flink CREATE TABLE', () => {
    const s = one(`CREATE TABLE bid (auction BIGINT, date_time TIMESTAMP(3), p AS PROCTIME(),
      WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND, PRIMARY KEY (auction) NOT ENFORCED)
      WITH ('connector' = 'kafka', scan.startup.mode = 'earliest-offset')`) as CreateTable;
    expect(s.columns.map((c) => c.kind)).toEqual(['ColumnDef', 'ColumnDef', 'ComputedColumnDef']);
    expect(s.primaryKey).toMatchObject({ columns: ['auction'], notEnforced: true });
    expect(s.watermark).toMatchObject({ column: 'date_time', expr: { kind: 'BinaryOp', op: '-' } });
    expect(s.options.map((o) => [o.key, o.value])).toEqual([['connector', 'kafka'], ['scan.startup.mode', 'earliest-offset']]);
  });

  it('folds inline primary keys and rejects two', () => {
    const s = one('CREATE TABLE t (id int PRIMARY KEY, v text DEFAULT \'x\' NOT NULL)') as CreateTable;
    expect(s.primaryKey).toMatchObject({ columns: ['id'], notEnforced: false });
    expect(s.columns[0]).toMatchObject({ primaryKey: true, notNull: true });
    expect(s.columns[1]).toMatchObject({ notNull: true, default: { kind: 'Literal' } });
    fails('CREATE TABLE t (a int PRIMARY KEY, PRIMARY KEY (a))', '42P16', 36);
  });

  it('keeps the view query text as written', () => {
    const sql = 'CREATE MATERIALIZED VIEW mv AS  SELECT a,  count(*) FROM t GROUP BY a ;';
    const s = one(sql) as CreateView;
    expect(s.queryText).toBe('SELECT a,  count(*) FROM t GROUP BY a');
    expect(s.materialized).toBe(true);
  });

  it('parses INSERT, UPDATE, DELETE', () => {
    expect(one('INSERT INTO t (a) VALUES (DEFAULT) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a RETURNING a')).toMatchObject({
      kind: 'Insert', columns: ['a'], source: { body: { kind: 'Values', rows: [[{ kind: 'Default' }]] } },
      onConflict: { target: ['a'], action: { kind: 'update', set: [{ column: 'a', value: { parts: ['excluded', 'a'] } }] } },
      returning: [{ expr: { parts: ['a'] } }],
    });
    expect(one('INSERT INTO t DEFAULT VALUES')).not.toHaveProperty('source');
    expect(one('UPDATE t SET a = 1 WHERE b')).toMatchObject({ kind: 'Update', set: [{ column: 'a' }], where: {} });
    expect(one('DELETE FROM t x USING u')).toMatchObject({ kind: 'Delete', alias: 'x', using: [{ kind: 'TableRef' }] });
  });

  it('parses users and drops', () => {
    expect(one("CREATE USER u WITH PASSWORD 'p' LOGIN")).toMatchObject({ kind: 'CreateUser', alter: false, name: 'u', password: 'p', options: ['login'] });
    expect(one('ALTER ROLE u PASSWORD NULL')).toMatchObject({ alter: true, password: null });
    expect(one('DROP ROLE IF EXISTS a, b CASCADE')).toMatchObject({ kind: 'Drop', objectKind: 'user', ifExists: true, cascade: true });
  });
});

describe('parse: session and utility statements', () => {
  it('parses SET forms', () => {
    expect(one("SET 'table.exec.mini-batch.enabled' = 'true'")).toMatchObject({ name: 'table.exec.mini-batch.enabled', value: 'true', quoted: true });
    expect(one('SET search_path TO "$user", public')).toMatchObject({ name: 'search_path', value: '$user, public', quoted: false });
    expect(one('SET LOCAL work_mem = 64')).toMatchObject({ name: 'work_mem', value: '64', local: true });
    expect(one('SET datestyle TO DEFAULT')).toMatchObject({ value: undefined });
    expect(one("SET TIME ZONE 'Europe/Paris'")).toMatchObject({ name: 'timezone', value: 'Europe/Paris' });
    expect(one('SET TIME ZONE DEFAULT')).toMatchObject({ name: 'timezone', value: undefined });
    expect(one('SET application_name = Foo')).toMatchObject({ value: 'foo' });
    expect(one('SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED')).toMatchObject({
      kind: 'SetTransaction', session: true, modes: ['isolation level read committed'],
    });
    expect(one('RESET ALL')).toMatchObject({ kind: 'Reset', name: undefined });
  });

  it('parses SHOW forms', () => {
    expect(one('SHOW TRANSACTION ISOLATION LEVEL')).toMatchObject({ target: { kind: 'variable', name: 'transaction_isolation' } });
    expect(one('SHOW TIME ZONE')).toMatchObject({ target: { kind: 'variable', name: 'timezone' } });
    expect(one('SHOW server_version')).toMatchObject({ target: { kind: 'variable', name: 'server_version' } });
    expect(one('SHOW CREATE MATERIALIZED VIEW mv')).toMatchObject({ target: { kind: 'create', objectKind: 'materialized view' } });
  });

  it('parses EXPLAIN forms', () => {
    expect(one('EXPLAIN CHANGELOG_MODE SELECT 1')).toMatchObject({ kind: 'Explain', changelogMode: true, statement: { kind: 'QueryStatement' } });
    expect(one('EXPLAIN (ANALYZE false, VERBOSE) SELECT 1')).toMatchObject({ changelogMode: false });
    expect(one('EXPLAIN (SELECT 1)')).toMatchObject({ statement: { kind: 'QueryStatement' } });
  });

  it('parses COPY options, legacy forms folded in', () => {
    const opts = (sql: string): [string, string][] => (one(sql) as Copy).options.map((o) => [o.key, o.value]);
    expect(opts("COPY (SELECT 1) TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ',')")).toEqual([['format', 'csv'], ['header', 'true'], ['delimiter', ',']]);
    expect(opts('COPY (SELECT 1) TO STDOUT WITH CSV HEADER')).toEqual([['format', 'csv'], ['header', 'true']]);
    expect(opts("COPY t FROM STDIN WITH (FORMAT text, HEADER)")).toEqual([['format', 'text'], ['header', 'true']]);
    expect(one('COPY (SUBSCRIBE TO mv) TO STDOUT')).toMatchObject({ source: { kind: 'subscribe', subscribe: { target: { kind: 'name' } } } });
    expect(one('COPY t (a, b) FROM STDIN')).toMatchObject({ direction: 'from', source: { kind: 'table', columns: ['a', 'b'] } });
    fails("COPY t TO '/tmp/x'", '0A000', 11);
  });

  it('parses cursors and prepared statements', () => {
    expect(one('DECLARE c BINARY NO SCROLL CURSOR WITH HOLD FOR SUBSCRIBE mv')).toMatchObject({ binary: true, hold: true, query: { kind: 'subscribe' } });
    expect(one('FETCH c')).toMatchObject({ cursor: 'c', count: 1 });
    expect(one('FETCH ALL IN c')).toMatchObject({ count: undefined });
    expect(one('FETCH FORWARD 5 FROM c')).toMatchObject({ count: 5 });
    expect(one('FETCH NEXT FROM c')).toMatchObject({ count: 1 });
    expect(one("FETCH 10 c WITH (timeout = '1s')")).toMatchObject({ count: 10, options: [{ key: 'timeout', value: '1s' }] });
    expect(one('PREPARE p (int8) AS SELECT $1')).toMatchObject({ paramTypes: [{ name: 'int8' }], statement: { kind: 'QueryStatement' } });
    expect(one('EXECUTE p (1)')).toMatchObject({ name: 'p', args: [{ kind: 'Literal' }] });
    expect(one('DISCARD TEMPORARY')).toMatchObject({ what: 'temp' });
    expect(one('SUBSCRIBE TO mv WITH (snapshot = false)')).toMatchObject({ options: [{ key: 'snapshot', value: 'false' }] });
    expect(one("STOP JOB 'j1'")).toMatchObject({ kind: 'StopJob', id: 'j1' });
  });

  it('parses transaction control', () => {
    expect(one('BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY')).toMatchObject({ action: 'begin', modes: ['isolation level serializable', 'read only'] });
    expect(one('START TRANSACTION')).toMatchObject({ action: 'begin' });
    expect(one('END')).toMatchObject({ action: 'commit' });
    expect(one('ABORT')).toMatchObject({ action: 'rollback' });
  });
});

describe('parse: syntax errors', () => {
  it('reports PostgreSQL-worded errors with 1-based positions', () => {
    fails('SELECT * FORM t', '42601', 10, /^syntax error at or near "FORM"/);
    fails('SELECT 1 +', '42601', 11, /^syntax error at end of input/);
    fails('SELECT (1', '42601', 10, 'syntax error at end of input: expected ")"');
    fails('SELECT FROM FROM t', '42601', 13, 'syntax error at or near "FROM"');
    fails('SELECT a, FROM t', '42601', 11, 'syntax error at or near "FROM": expected an expression');
    fails('SELEC 1', '42601', 1, 'syntax error at or near "SELEC": expected a statement');
    fails('SELECT * FROM a JOIN b', '42601', 23, 'syntax error at end of input: expected ON or USING');
    fails("SELECT 'abc", '42601', 8, /unterminated quoted string/);
    fails('CREATE TABLE (a int)', '42601', 14);
    fails('SELECT * FROM t WHERE', '42601', 22, /expected an expression/);
    fails('INSERT INTO t VALUES (1', '42601', 24);
    fails('SELECT a FROM t GROUP a', '42601', 23);
  });
});
