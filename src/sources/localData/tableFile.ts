import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { columnBuilder, rowsPassing, type ColumnBuilder, type ColumnInfo } from '../../kql/index.js';
import { QueryFailedError } from '../querySource.js';
import { readCsv } from './csv.js';
import { TypeInference } from './inferTypes.js';
import { readJsonArray } from './jsonArray.js';
import { fieldOf, readNdjson } from './ndjson.js';
import { prepareNdjsonScan, readNdjsonColumns } from './ndjsonColumns.js';

export type DataFormat = 'ndjson' | 'csv' | 'json';

/** File name endings the local source reads, and how. */
export const DATA_FORMATS: Record<string, DataFormat> = { '.ndjson': 'ndjson', '.csv': 'csv', '.json': 'json' };

export interface LoadProgress {
  table: string;
  file: string;
  rows: number;
  bytesRead: number;
  bytesTotal: number;
  /** Since this pass over the file started. */
  elapsedMs: number;
  /** Set on the last report of a pass over the file. */
  done: boolean;
}

/** Rows between two progress reports. */
const PROGRESS_EVERY = 100_000;

/** Columns a window can apply to, in order of preference (see timeColumn). */
const TIME_COLUMNS = ['TimeGenerated', 'Timestamp'];

/**
 * One table's file. Columns are loaded on demand, each pass over the file reading only the columns
 * asked for and not yet loaded, so memory and load time follow what the queries read, not the file.
 */
export class TableFile {
  private schema: ColumnInfo[] | null;
  /** Every column in the file is in `schema` (with an inferred type when it was not declared). */
  private discovered = false;
  private rows = -1;
  private readonly loaded = new Map<string, unknown[]>();
  private time: string | null | undefined;
  /** Rows inside recent windows: hunts over the same window share them. */
  private readonly windows = new Map<string, Int32Array | null>();

  constructor(
    readonly name: string,
    readonly path: string,
    readonly format: DataFormat,
    /** Column types from a schema file; null: inferred from the values. */
    private readonly declared: ColumnInfo[] | null,
    private readonly onProgress?: (progress: LoadProgress) => void,
  ) {
    this.schema = declared ? [...declared] : null;
    if (format === 'ndjson') prepareNdjsonScan(path);
  }

  get schemaSource(): 'known' | 'inferred' {
    return this.declared ? 'known' : 'inferred';
  }

  /** The table's columns: the declared ones (plus any found in the file), else inferred from a pass over it. */
  columns(): ColumnInfo[] {
    if (!this.schema) this.discover();
    return this.schema as ColumnInfo[];
  }

  /** False while the file may hold columns its schema does not list. */
  get complete(): boolean {
    return this.discovered;
  }

  /**
   * One pass over the file for the types of every column in it: a table without a schema needs it
   * before a query can be bound; a declared schema gains the columns it lacks.
   */
  discover(): void {
    if (this.discovered) return;
    const inference = new TypeInference();
    const rows = this.pass(
      (record) => inference.addRecord(record),
      (names) => names.forEach((n) => inference.addName(n)),
      (names, fields) => inference.addFields(names, fields),
    );
    this.setRows(rows);
    const inferred = inference.columns();
    if (!this.schema) this.schema = inferred;
    else {
      const known = new Set(this.schema.map((c) => c.name));
      this.schema.push(...inferred.filter((c) => !known.has(c.name)));
    }
    this.discovered = true;
  }

  get length(): number {
    if (this.rows < 0) this.load(new Set());
    return this.rows;
  }

  /** The column the query window applies to: TimeGenerated when it has values, else Timestamp; null when neither. */
  timeColumn(): string | null {
    if (this.time === undefined) this.load(new Set());
    return this.time as string | null;
  }

  /**
   * The rows whose time column is inside [start, end] (engine datetime values), in file order; null
   * when that is every row (or the table has no time column).
   */
  rowsInWindow(start: unknown, end: unknown): Int32Array | null {
    const key = `${String(start)}/${String(end)}`;
    if (this.windows.has(key)) return this.windows.get(key) as Int32Array | null;
    const time = this.timeColumn();
    let rows: Int32Array | null = null;
    if (time !== null) {
      const times = this.values(time) as (number | null)[];
      const lo = start as number;
      const hi = end as number;
      rows = rowsPassing(this.rows, (i) => {
        const t = times[i];
        return t !== null && t >= lo && t <= hi;
      });
    }
    if (this.windows.size >= 8) this.windows.delete(this.windows.keys().next().value as string);
    this.windows.set(key, rows);
    return rows;
  }

  /** Loaded values of a column, or undefined when it was not loaded. */
  values(column: string): unknown[] | undefined {
    return this.loaded.get(column);
  }

