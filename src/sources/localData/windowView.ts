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
 * is the newest event, which must stay in a window that ends at it), as the engine's TableData: the
 * loaded columns whole, and the window's rows (`rows`), so the engine gathers a column only when a
 * query reads it, and only at the rows it keeps by then. start/end are engine datetime values
 * (fromInput), compared as the engine holds them; both null means no window.
 */
export function windowView(file: TableFile, start: unknown, end: unknown): TableData {
  const columns = file.columns();
  const length = file.length;
  // No window (null): every row, those without a time too.
  const keep = start === null && end === null ? null : file.rowsInWindow(start, end);
  const data = columns.map((c) => file.values(c.name) ?? notLoaded(file.name, c.name, length));
  return keep ? { name: file.name, columns, data, length: keep.length, rows: keep } : { name: file.name, columns, data, length };
}
