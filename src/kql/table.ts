import { canonicalType, fromInput, nullOf, toOutput } from './values/convert.js';

export interface ColumnInfo {
  name: string;
  type: string;
}

/** A table held by column: data[c][row]. Values are in the engine's representation (see tableFromRows). */
export interface TableData {
  name: string;
  columns: ColumnInfo[];
  /** Column-major: one array per column, each `length` long. */
  data: unknown[][];
  length: number;
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

/**
 * The evaluator's table: a schema plus columns that are produced on first use. Filters, joins and
 * projections hand back lazy tables, so columns that a later `project` drops are never gathered.
 */
export class Table {
  private readonly cache: (unknown[] | undefined)[];

  constructor(
    readonly columns: readonly ColumnInfo[],
    readonly length: number,
    private readonly produce: (column: number) => unknown[],
  ) {
    this.cache = new Array(columns.length);
  }

  static fromArrays(columns: readonly ColumnInfo[], data: unknown[][], length: number): Table {
    return new Table(columns, length, (c) => data[c]);
  }

  column(c: number): unknown[] {
    let col = this.cache[c];
    if (col === undefined) {
      col = this.produce(c);
      this.cache[c] = col;
    }
    return col;
  }

  /** Rows `indices` of this table (index -1 → the column's typed null), gathered lazily per column. */
  select(indices: ArrayLike<number>, columns: readonly ColumnInfo[] = this.columns): Table {
    return new Table(columns, indices.length, (c) => gather(this.column(c), indices, this.columns[c].type));
  }
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

export function toRows(
  table: Table,
  convert: (value: unknown, type: string) => unknown = toOutput,
): Record<string, unknown>[] {
  const cols = table.columns.map((c, i) => ({ name: c.name, type: c.type, values: table.column(i) }));
  const rows = new Array<Record<string, unknown>>(table.length);
  for (let r = 0; r < table.length; r++) {
    const row: Record<string, unknown> = {};
    for (const c of cols) row[c.name] = convert(c.values[r], c.type);
    rows[r] = row;
  }
  return rows;
}
