import type { TableData } from '../../kql/index.js';
import type { TableFile } from './tableFile.js';

/** A column the query read although columnsRead said it would not: the source loads it and runs again. */
export class ColumnNotLoadedError extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
  ) {
    super(`local source: column '${column}' of table '${table}' was read but not loaded`);
    this.name = 'ColumnNotLoadedError';
  }
}

/** Stands in for a column that was not loaded: any read of a value throws ColumnNotLoadedError. */
function notLoaded(table: string, column: string, length: number): unknown[] {
  return new Proxy([], {
    get(target, prop) {
      if (prop === 'length') return length;
      if (typeof prop === 'symbol') return Reflect.get(target, prop);
      throw new ColumnNotLoadedError(table, column);
    },
  });
}

/**
 * The rows of a table inside [start, end] on its time column (both ends inclusive, as the CLI's clock
 * is the newest event, which must stay in a window that ends at it), as the engine's TableData.
 * A column is gathered when the engine first reads it, so columns loaded for other queries cost
 * nothing here. start/end are engine datetime values (fromInput), compared as the engine holds them;
 * both null means no window.
 */
export function windowView(file: TableFile, start: unknown, end: unknown): TableData {
  const columns = file.columns();
  const length = file.length;
  // No window (null): every row, those without a time too.
  const keep = start === null && end === null ? null : file.rowsInWindow(start, end);
  const gathered = new Map<number, unknown[]>();
  const column = (c: number): unknown[] => {
    let out = gathered.get(c);
    if (out) return out;
    const name = columns[c].name;
    const values = file.values(name);
    if (!values) out = notLoaded(file.name, name, keep ? keep.length : length);
    else if (!keep) out = values;
    else {
      // Preallocated: several times cheaper than growing an array this large by push.
      out = new Array<unknown>(keep.length);
      for (let k = 0; k < keep.length; k++) out[k] = values[keep[k]];
    }
    gathered.set(c, out);
    return out;
  };
  const data = new Proxy([] as unknown[][], {
    get(target, prop) {
      if (prop === 'length') return columns.length;
      if (typeof prop === 'string' && /^\d+$/.test(prop)) return column(Number(prop));
      return Reflect.get(target, prop);
    },
  });
  return { name: file.name, columns, data, length: keep ? keep.length : length };
}
