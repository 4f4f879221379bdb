import type { PieceFn } from './compile/types.js';
import { canonicalType, fromInput, nullOf, toOutput } from './values/convert.js';

export interface ColumnInfo {
  name: string;
  type: string;
}

/** A table held by column: data[c][row]. Values are in the engine's representation (see tableFromRows). */
export interface TableData {
  name: string;
  columns: ColumnInfo[];
  /** Column-major: one array per column, each `length` long (or, with `rows`, as long as the whole table). */
  data: unknown[][];
  length: number;
  /**
   * Set when the table is these rows of `data` (a time window): only the columns a query reads are
   * gathered, and only at the rows it keeps. `length` is then rows.length.
   */
  rows?: ArrayLike<number>;
}

/**
 * Builds a TableData from row objects. Strings are never null (missing → ""); other types get typed
 * nulls; datetimes (ISO strings, Date or Unix ms) become 100 ns ticks (values/datetime.ts); dynamic
 * values given as JSON text ("{...}" / "[...]") are parsed.
 */
export function tableFromRows(name: string, columns: ColumnInfo[], rows: Record<string, unknown>[]): TableData {
  const cols = columns.map((c) => ({ name: c.name, type: canonicalType(c.type) }));
  const index = new Map(cols.map((c, i) => [c.name, i]));
  const data = cols.map((c) => new Array<unknown>(rows.length).fill(nullOf(c.type)));
  // Walk each row's own keys: telemetry rows set a few of a wide schema's columns.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (const key in row) {
      const c = index.get(key);
      if (c !== undefined) data[c][i] = fromInput(row[key], cols[c].type);
    }
  }
  return { name, columns: cols, data, length: rows.length };
}

/** A computed column read row by row: its value, and where it lies when it is a piece of a string. */
export interface RowEvaluator {
  value: (row: number) => unknown;
  piece?: PieceFn;
}

/**
 * Where a column's values come from when they are another table's column, whole (rows null) or
 * gathered at `rows` (-1: the type's null).
 */
export interface ColumnOrigin {
  readonly table: Table;
  readonly column: number;
  readonly rows: ArrayLike<number> | null;
}

/**
 * The evaluator's table: a schema plus columns that are produced on first use. Filters, joins and
 * projections hand back lazy tables, so columns that a later `project` drops are never gathered.
 *
 * A table whose columns are other tables' columns (a projection) or some of their rows (a filter, a
 * join) says so (`origin`): a chain of them (where | project | join) then gathers each column once,
 * from the first table that holds it, at the composed rows, instead of once per step (a million-row
 * filter's columns copied whole for the few thousand rows a join keeps).
 */
export class Table {
  private readonly cache: (unknown[] | undefined)[];

  constructor(
    readonly columns: readonly ColumnInfo[],
    readonly length: number,
    private readonly produce: (column: number) => unknown[],
    private readonly origin?: (column: number) => ColumnOrigin | undefined,
    /**
     * A computed column's value at one row, without producing the whole column (project's
     * expressions); with `piece` when the value is a piece of a string read there (Scalar.bindPiece).
     */
    private readonly evaluate?: (column: number) => RowEvaluator | undefined,
  ) {
    this.cache = new Array(columns.length);
  }

  static fromArrays(columns: readonly ColumnInfo[], data: unknown[][], length: number): Table {
    return new Table(columns, length, (c) => data[c]);
  }

  /** A table whose every column is rows of another table's column (origin(c).rows set), gathered on first use. */
  static gathered(columns: readonly ColumnInfo[], length: number, origin: (column: number) => ColumnOrigin): Table {
    return new Table(columns, length, (c) => gatherOrigin(origin(c), columns[c].type), origin);
  }

  column(c: number): unknown[] {
    let col = this.cache[c];
    if (col === undefined) {
      col = this.produce(c);
      this.cache[c] = col;
    }
    return col;
  }

  /**
   * Reads column c row by row. A computed column not produced yet is evaluated per row instead
   * (`live`; each row once, asked for in any order of repeats), so a join probing a million computed
   * keys does not keep them all: it keeps the ones it matched.
   */
  rowReader(c: number): { read: (row: number) => unknown; live: boolean; piece?: PieceFn } {
    const evaluator = this.cache[c] === undefined ? this.evaluate?.(c) : undefined;
    if (evaluator) {
      const { value: evaluate, piece } = evaluator;
      let last = -1;
      let value: unknown;
      const read = (row: number) => {
        if (row !== last) {
          value = evaluate(row);
          last = row;
        }
        return value;
      };
      return { read, live: true, piece };
    }
    const col = this.column(c);
    return { read: (row) => col[row], live: false };
  }

