import type { KNode } from '../kusto.js';
import type { ColumnInfo, Table } from '../table.js';

/** Value of an expression for row i of the frame it was bound to. */
export type RowFn = (i: number) => unknown;

/** What one execution of a prepared query sees. */
export interface Env {
  readonly tables: ReadonlyMap<string, Table>;
  /** now() as an engine datetime (ticks): fixed per execution so results are deterministic. */
  readonly now: number;
  /** Tabular `let` results, computed once per execution even when referenced twice. */
  readonly lets: Map<unknown, Table>;
  /** Inside one run of a per-row or per-partition subquery: the results cached for that run only (cache.ts). */
  readonly scope?: Map<unknown, Table>;
}

/** The columns an expression reads, at run time. */
export interface Frame {
  readonly length: number;
  column(slot: number): unknown[];
  /**
   * A column's values read through to the table that holds them, without gathering a copy (set by
   * filters, whose frame is read once per row and then dropped); undefined: use column().
   */
  read?(slot: number): RowFn | undefined;
  readonly env: Env;
}

export function tableFrame(table: Table, env: Env): Frame {
  return { length: table.length, column: (slot) => table.column(slot), env };
}

/** A compiled scalar expression: typed, optionally known at compile time, bound per table. */
export interface Scalar {
  readonly type: string;
  /** Set when the value is a compile-time constant. */
  readonly constant?: { readonly value: unknown };
  /** Set when the expression is a plain column reference. */
  readonly slot?: number;
  /** Set when the value is the same for every row of an execution (toscalar(), a top-level let). */
  readonly rowFree?: boolean;
  /**
   * Set by functions that build a bag (parse_url): a cheaper scalar for one of its properties, when
   * there is one. `f(x).Name` then computes only that property instead of the whole bag per row.
   */
  readonly property?: (name: string) => Scalar | undefined;
  /**
   * Set by expressions whose value is always a piece of a string they read (a URL's host): where
   * that piece is, without cutting it out. A join probing millions of rows for a few thousand keys
   * tests the piece against its filter and builds the string only for the rows that may match.
   */
  readonly bindPiece?: (frame: Frame) => PieceFn;
  bind(frame: Frame): RowFn;
}

/** Where row i's value lies: the value is `at.text.slice(at.from, at.to)`. */
export type PieceFn = (i: number, at: Piece) => void;

export interface Piece {
  text: string;
  from: number;
  to: number;
}

export function constantScalar(type: string, value: unknown): Scalar {
  return { type, constant: { value }, bind: () => () => value };
}

export function columnScalar(type: string, slot: number): Scalar {
  return {
    type,
    slot,
    bind: (frame) => {
      const through = frame.read?.(slot);
      if (through) return through;
      const col = frame.column(slot);
      return (i) => col[i];
    },
  };
}

/** Names visible to an expression: the columns of its input, by position. */
export class Scope {
  private readonly byName = new Map<string, number>();

  constructor(readonly columns: readonly ColumnInfo[]) {
    columns.forEach((c, i) => this.byName.set(c.name, i));
  }

  indexOf(name: string): number {
    return this.byName.get(name) ?? -1;
  }
}

/** A compiled tabular expression. */
export type Tabular = (env: Env) => Table;

export interface CompiledTabular {
  readonly columns: readonly ColumnInfo[];
  readonly run: Tabular;
  readonly node: KNode;
}

/** Evaluates a scalar for every row of a frame into a new column. */
export function materialize(scalar: Scalar, frame: Frame): unknown[] {
  const n = frame.length;
  const out = new Array<unknown>(n);
  if (scalar.constant) return out.fill(scalar.constant.value);
  const f = scalar.bind(frame);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
}
