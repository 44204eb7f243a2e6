/**
 * The abstract syntax tree of Strom's SQL dialect: PostgreSQL for queries, DML and session
 * statements, plus Flink SQL's streaming DDL (WITH options, WATERMARK, PRIMARY KEY NOT ENFORCED,
 * computed columns, FOR SYSTEM_TIME AS OF, window TVFs) and Strom's own statements (SUBSCRIBE,
 * FLUSH, SHOW JOBS, STOP JOB).
 *
 * Every node is a readonly object discriminated on `kind`. `pos` is the 0-based character offset of
 * the node's first token in the query string the client sent (a multi-statement simple query counts
 * from the start of the whole string, as PostgreSQL does); SqlError positions are `pos + 1`.
 * Identifiers are stored case-folded to lower case unless they were quoted ("x" or `x`), as PostgreSQL.
 */
import type { SqlType } from '../common/types.ts';

// ───────────────────────────── expressions ─────────────────────────────

/** A possibly qualified name: `a`, `s.t`, `pg_catalog.pg_class`. */
export interface QualifiedName {
  readonly kind: 'QualifiedName';
  readonly parts: readonly string[];
  readonly pos: number;
}

/**
 * A type as written. `name` is the canonical lower-case name (`int8`, `text`, `timestamp`, `regclass`,
 * `name`, `oid`, …). `type` is the resolved SqlType when Strom has one (Flink and PostgreSQL spellings
 * alike: BIGINT, STRING, TIMESTAMP(3), TIMESTAMP_LTZ(3), DECIMAL(p,s), ARRAY<T>, T[], MAP<K,V>, ROW<…>,
 * double precision, character varying(n)…); undefined for catalog pseudo-types such as regclass,
 * regtype, regproc, oid, name, which the binder handles.
 */
export interface TypeRef {
  readonly kind: 'TypeRef';
  readonly name: string;
  readonly type: SqlType | undefined;
  /** How it was written, for error messages and printing (e.g. `TIMESTAMP(3)`). */
  readonly text: string;
  readonly pos: number;
}

export type LiteralValue =
  | { readonly type: 'number'; readonly text: string } // 1, 1.5, 1e10, .5 — kept as text; binder picks int4/int8/numeric
  | { readonly type: 'string'; readonly value: string } // 'abc', E'a\n', $$x$$
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'null' };

export interface Literal {
  readonly kind: 'Literal';
  readonly value: LiteralValue;
  readonly pos: number;
}

/** A typed literal `DATE '2020-01-01'`, `TIMESTAMP '…'`, `INTERVAL '1' DAY`, `INTERVAL '2 s'`. */
export interface TypedLiteral {
  readonly kind: 'TypedLiteral';
  readonly typeRef: TypeRef;
  readonly value: string;
  /** For INTERVAL: the qualifier written after the string (`DAY`, `SECOND`, `HOUR TO SECOND`), lower case. */
  readonly intervalQualifier?: string;
  readonly pos: number;
}

/** A column reference `c`, `t.c`, `s.t.c`, or `t.*` / `*` (star). */
export interface ColumnRef {
  readonly kind: 'ColumnRef';
  readonly parts: readonly string[];
  readonly star: boolean;
  readonly pos: number;
}

/** `$n` (1-based). */
export interface Param {
  readonly kind: 'Param';
  readonly index: number;
  readonly pos: number;
}

/**
 * A binary operator application. `op` is the operator text (`+ - * / % ^ || = <> < <= > >= AND OR
 * ~ ~* !~ !~* LIKE ILIKE NOT LIKE NOT ILIKE SIMILAR TO NOT SIMILAR TO IS DISTINCT FROM IS NOT DISTINCT
 * FROM @> <@ && -> ->> #> #>>`), `!=` normalized to `<>`. `OPERATOR(pg_catalog.~)` gives op `~`.
 * For LIKE/ILIKE an `escape` may be present.
 */
export interface BinaryOp {
  readonly kind: 'BinaryOp';
  readonly op: string;
  readonly left: Expr;
  readonly right: Expr;
  readonly escape?: Expr;
  readonly pos: number;
}

/** A prefix operator: `NOT`, `-`, `+`, `~` (bitwise not), `@` (abs). */
export interface UnaryOp {
  readonly kind: 'UnaryOp';
  readonly op: string;
  readonly operand: Expr;
  readonly pos: number;
}