  /**
   * Column c's value at row i read from the table down its origins that holds it, when it is not
   * produced here yet: a filter's test then reads a window's rows in place instead of copying each
   * column it tests. Row i stays this table's row i, so prev/next/row_number see the same rows.
   * Undefined when the column is here already or has no origin.
   */
  readThrough(c: number): ((row: number) => unknown) | undefined {
    if (this.cache[c] !== undefined || !this.origin?.(c)) return undefined;
    const at = this.locate(c);
    const values = at.table.column(at.column);
    const rows = at.rows;
    if (rows === null) return (i) => values[i];
    const missing = nullOf(this.columns[c].type);
    return (i) => {
      const r = rows[i];
      return r < 0 ? missing : values[r];
    };
  }

  /**
   * Column c as rows of the first table down its origins that holds it already or has no origin
   * for it (rows null: all rows, in order).
   */
  locate(c: number): ColumnOrigin {
    const o = this.cache[c] === undefined ? this.origin?.(c) : undefined;
    if (!o) return { table: this, column: c, rows: null };
    const inner = o.table.locate(o.column);
    if (o.rows === null) return inner;
    return { table: inner.table, column: inner.column, rows: inner.rows === null ? o.rows : composeRows(inner.rows, o.rows) };
  }

  /** Rows `indices` of this table (index -1 → the column's typed null), gathered lazily per column. */
  select(indices: ArrayLike<number>, columns: readonly ColumnInfo[] = this.columns): Table {
    return Table.gathered(columns, indices.length, (c) => ({ table: this, column: c, rows: indices }));
  }
}

/** An origin's values: its rows of the first table down the chain that holds the column. */
export function gatherOrigin(o: ColumnOrigin, type: string): unknown[] {
  const at = o.table.locate(o.column);
  const rows = o.rows === null ? at.rows : at.rows === null ? o.rows : composeRows(at.rows, o.rows);
  const values = at.table.column(at.column);
  return rows === null ? values : gather(values, rows, type);
}

/** Row lists composed once per pair, for every column gathered through them. */
const composed = new WeakMap<object, WeakMap<object, Int32Array>>();

/** outer's rows of a list of rows: inner[outer[k]], -1 staying -1. */
function composeRows(inner: ArrayLike<number>, outer: ArrayLike<number>): Int32Array {
  let byOuter = composed.get(inner);
  if (!byOuter) {
    byOuter = new WeakMap();
    composed.set(inner, byOuter);
  }
  let rows = byOuter.get(outer);
  if (!rows) {
    rows = new Int32Array(outer.length);
    for (let k = 0; k < outer.length; k++) {
      const i = outer[k];
      rows[k] = i < 0 ? -1 : inner[i];
    }
    byOuter.set(outer, rows);
  }
  return rows;
}

export function gather(source: unknown[], indices: ArrayLike<number>, type: string): unknown[] {
  const out = new Array<unknown>(indices.length);
  const missing = nullOf(type);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    out[k] = i < 0 ? missing : source[i];
  }
  return out;
}

export function tableFromData(data: TableData): Table {
  return Table.fromArrays(data.columns, data.data, data.length);
}

function columnReader(values: unknown[]): (row: number) => unknown {
  return (row) => values[row];
}

export function toRows(
  table: Table,
  convert: (value: unknown, type: string) => unknown = toOutput,
): Record<string, unknown>[] {
  // A column still at its origin is read there, row by row, not gathered first: at 100k result rows
  // a gathered column is a new 800 KB array, which V8 maps fresh (measured: 10 such columns of the AV
  // hunt at 10M rows, 50-80 ms of page faults on this VM), while the rows read once each anyway.
  const cols = table.columns.map((c, i) => ({ name: c.name, type: c.type, read: table.readThrough(i) ?? columnReader(table.column(i)) }));
  const rows = new Array<Record<string, unknown>>(table.length);
  // Every row starts as a copy of one object holding every column: one allocation of the final
  // shape, where adding the columns one by one grows each row's property store several times.
  // Defined, not assigned: a column named __proto__ (bag_unpack of telemetry) is then a value, not the prototype.
  const template: Record<string, unknown> = {};
  for (const c of cols) Object.defineProperty(template, c.name, { value: null, writable: true, enumerable: true, configurable: true });
  for (let r = 0; r < table.length; r++) {
    const row = { ...template };
    for (const c of cols) row[c.name] = convert(c.read(r), c.type);
    rows[r] = row;
  }
  return rows;
}
