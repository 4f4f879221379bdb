import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execute, KqlError, prepare, tableFromRows, type ColumnInfo, type PreparedQuery, type QueryOutput, type TableData } from '../kql/index.js';
import { datetimeFromDate, datetimeToMs } from '../kql/index.js';
import { shippedSchemas, type SchemaCatalog } from './schemaCatalog.js';
import { QueryFailedError, type QueryResult, type QuerySource, type QueryWindow } from './querySource.js';

export interface LoadedTable {
  data: TableData;
  /** Index of the column the query window applies to, or -1 when the table has no time column. */
  timeColumn: number;
  /** Where the column types came from, for messages. */
  schemaSource: 'known' | 'inferred';
}

export interface LocalSourceOptions {
  /** The clock for now()/ago() inside queries. Default: the window's end (the run's "now"). */
  now?: () => Date;
  /** Where tables' column types come from. Default: the shipped schemas only. */
  schemas?: SchemaCatalog;
}

/**
 * Runs hunts on the embedded KQL engine over `<Table>.ndjson` files (one JSON object per line).
 * Column types come from the table's schema (options.schemas: shipped, `<hunts>/schemas/`, `--schemas`)
 * when it has one, else they are inferred from the values (columns present in the data but not the
 * schema are inferred too).
 *
 * The window is applied before the query runs, like the Log Analytics timespan: on TimeGenerated
 * when the table has values for it, else on Timestamp. Both ends are inclusive (start <= t <= end):
 * the CLI's default clock is the newest event, which must stay in the window ending at it.
 */
export class LocalSource implements QuerySource {
  readonly name = 'local';
  private tables: Map<string, LoadedTable> | undefined;
  private readonly prepared = new Map<string, PreparedQuery>();

  constructor(
    readonly folder: string = 'samples',
    private readonly options: LocalSourceOptions = {},
  ) {}

  async query(kql: string, window: QueryWindow): Promise<QueryResult> {
    const tables = this.load();
    try {
      let prepared = this.prepared.get(kql);
      if (!prepared) {
        const schemas: Record<string, ColumnInfo[]> = {};
        for (const [name, t] of tables) schemas[name] = t.data.columns;
        prepared = prepare(kql, schemas);
        this.prepared.set(kql, prepared);
      }
      const start = datetimeFromDate(window.start);
      const end = datetimeFromDate(window.end);
      const windowed: Record<string, TableData> = {};
      for (const [name, t] of tables) windowed[name] = inWindow(t, start, end);
      const now = this.options.now?.() ?? window.end;
      return prepared.run(windowed, { now });
    } catch (error) {
      if (error instanceof KqlError) throw new QueryFailedError(error.message, 'error', { cause: error });
      throw error;
    }
  }

  /** The newest time-column value across all tables: the CLI's default clock for fixed samples. */
  async newestEventTime(): Promise<Date | null> {
    let newest = -Infinity;
    for (const t of this.load().values()) {
      if (t.timeColumn < 0) continue;
      for (const v of t.data.data[t.timeColumn]) if (typeof v === 'number' && v > newest) newest = v;
    }
    // Rounded up: a 7-digit timestamp must not fall after a clock (and window end) taken from it.
    return newest === -Infinity ? null : new Date(Math.ceil(datetimeToMs(newest)));
  }

  /**
   * An ad-hoc query (`hunts query`) over every row of every table, no window; values JSON-ready
   * (datetimes as ISO text to the tick). KQL errors are thrown as they are, diagnostics included.
   */
  async queryAll(kql: string, now: Date): Promise<QueryOutput> {
    const tables: Record<string, TableData> = {};
    for (const [name, t] of this.load()) tables[name] = t.data;
    return execute(kql, tables, { now, values: 'json' });
  }

  /** Table name → where its column types came from ("known" schema file or "inferred" from values). */
  async describeTables(): Promise<Record<string, { rows: number; schema: 'known' | 'inferred' }>> {
    const out: Record<string, { rows: number; schema: 'known' | 'inferred' }> = {};
    for (const [name, t] of this.load()) out[name] = { rows: t.data.length, schema: t.schemaSource };
    return out;
  }

  private load(): Map<string, LoadedTable> {
    if (this.tables) return this.tables;
    if (!existsSync(this.folder)) throw new QueryFailedError(`${this.folder}: no such telemetry folder`);
    const tables = new Map<string, LoadedTable>();
    for (const file of readdirSync(this.folder).sort()) {
      if (!file.endsWith('.ndjson')) continue;
      const name = basename(file, '.ndjson');
      tables.set(name, loadTable(name, join(this.folder, file), (this.options.schemas ?? shippedSchemas()).columns(name)));
    }
    this.tables = tables;
    return tables;
  }
}

/**
 * Reads one `<Table>.ndjson` file with the table's schema (default: the shipped one); a bad line is an
 * error naming the file and line.
 */
export function loadTable(name: string, path: string, schema: readonly ColumnInfo[] | null = shippedSchemas().columns(name)): LoadedTable {
  const rows: Record<string, unknown>[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new QueryFailedError(`${path}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new QueryFailedError(`${path}:${i + 1}: expected one JSON object per line`);
    }
    rows.push(value as Record<string, unknown>);
  });

  const columns: ColumnInfo[] = schema ? [...schema] : [];
  const declared = new Set(columns.map((c) => c.name));
  const extra = new Map<string, unknown[]>();
  for (const row of rows)
    for (const [key, v] of Object.entries(row)) {
      if (declared.has(key)) continue;
      let values = extra.get(key);
      if (!values) extra.set(key, (values = []));
      values.push(v);
    }
  for (const [key, values] of extra) columns.push({ name: key, type: inferType(values) });

  const data = tableFromRows(name, columns, rows);
  return { data, timeColumn: timeColumn(data), schemaSource: schema ? 'known' : 'inferred' };
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The narrowest Kusto type that holds every non-null value of a column. */
export function inferType(values: unknown[]): string {
  const kinds = new Set<string>();
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'boolean') kinds.add('bool');
    else if (typeof v === 'number') kinds.add(Number.isInteger(v) ? 'long' : 'real');
    else if (typeof v === 'string') kinds.add(ISO_DATETIME.test(v) ? 'datetime' : 'string');
    else kinds.add('dynamic');
  }
  if (kinds.size === 0) return 'string';
  if (kinds.size === 1) return [...kinds][0];
  if ([...kinds].every((k) => k === 'long' || k === 'real')) return 'real';
  if ([...kinds].every((k) => k === 'string' || k === 'datetime')) return 'string';
  return 'dynamic';
}

function timeColumn(data: TableData): number {
  const generated = data.columns.findIndex((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
  if (generated >= 0 && data.data[generated].some((v) => v !== null)) return generated;
  return data.columns.findIndex((c) => c.name === 'Timestamp' && c.type === 'datetime');
}

function inWindow(table: LoadedTable, start: number, end: number): TableData {
  const { data, timeColumn: tc } = table;
  if (tc < 0) return data;
  const times = data.data[tc] as (number | null)[];
  const keep: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const t = times[i];
    if (t !== null && t >= start && t <= end) keep.push(i);
  }
  if (keep.length === data.length) return data;
  return { ...data, data: data.data.map((col) => keep.map((i) => col[i])), length: keep.length };
}
