/**
 * Name scopes (PostgreSQL docs §7.2.1.2 "Table and Column Aliases", parse_relation.c's rules): the
 * columns a FROM clause makes visible, each with its table qualifier and its position in the plan
 * the clause produced. Unqualified names must be unique among visible columns (42702); qualified
 * names need their qualifier in scope (42P01 `missing FROM-clause entry for table "t"`).
 */
import type { SqlType } from '../../common/types.ts';
import { SqlState } from '../../common/errors.ts';
import type { BoundExpr } from '../logical/expr.ts';
import { bindError } from './diag.ts';

/** A column visible in a scope. */
export interface ScopeColumn {
  readonly name: string;
  /** The table name or alias it is qualified by; undefined for unnamed subqueries and merged USING columns. */
  readonly qualifier: string | undefined;
  readonly type: SqlType;
  /** Position in the output of the plan the scope belongs to. */
  readonly index: number;
  /** Hidden from unqualified names and `*` (the inputs of a USING-merged column). */
  readonly hidden: boolean;
  /** A system column (xmin, ctid, tableoid; docs §5.5): found by name, left out of `*` and NATURAL joins. */
  readonly system?: boolean;
}

/** The outcome of a name lookup: a column, or why there is none. */
export type Lookup = { readonly kind: 'found'; readonly column: ScopeColumn } | { readonly kind: 'missing'; readonly qualifierKnown: boolean };

/** A set of visible columns. */
export class Scope {
  constructor(readonly columns: readonly ScopeColumn[]) {}

  /** The empty scope (SELECT without FROM, VALUES, LIMIT). */
  static readonly empty = new Scope([]);

  /** A scope over a plain schema with no qualifier (bindScalar). */
  static ofSchema(schema: readonly { name: string; type: SqlType }[], qualifier?: string): Scope {
    return new Scope(schema.map((f, index) => ({ name: f.name, qualifier, type: f.type, index, hidden: false })));
  }

  /** This scope's columns moved right by `offset` positions (the right side of a join). */
  shift(offset: number): Scope {
    return new Scope(this.columns.map((c) => ({ ...c, index: c.index + offset })));
  }

  /** Union of two scopes (a join's). */
  concat(other: Scope): Scope {
    return new Scope([...this.columns, ...other.columns]);
  }

  /** Qualifiers present, in order, without duplicates. */
  qualifiers(): string[] {
    return [...new Set(this.columns.flatMap((c) => (c.qualifier === undefined ? [] : [c.qualifier])))];
  }

  /**
   * Looks `parts` up (`c`, `t.c`, `s.t.c`). Throws 42702 `column reference "c" is ambiguous` when
   * several visible columns match.
   */
  lookup(parts: readonly string[], pos: number): Lookup {
    const name = parts[parts.length - 1]!;
    if (parts.length === 1) {
      const found = this.columns.filter((c) => !c.hidden && c.name === name);
      if (found.length > 1) throw bindError(SqlState.ambiguousColumn, `column reference "${name}" is ambiguous`, pos);
      return found.length === 1 ? { kind: 'found', column: found[0]! } : { kind: 'missing', qualifierKnown: false };
    }
    const qualifier = parts[parts.length - 2]!;
    const ofTable = this.columns.filter((c) => c.qualifier === qualifier);
    if (ofTable.length === 0) return { kind: 'missing', qualifierKnown: false };
    const found = ofTable.filter((c) => c.name === name);
    if (found.length > 1) throw bindError(SqlState.ambiguousColumn, `column reference "${qualifier}.${name}" is ambiguous`, pos);
    return found.length === 1 ? { kind: 'found', column: found[0]! } : { kind: 'missing', qualifierKnown: true };
  }
}

/** What a base column reference was written as: for 42803 messages, which name the column and point at it. */
export interface ColumnOrigin {
  readonly name: string;
  readonly pos: number;
}

/** ColRefs created for column references, with their origin (keys are fresh objects, so one map serves every bind). */
export const columnOrigins = new WeakMap<BoundExpr, ColumnOrigin>();