  /** Loads, in one pass, the columns asked for (and the time column) that are not loaded yet. */
  load(wanted: ReadonlySet<string> | 'all'): void {
    const schema = this.columns();
    const timeUndecided = this.time === undefined;
    const missing = schema.filter(
      (c) =>
        !this.loaded.has(c.name) &&
        (wanted === 'all' || wanted.has(c.name) || (timeUndecided ? TIME_COLUMNS.includes(c.name) && c.type === 'datetime' : c.name === this.time)),
    );
    if (missing.length === 0 && this.rows >= 0 && !timeUndecided) return;

    const builders = missing.map((c) => columnBuilder(c.type));
    // A JSON array's objects may span many lines each: no estimate from lines there.
    const expected = this.rows >= 0 ? this.rows : this.format === 'json' ? 0 : this.estimateRows();
    for (const b of builders) b.reserve(expected);
    const names = missing.map((c) => c.name);
    let positions: number[] = [];
    const rows = this.pass(
      (record) => {
        for (let k = 0; k < builders.length; k++) builders[k].add(fieldOf(record, names[k]));
      },
      (header) => {
        positions = names.map((n) => header.indexOf(n));
      },
      (_header, fields) => {
        for (let k = 0; k < builders.length; k++) {
          const at = positions[k];
          if (at < 0) builders[k].add(undefined);
          else builders[k].addText(fields[at]);
        }
      },
      { names, builders },
    );
    this.setRows(rows);
    missing.forEach((c, k) => this.loaded.set(c.name, (builders[k] as ColumnBuilder).values));
    if (timeUndecided) this.decideTimeColumn(wanted);
  }

  /** About how many rows the file has, from its size and the lines in its first 64 KiB (a little over, rather than under). */
  private estimateRows(): number {
    const size = statSync(this.path).size;
    const fd = openSync(this.path, 'r');
    try {
      const head = Buffer.allocUnsafe(Math.min(size, 64 * 1024));
      const n = readSync(fd, head, 0, head.length, 0);
      let lines = 0;
      for (let i = head.indexOf(10); i >= 0 && i < n; i = head.indexOf(10, i + 1)) lines++;
      if (lines === 0) return 0;
      return Math.min(Math.ceil((size / n) * lines * 1.05) + 16, Math.ceil(size / 8));
    } finally {
      closeSync(fd);
    }
  }

  private decideTimeColumn(wanted: ReadonlySet<string> | 'all'): void {
    const isDatetime = (n: string) => this.schema?.some((c) => c.name === n && c.type === 'datetime') ?? false;
    const generated = this.loaded.get('TimeGenerated');
    this.time =
      generated && isDatetime('TimeGenerated') && generated.some((v) => v !== null) ? 'TimeGenerated' : isDatetime('Timestamp') ? 'Timestamp' : null;
    // The column that lost is kept only when asked for.
    for (const n of TIME_COLUMNS) if (n !== this.time && wanted !== 'all' && !wanted.has(n)) this.loaded.delete(n);
  }

  private setRows(rows: number): void {
    if (this.rows >= 0 && rows !== this.rows) {
      throw new QueryFailedError(`${this.path}: had ${this.rows} rows when first read and ${rows} now: the file changed while it was in use; run again`);
    }
    this.rows = rows;
  }

  /**
   * One pass over the file: JSON rows to `onRecord`, CSV rows to `onFields` after `onHeader`; with
   * `columns`, an NDJSON file's rows go straight to those builders instead. Returns the row count.
   */
  private pass(
    onRecord: (record: Record<string, unknown>) => void,
    onHeader: (names: string[]) => void,
    onFields: (names: string[], fields: string[]) => void,
    columns?: { names: readonly string[]; builders: readonly ColumnBuilder[] },
  ): number {
    let rows = 0;
    let reported = 0;
    const started = performance.now();
    const total = this.onProgress ? statSync(this.path).size : 0;
    const progress = this.onProgress
      ? (read: number, bytes: number) => {
          if (rows - reported < PROGRESS_EVERY) return;
          reported = rows;
          this.onProgress?.({ table: this.name, file: this.path, rows, bytesRead: read, bytesTotal: bytes, elapsedMs: performance.now() - started, done: false });
        }
      : undefined;
    if (this.format === 'csv') {
      let header: string[] = [];
      readCsv(
        this.path,
        (names) => {
          const seen = new Set<string>();
          for (const n of names) {
            if (n === '' || seen.has(n)) {
              throw new QueryFailedError(`${this.path}:1: ${n === '' ? 'an empty column name' : `column '${n}' twice`} in the header row: name each column once`);
            }
            seen.add(n);
          }
          header = names;
          onHeader(names);
        },
        (fields) => {
          rows++;
          onFields(header, fields);
        },
        progress,
      );
    } else if (this.format === 'ndjson' && columns) {
      readNdjsonColumns(this.path, columns.names, columns.builders, () => rows++, { onBytes: progress });
    } else {
      const visit = (record: Record<string, unknown>) => {
        rows++;
        onRecord(record);
      };
      if (this.format === 'json') readJsonArray(this.path, visit, progress);
      else readNdjson(this.path, visit, progress);
    }
    this.onProgress?.({ table: this.name, file: this.path, rows, bytesRead: total, bytesTotal: total, elapsedMs: performance.now() - started, done: true });
    return rows;
  }
}
