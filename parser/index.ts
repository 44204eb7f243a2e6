/**
 * parser/: SQL text → AST (DESIGN.md, section "Parser").
 *
 * A hand-written lexer (lexer.ts) and recursive-descent parser (parser.ts and parse-*.ts) for Strom's
 * dialect: PostgreSQL queries, DML and session statements, Flink SQL's streaming DDL and window TVFs,
 * and Strom's SUBSCRIBE / FLUSH / SHOW JOBS / STOP JOB. The tree is defined in ast.ts; print.ts turns
 * it back into SQL that re-parses to the same tree. Errors are SqlErrors with PostgreSQL wording and
 * SQLSTATEs (42601 syntax, 42704 unknown type) and 1-based positions in the query string.
 */
export { parse, parseExpression } from './parser.ts';
export { printStatement, printExpr } from './print.ts';
export type * from './ast.ts';
