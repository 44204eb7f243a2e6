/**
 * Output column names as PostgreSQL picks them (parse_target.c FigureColname): a column reference
 * gives its column name, a function call its function name, a cast its operand's name or else the
 * type name, CASE `case`, ARRAY[…] `array`, EXISTS `exists`, a scalar subquery its first column's
 * name, `true`/`false` `bool`; anything else `?column?`.
 */
import { assertNever } from '../../common/errors.ts';
import type { Expr, QueryBody } from '../../parser/ast.ts';

/** The name PostgreSQL gives an unaliased select-list expression. */
export function columnName(e: Expr): string {
  return figure(e) ?? '?column?';
}

function bodyFirstName(b: QueryBody): string | undefined {
  switch (b.kind) {
    case 'Select': {
      const item = b.items[0];
      if (!item) return undefined;
      return item.alias ?? figure(item.expr);
    }
    case 'Values':
      return 'column1';
    case 'SetOp':
      return bodyFirstName(b.left);
    case 'NestedQuery':
      return bodyFirstName(b.query.body);
    default:
      return assertNever(b, 'query body');
  }
}

function figure(e: Expr): string | undefined {
  switch (e.kind) {
    case 'ColumnRef':
      return e.star ? undefined : e.parts[e.parts.length - 1];
    case 'FuncCall':
      return e.name.parts[e.name.parts.length - 1];
    case 'Cast':
      // A cast's own type names it over an inner cast's (FigureColname: both have strength 1).
      return (e.operand.kind === 'Cast' || e.operand.kind === 'TypedLiteral' ? undefined : figure(e.operand)) ?? e.typeRef.name;
    case 'TypedLiteral':
      return e.typeRef.name;
    case 'Literal':
      return e.value.type === 'bool' ? 'bool' : undefined;
    case 'Case':
      return 'case';
    case 'ArrayCtor':
      return 'array';
    case 'RowCtor':
      return 'row';
    case 'Exists':
      return 'exists';
    case 'ScalarSubquery':
      return bodyFirstName(e.query.body);
    case 'Subscript':
      return figure(e.operand);
    case 'FieldAccess':
      return e.field;
    case 'Collate':
      return figure(e.operand);
    case 'Quantified':
    case 'InSubquery':
    case 'Param':
    case 'BinaryOp':
    case 'UnaryOp':
    case 'IsTest':
    case 'Between':
    case 'InList':
    case 'Descriptor':
    case 'TableArg':
    case 'NamedArg':
    case 'Default':
      return undefined;
    default:
      return assertNever(e, 'expression');
  }
}