/** `x IS [NOT] NULL | TRUE | FALSE | UNKNOWN`. */
export interface IsTest {
  readonly kind: 'IsTest';
  readonly operand: Expr;
  readonly test: 'null' | 'true' | 'false' | 'unknown';
  readonly negated: boolean;
  readonly pos: number;
}

export interface Between {
  readonly kind: 'Between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
  readonly pos: number;
}

export interface InList {
  readonly kind: 'InList';
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
  readonly pos: number;
}

export interface InSubquery {
  readonly kind: 'InSubquery';
  readonly operand: Expr;
  readonly query: Query;
  readonly negated: boolean;
  readonly pos: number;
}

export interface Exists {
  readonly kind: 'Exists';
  readonly query: Query;
  readonly pos: number;
}

/** A scalar subquery `(SELECT …)` used as a value. */
export interface ScalarSubquery {
  readonly kind: 'ScalarSubquery';
  readonly query: Query;
  readonly pos: number;
}

/** `x op ANY|SOME|ALL (array expr | subquery)`. */
export interface Quantified {
  readonly kind: 'Quantified';
  readonly op: string;
  readonly quantifier: 'any' | 'all';
  readonly left: Expr;
  readonly right: { readonly kind: 'expr'; readonly expr: Expr } | { readonly kind: 'query'; readonly query: Query };
  readonly pos: number;
}

export interface Case {
  readonly kind: 'Case';
  /** The simple form's operand `CASE x WHEN …`; absent for the searched form. */
  readonly operand?: Expr;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
  readonly pos: number;
}

/** `CAST(x AS t)`, `x::t`, `TRY_CAST(x AS t)` (Flink: NULL on failure). */
export interface Cast {
  readonly kind: 'Cast';
  readonly operand: Expr;
  readonly typeRef: TypeRef;
  readonly syntax: 'cast' | 'colons' | 'try_cast';
  readonly pos: number;
}

/** `PARTITION BY … ORDER BY … frame` of a window function or a named WINDOW. */
export interface WindowSpec {
  readonly kind: 'WindowSpec';
  readonly baseName?: string;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
  readonly pos: number;
}

export interface FrameBound {
  readonly type: 'unbounded_preceding' | 'preceding' | 'current_row' | 'following' | 'unbounded_following';
  /** For `N PRECEDING` / `N FOLLOWING`: N (a literal or an interval). */
  readonly offset?: Expr;
}

export interface WindowFrame {
  readonly units: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

/**
 * A function call, aggregate or window function: `f(args)`, `count(*)`, `count(DISTINCT x)`,
 * `string_agg(x, ',' ORDER BY y)`, `sum(x) FILTER (WHERE …)`, `row_number() OVER (…)` / `OVER w`.
 * SQL's special forms are normalized to calls: `EXTRACT(f FROM x)` → `extract('f', x)`,
 * `POSITION(a IN b)` → `position(b, a)` (string first, as PostgreSQL's parser does), `SUBSTRING(x FROM a FOR b)` → `substring(x, a, b)`,
 * `TRIM(BOTH|LEADING|TRAILING c FROM x)` → `btrim|ltrim|rtrim(x, c)`, `OVERLAY(…)` → `overlay(…)`,
 * `CURRENT_TIMESTAMP`, `CURRENT_DATE`, `LOCALTIMESTAMP`, `CURRENT_USER`, `SESSION_USER`,
 * `CURRENT_SCHEMA`, `CURRENT_CATALOG` → calls with no args and `noParens: true`.
 */
export interface FuncCall {
  readonly kind: 'FuncCall';
  readonly name: QualifiedName;
  readonly args: readonly Expr[];
  readonly star: boolean;
  readonly distinct: boolean;
  readonly orderBy: readonly OrderItem[];
  readonly filter?: Expr;
  readonly over?: WindowSpec | { readonly kind: 'WindowRef'; readonly name: string; readonly pos: number };
  readonly noParens: boolean;
  readonly pos: number;
}

/** `ARRAY[a, b]` or `ARRAY(subquery)`. */
export interface ArrayCtor {
  readonly kind: 'ArrayCtor';
  readonly elements: readonly Expr[];
  readonly query?: Query;
  readonly pos: number;
}

/** `ROW(a, b)` or `(a, b)`. */
export interface RowCtor {
  readonly kind: 'RowCtor';
  readonly fields: readonly Expr[];
  readonly pos: number;
}

/** `x[i]` or `x[a:b]`, and MAP access `m['k']`. */
export interface Subscript {
  readonly kind: 'Subscript';
  readonly operand: Expr;
  readonly index?: Expr;
  readonly lower?: Expr;
  readonly upper?: Expr;
  readonly slice: boolean;
  readonly pos: number;
}

/** `(x).field`. */
export interface FieldAccess {
  readonly kind: 'FieldAccess';
  readonly operand: Expr;
  readonly field: string;
  readonly pos: number;
}

/** `x COLLATE "C"`. */
export interface Collate {
  readonly kind: 'Collate';
  readonly operand: Expr;
  readonly collation: QualifiedName;
  readonly pos: number;
}

/** Flink's `DESCRIPTOR(col, …)` argument of window table functions. */
export interface Descriptor {
  readonly kind: 'Descriptor';
  readonly columns: readonly string[];
  readonly pos: number;
}

/** `TABLE name` as an argument of a table function (window TVFs). */
export interface TableArg {
  readonly kind: 'TableArg';
  readonly name: QualifiedName;
  readonly pos: number;
}

/** `name => value` named argument (Flink window TVFs accept `DATA => TABLE t`, `SIZE => …`). */
export interface NamedArg {
  readonly kind: 'NamedArg';
  readonly name: string;
  readonly value: Expr;
  readonly pos: number;
}

/** `DEFAULT` in INSERT VALUES or UPDATE SET. */
export interface DefaultExpr {
  readonly kind: 'Default';
  readonly pos: number;
}

export type Expr =
  | Literal
  | TypedLiteral
  | ColumnRef
  | Param
  | BinaryOp
  | UnaryOp
  | IsTest
  | Between
  | InList
  | InSubquery
  | Exists
  | ScalarSubquery
  | Quantified
  | Case
  | Cast
  | FuncCall
  | ArrayCtor
  | RowCtor
  | Subscript
  | FieldAccess
  | Collate
  | Descriptor
  | TableArg
  | NamedArg
  | DefaultExpr;

// ───────────────────────────── queries ─────────────────────────────

export interface OrderItem {
  readonly expr: Expr;
  readonly direction: 'asc' | 'desc' | undefined;
  readonly nulls: 'first' | 'last' | undefined;
}

export interface SelectItem {
  readonly expr: Expr;
  readonly alias?: string;
  readonly pos: number;
}

/** A base table or view in FROM, optionally `FOR SYSTEM_TIME AS OF expr` (a lookup/temporal join). */
export interface TableRef {
  readonly kind: 'TableRef';
  readonly name: QualifiedName;
  readonly alias?: Alias;
  readonly forSystemTimeAsOf?: Expr;
  readonly pos: number;
}

export interface Alias {
  readonly name: string;
  readonly columns?: readonly string[];
}

export interface SubqueryRef {
  readonly kind: 'SubqueryRef';
  readonly query: Query;
  readonly alias?: Alias;
  readonly lateral: boolean;
  readonly pos: number;
}

/** A table function in FROM: `generate_series(1,3)`, `unnest(a)`, `TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' SECOND))`. */
export interface FunctionRef {
  readonly kind: 'FunctionRef';
  readonly call: FuncCall;
  readonly alias?: Alias;
  readonly lateral: boolean;
  readonly withOrdinality: boolean;
  /** True when written `TABLE(f(...))` as Flink does. */
  readonly tableWrapper: boolean;
  readonly pos: number;
}

export interface JoinRef {
  readonly kind: 'JoinRef';
  readonly joinType: 'inner' | 'left' | 'right' | 'full' | 'cross';
  readonly left: FromItem;
  readonly right: FromItem;
  readonly on?: Expr;
  readonly using?: readonly string[];
  readonly natural: boolean;
  readonly pos: number;
}

export interface ValuesRef {
  readonly kind: 'ValuesRef';
  readonly values: Values;
  readonly alias?: Alias;
  readonly pos: number;
}

export type FromItem = TableRef | SubqueryRef | FunctionRef | JoinRef | ValuesRef;

export interface Select {
  readonly kind: 'Select';
  readonly distinct: boolean;
  /** `DISTINCT ON (…)` expressions; empty when absent. */
  readonly distinctOn: readonly Expr[];
  readonly items: readonly SelectItem[];
  readonly from: readonly FromItem[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly windows: readonly { readonly name: string; readonly spec: WindowSpec }[];
  readonly pos: number;
}

export interface Values {
  readonly kind: 'Values';
  readonly rows: readonly (readonly Expr[])[];
  readonly pos: number;
}

export interface SetOp {
  readonly kind: 'SetOp';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
  readonly pos: number;
}

/** A parenthesized query used as a query body operand: `(SELECT … ORDER BY … LIMIT 1) UNION …`. */
export interface NestedQuery {
  readonly kind: 'NestedQuery';
  readonly query: Query;
  readonly pos: number;
}

export type QueryBody = Select | Values | SetOp | NestedQuery;

export interface Cte {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly pos: number;
}

/** A full query: `WITH … body ORDER BY … LIMIT … OFFSET …` (`FETCH FIRST n ROWS ONLY` → limit). */
export interface Query {
  readonly kind: 'Query';
  readonly with: readonly Cte[];
  readonly recursive: boolean;
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
  readonly pos: number;
}

// ───────────────────────────── DDL ─────────────────────────────

/** `'k' = 'v'` or `k = 'v'` / `k.x.y = 'v'` option, key as written (unquoted keys keep their dots). */
export interface OptionItem {
  readonly key: string;
  readonly value: string;
  readonly pos: number;
}

export interface ColumnDef {
  readonly kind: 'ColumnDef';
  readonly name: string;
  readonly typeRef: TypeRef;
  readonly notNull: boolean;
  /** Inline `PRIMARY KEY [NOT ENFORCED]`. */
  readonly primaryKey: boolean;
  readonly default?: Expr;
  readonly pos: number;
}

/** Flink computed column `name AS expr` (e.g. `proc_time AS PROCTIME()`). */
export interface ComputedColumnDef {
  readonly kind: 'ComputedColumnDef';
  readonly name: string;
  readonly expr: Expr;
  readonly pos: number;
}

export interface CreateTable {
  readonly kind: 'CreateTable';
  readonly name: QualifiedName;
  readonly ifNotExists: boolean;
  readonly columns: readonly (ColumnDef | ComputedColumnDef)[];
  /** Table-level `PRIMARY KEY (a, b) [NOT ENFORCED]`; inline primary keys are folded in here too. */
  readonly primaryKey?: { readonly columns: readonly string[]; readonly notEnforced: boolean; readonly pos: number };
  readonly watermark?: { readonly column: string; readonly expr: Expr; readonly pos: number };
  readonly options: readonly OptionItem[];
  /** `CREATE TABLE t WITH (…) AS SELECT …` (Flink CTAS). */
  readonly asQuery?: Query;
  readonly pos: number;
}

export interface CreateView {
  readonly kind: 'CreateView';
  readonly name: QualifiedName;
  readonly materialized: boolean;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly options: readonly OptionItem[];
  /** The text of the defining query, as written (for pg_get_viewdef and SHOW CREATE). */
  readonly queryText: string;
  readonly pos: number;
}

export type ObjectKind = 'table' | 'view' | 'materialized view' | 'user' | 'index' | 'schema' | 'sink' | 'source';

export interface Drop {
  readonly kind: 'Drop';
  readonly objectKind: ObjectKind;
  readonly names: readonly QualifiedName[];
  readonly ifExists: boolean;
  readonly cascade: boolean;
  readonly pos: number;
}

export interface CreateUser {
  readonly kind: 'CreateUser';
  /** CREATE USER / CREATE ROLE … / ALTER USER / ALTER ROLE. */
  readonly alter: boolean;
  readonly name: string;
  readonly password?: string | null;
  readonly options: readonly string[];
  readonly pos: number;
}

// ───────────────────────────── DML ─────────────────────────────

export interface OnConflict {
  readonly target: readonly string[];
  readonly action: { readonly kind: 'nothing' } | { readonly kind: 'update'; readonly set: readonly SetClause[]; readonly where?: Expr };
}

export interface SetClause {
  readonly column: string;
  readonly value: Expr;
  readonly pos: number;
}

export interface Insert {
  readonly kind: 'Insert';
  readonly table: QualifiedName;
  readonly alias?: string;
  readonly columns?: readonly string[];
  /** The source: a query (VALUES is a query body) or `DEFAULT VALUES` (undefined). */
  readonly source?: Query;
  readonly onConflict?: OnConflict;
  readonly returning: readonly SelectItem[];
  /** Flink's `INSERT OVERWRITE`. */
  readonly overwrite: boolean;
  readonly pos: number;
}

export interface Update {
  readonly kind: 'Update';
  readonly table: QualifiedName;
  readonly alias?: string;
  readonly set: readonly SetClause[];
  readonly from: readonly FromItem[];
  readonly where?: Expr;
  readonly returning: readonly SelectItem[];
  readonly pos: number;
}

export interface Delete {
  readonly kind: 'Delete';
  readonly table: QualifiedName;
  readonly alias?: string;
  readonly using: readonly FromItem[];
  readonly where?: Expr;
  readonly returning: readonly SelectItem[];
  readonly pos: number;
}

// ───────────────────────────── session, streaming and utility ─────────────────────────────

/** A SELECT/VALUES/WITH query as a statement. */
export interface QueryStatement {
  readonly kind: 'QueryStatement';
  readonly query: Query;
  readonly pos: number;
}

/**
 * `SET 'k' = 'v'` (Flink, `quoted: true`), `SET [SESSION|LOCAL] name {TO|=} value[, …]`,
 * `SET TIME ZONE x`, `SET name TO DEFAULT` (value undefined). Values are kept as text, as PostgreSQL
 * flattens them (a list is joined by ", ").
 */
export interface SetStatement {
  readonly kind: 'Set';
  readonly name: string;
  readonly value: string | undefined;
  readonly local: boolean;
  readonly quoted: boolean;
  readonly pos: number;
}

/** `RESET name`, `RESET 'k'`, `RESET ALL`/`RESET` (name undefined). */
export interface ResetStatement {
  readonly kind: 'Reset';
  readonly name: string | undefined;
  readonly pos: number;
}

/** `SET SESSION CHARACTERISTICS AS TRANSACTION …` and `SET TRANSACTION …` (accepted, recorded). */
export interface SetTransaction {
  readonly kind: 'SetTransaction';
  readonly session: boolean;
  readonly modes: readonly string[];
  readonly pos: number;
}

export type ShowTarget =
  | { readonly kind: 'tables' }
  | { readonly kind: 'views' }
  | { readonly kind: 'materialized views' }
  | { readonly kind: 'jobs' }
  | { readonly kind: 'create'; readonly objectKind: 'table' | 'view' | 'materialized view'; readonly name: QualifiedName }
  | { readonly kind: 'all' }
  | { readonly kind: 'variable'; readonly name: string }; // SHOW search_path, SHOW TRANSACTION ISOLATION LEVEL → 'transaction_isolation'

export interface Show {
  readonly kind: 'Show';
  readonly target: ShowTarget;
  readonly pos: number;
}

/** `DESCRIBE t` / `DESC t`. */
export interface Describe {
  readonly kind: 'Describe';
  readonly name: QualifiedName;
  readonly pos: number;
}

/** `EXPLAIN [PLAN FOR] stmt`, `EXPLAIN CHANGELOG_MODE stmt`, `EXPLAIN (…)` option lists reduced to flags. */
export interface Explain {
  readonly kind: 'Explain';
  readonly changelogMode: boolean;
  readonly statement: Statement;
  readonly pos: number;
}

export interface Transaction {
  readonly kind: 'Transaction';
  /** BEGIN / START TRANSACTION → begin; COMMIT / END → commit; ROLLBACK / ABORT → rollback. */
  readonly action: 'begin' | 'commit' | 'rollback';
  readonly modes: readonly string[];
  readonly pos: number;
}

/** `FLUSH`: wait until every committed change is reflected in every materialized view and sink. */
export interface Flush {
  readonly kind: 'Flush';
  readonly pos: number;
}

/** `STOP JOB 'id'`. */
export interface StopJob {
  readonly kind: 'StopJob';
  readonly id: string;
  readonly pos: number;
}

/** What SUBSCRIBE streams: a named relation or a query. */
export type SubscribeTarget = { readonly kind: 'name'; readonly name: QualifiedName } | { readonly kind: 'query'; readonly query: Query };

/** `SUBSCRIBE [TO] target [WITH (snapshot = true|false, …)]`. */
export interface Subscribe {
  readonly kind: 'Subscribe';
  readonly target: SubscribeTarget;
  readonly options: readonly OptionItem[];
  readonly pos: number;
}

/** `COPY (query | SUBSCRIBE …) TO STDOUT [WITH (…)]`, `COPY t [(cols)] TO STDOUT`, `COPY t [(cols)] FROM STDIN [WITH (…)]`. */
export interface Copy {
  readonly kind: 'Copy';
  readonly source:
    | { readonly kind: 'table'; readonly name: QualifiedName; readonly columns?: readonly string[] }
    | { readonly kind: 'query'; readonly query: Query }
    | { readonly kind: 'subscribe'; readonly subscribe: Subscribe };
  readonly direction: 'to' | 'from';
  /** FORMAT text|csv|binary, DELIMITER, HEADER, NULL, QUOTE, ESCAPE; legacy `CSV HEADER` forms folded in. Keys lower case. */
  readonly options: readonly OptionItem[];
  readonly pos: number;
}

/** `DECLARE name [BINARY] [NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR query | SUBSCRIBE …`. */
export interface DeclareCursor {
  readonly kind: 'DeclareCursor';
  readonly name: string;
  readonly binary: boolean;
  readonly hold: boolean;
  readonly query: { readonly kind: 'query'; readonly query: Query } | { readonly kind: 'subscribe'; readonly subscribe: Subscribe };
  readonly pos: number;
}

/** `FETCH [FORWARD] [n | ALL | NEXT] [FROM|IN] name [WITH (timeout = '1s')]`; count undefined = ALL. */
export interface Fetch {
  readonly kind: 'Fetch';
  readonly cursor: string;
  readonly count: number | undefined;
  readonly options: readonly OptionItem[];
  readonly pos: number;
}

/** `CLOSE name` / `CLOSE ALL` (name undefined). */
export interface CloseCursor {
  readonly kind: 'CloseCursor';
  readonly name: string | undefined;
  readonly pos: number;
}

/** `PREPARE name [(types)] AS stmt`. */
export interface Prepare {
  readonly kind: 'Prepare';
  readonly name: string;
  readonly paramTypes: readonly TypeRef[];
  readonly statement: Statement;
  readonly pos: number;
}

/** `EXECUTE name [(args)]`. */
export interface Execute {
  readonly kind: 'Execute';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly pos: number;
}

/** `DEALLOCATE [PREPARE] name | ALL`. */
export interface Deallocate {
  readonly kind: 'Deallocate';
  readonly name: string | undefined;
  readonly pos: number;
}

/** `DISCARD ALL | PLANS | SEQUENCES | TEMP`. */
export interface Discard {
  readonly kind: 'Discard';
  readonly what: string;
  readonly pos: number;
}

/** `COMMENT ON TABLE|COLUMN|VIEW|MATERIALIZED VIEW x IS 'text'`. */
export interface CommentOn {
  readonly kind: 'CommentOn';
  readonly objectKind: 'table' | 'column' | 'view' | 'materialized view';
  readonly name: QualifiedName;
  readonly comment: string | null;
  readonly pos: number;
}

export type Statement =
  | QueryStatement
  | Insert
  | Update
  | Delete
  | CreateTable
  | CreateView
  | Drop
  | CreateUser
  | SetStatement
  | ResetStatement
  | SetTransaction
  | Show
  | Describe
  | Explain
  | Transaction
  | Flush
  | StopJob
  | Subscribe
  | Copy
  | DeclareCursor
  | Fetch
  | CloseCursor
  | Prepare
  | Execute
  | Deallocate
  | Discard
  | CommentOn;

/** A statement with the slice of the query string it came from (for SHOW JOBS, pg_stat_activity, views). */
export interface ParsedStatement {
  readonly statement: Statement;
  /** The statement's text, trimmed, without the trailing semicolon. */
  readonly text: string;
  /** 0-based offset of `text` in the whole query string. */
  readonly offset: number;
}
