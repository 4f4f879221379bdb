import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fromInput, KqlError, prepare, toOutput, type ColumnInfo, type KqlDiagnostic, type ColumnsRead, type PreparedQuery, type QueryOutput, type RunOptions, type TableData } from '../kql/index.js';
import { DATA_FORMATS, TableFile, type LoadProgress } from './localData/tableFile.js';
import { ColumnNotLoadedError, windowView } from './localData/windowView.js';
import { shippedSchemas, type SchemaCatalog } from './schemaCatalog.js';
import { QueryFailedError, type QueryResult, type QuerySource, type QueryWindow } from './querySource.js';

export type { LoadProgress } from './localData/tableFile.js';

/** The binder's "name does not refer to any known column, table, variable or function". */
const UNKNOWN_NAME = 'KS142';
/** The binder's "name does not refer to any known table, tabular variable or function". */
const UNKNOWN_TABLE = 'KS204';

export interface LocalSourceOptions {
  /** The clock for now()/ago() inside queries. Default: the window's end (the run's "now"). */
  now?: () => Date;
  /** Called while a file loads (every 100,000 rows and at its end): the CLI shows it on a terminal. */
  onProgress?: (progress: LoadProgress) => void;
  /** Where tables' column types come from (shipped, `<hunts>/schemas/`, `--schemas`). Default: the shipped schemas only. */
  schemas?: SchemaCatalog;
  /** Column types of a table, or null to infer them from its values. Default: from `schemas`. */
  schemaFor?: (table: string) => ColumnInfo[] | null;
  /**
   * Told once per table whose file cannot be read (bad JSON, a ragged CSV row) while the source
   * reads it for another query's sake: the CLI shows it on stderr. Queries that read the table fail.
   */
  onWarning?: (message: string) => void;
}

/**
 * Runs hunts on the embedded KQL engine over one file per table in a folder: `<Table>.ndjson` (one
 * JSON object per line), `<Table>.csv` (a header row, then RFC 4180 rows: what advanced hunting
 * exports) or `<Table>.json` (one JSON array of objects). Files are streamed, never read whole, and
 * only the columns a query can read are loaded (columnsRead), each on first need.
 *
 * Column types come from the table's schema (options.schemas) when it has one; a table without
 * a schema has its types inferred from its values (one extra pass over its file, before the first
 * query); columns in a file but not in its schema are found and typed when a query names one.
 *
 * The window is applied before the query runs, like the Log Analytics timespan: on TimeGenerated
 * when the table has values for it, else on Timestamp. Both ends are inclusive (start <= t <= end):
 * the CLI's default clock is the newest event, which must stay in the window ending at it.
 */
export class LocalSource implements QuerySource {
  readonly name = 'local';
  private files: Map<string, TableFile> | undefined;
  private readonly prepared = new Map<string, PreparedQuery>();
  /** Tables whose file failed to read, with why: left out of the clock, the binder's schemas and warmUp. */
  private readonly unreadable = new Map<string, QueryFailedError>();

  constructor(
    readonly folder: string = 'samples',
    private readonly options: LocalSourceOptions = {},
  ) {}

  async query(kql: string, window: QueryWindow): Promise<QueryResult> {
    try {
      const prepared = this.prepare(kql);
      const now = this.options.now?.() ?? window.end;
      return this.run(prepared, fromInput(window.start, 'datetime'), fromInput(window.end, 'datetime'), { now });
    } catch (error) {
      if (error instanceof KqlError) throw new QueryFailedError(error.message, 'error', { cause: error });
      throw error;
    }
  }

  /**
   * An ad-hoc query (`hunts query`) over every row of every table, no window; values JSON-ready
   * (datetimes as ISO text to the tick). KQL errors are thrown as they are, diagnostics included.
   */
  async queryAll(kql: string, now: Date): Promise<QueryOutput> {
    return this.run(this.prepare(kql), null, null, { now, values: 'json' });
  }

  /** Runs over the window [start, end] (null: every row) with the columns the query reads loaded. */
  private run(prepared: PreparedQuery, start: unknown, end: unknown, options: RunOptions): QueryOutput {
    const reads = this.load(prepared.columnsRead);
    // A column read that columnsRead did not foresee is loaded and the query run again: slower, never wrong.
    const loadedWhole = new Set<string>();
    for (;;) {
      const tables: Record<string, TableData> = {};
      for (const file of reads) tables[file.name] = windowView(file, start, end);
      try {
        return prepared.run(tables, options);
      } catch (error) {
        if (!(error instanceof ColumnNotLoadedError) || loadedWhole.has(error.table)) throw error;
        loadedWhole.add(error.table);
        this.table(error.table).load('all');
      }
    }
  }

  /**
   * Prepares these queries and loads every column they read in one pass per file, instead of one
   * pass per query: call it before the first query when the queries are known. Queries that do not
   * prepare are skipped here; query() reports their errors.
   */
  async warmUp(kqls: readonly string[]): Promise<void> {
    const wanted = new Map<TableFile, Set<string> | 'all'>();
    for (const kql of kqls) {
      let prepared: PreparedQuery;
      try {
        prepared = this.prepare(kql);
      } catch {
        continue;
      }
      for (const [file, columns] of this.reads(prepared.columnsRead)) {
        const sofar = wanted.get(file) ?? new Set<string>();
        wanted.set(file, sofar === 'all' || columns === 'all' ? 'all' : new Set([...sofar, ...columns]));
      }
    }
    // A file that fails here fails the queries that read it, when they run, and no other.
    for (const [file, columns] of wanted) this.readingAside(file, () => file.load(columns));
  }

  /** The newest time-column value across the readable tables: the CLI's default clock for fixed samples. */
  async newestEventTime(): Promise<Date | null> {
    let newest: number | null = null;
    for (const file of this.catalog().values()) {
      const time = this.readingAside(file, () => file.timeColumn());
      if (time === null || time === undefined) continue;
      for (const v of file.values(time) as (number | null)[]) if (v !== null && (newest === null || v > newest)) newest = v;
    }
    if (newest === null) {
      // Nothing readable has a time: the file set aside is the likelier cause than an empty folder.
      const [why] = this.unreadable.values();
      if (why) throw why;
      return null;
    }
    // Rounded up to the millisecond: a 7-digit timestamp must not fall after a clock (and window end) taken from it.
    const ms = toOutput(newest, 'datetime') as Date;
    return (fromInput(ms, 'datetime') as number) < newest ? new Date(ms.getTime() + 1) : ms;
  }

  /** Table name → its row count and where its column types came from ("known" schema file or "inferred" from values). */
  async describeTables(): Promise<Record<string, { rows: number; schema: 'known' | 'inferred' }>> {
    const out: Record<string, { rows: number; schema: 'known' | 'inferred' }> = {};
    for (const [name, file] of this.catalog()) {
      const rows = this.readingAside(file, () => file.length);
      if (rows !== undefined) out[name] = { rows, schema: file.schemaSource };
    }
    return out;
  }

  /** Table name → the columns loaded so far: what column pruning kept in memory. */
  loadedColumns(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, file] of this.catalog()) {
      if (!this.unreadable.has(name)) out[name] = file.columns().map((c) => c.name).filter((c) => file.values(c) !== undefined);
    }
    return out;
  }

  /**
   * Binds against every table's columns. A query naming a column that a schema lacks gets one more
   * chance after the files are searched for columns beyond their schemas.
   */
  private prepare(kql: string): PreparedQuery {
    let prepared = this.prepared.get(kql);
    if (prepared) return prepared;
    try {
      prepared = this.bindOrBlameFile(kql);
    } catch (error) {
      const incomplete = [...this.catalog().values()].filter((f) => !f.complete && !this.unreadable.has(f.name));
      const unknownName = error instanceof KqlError && error.diagnostics.some((d) => d.code === UNKNOWN_NAME);
      if (!unknownName || incomplete.length === 0) throw error;
      for (const file of incomplete) this.readingAside(file, () => file.discover());
      prepared = this.bindOrBlameFile(kql);
    }
    this.prepared.set(kql, prepared);
    return prepared;
  }

  /**
   * Binds against the readable tables. A query that names a table whose file could not be read
   * fails with that file's error (file, line, fix), not with "unknown name".
   */
  private bindOrBlameFile(kql: string): PreparedQuery {
    const schemas = this.schemas();
    try {
      return prepare(kql, schemas);
    } catch (error) {
      if (error instanceof KqlError) {
        for (const d of error.diagnostics) {
          if (d.code !== UNKNOWN_NAME && d.code !== UNKNOWN_TABLE) continue;
          for (const [name, why] of this.unreadable) {
            if (d.message.includes(`'${name}'`) && !unknownWithTable(kql, schemas, name, d)) throw why;
          }
        }
      }
      throw error;
    }
  }

  private schemas(): Record<string, ColumnInfo[]> {
    const schemas: Record<string, ColumnInfo[]> = {};
    for (const [name, file] of this.catalog()) {
      const columns = this.readingAside(file, () => file.columns());
      if (columns) schemas[name] = columns;
    }
    return schemas;
  }

  /**
   * Reads a file for something other than a query that reads it (the clock, the binder's schemas,
   * warmUp): when the file is bad, the table is set aside with a warning, once, and undefined is
   * returned; the queries that read it fail with the file's error when they run.
   */
  private readingAside<T>(file: TableFile, read: () => T): T | undefined {
    if (this.unreadable.has(file.name)) return undefined;
    try {
      return read();
    } catch (error) {
      if (!(error instanceof QueryFailedError)) throw error;
      this.unreadable.set(file.name, error);
      this.options.onWarning?.(`${error.message} (table '${file.name}' set aside: only queries that read it fail)`);
      return undefined;
    }
  }

  /** Loads what a query reads; the files it reads. */
  private load(read: ColumnsRead): TableFile[] {
    const files: TableFile[] = [];
    for (const [file, columns] of this.reads(read)) {
      const why = this.unreadable.get(file.name);
      if (why) throw why;
      file.load(columns);
      files.push(file);
    }
    return files;
  }

  private reads(read: ColumnsRead): [TableFile, ReadonlySet<string> | 'all'][] {
    // The binder never saw a table set aside: a query that reads every table reads the others.
    if (read === 'all') return [...this.catalog().values()].filter((f) => !this.unreadable.has(f.name)).map((f) => [f, 'all']);
    return [...read].filter(([name]) => this.catalog().has(name)).map(([name, columns]) => [this.table(name), columns]);
  }

  private table(name: string): TableFile {
    const file = this.catalog().get(name);
    if (!file) throw new QueryFailedError(`${this.folder}: no file for table '${name}'`);
    return file;
  }

  /** The folder's tables: one per `<Table>.ndjson|.csv|.json` file. */
  private catalog(): Map<string, TableFile> {
    if (this.files) return this.files;
    if (!existsSync(this.folder)) throw new QueryFailedError(`${this.folder}: no such telemetry folder`);
    const files = new Map<string, TableFile>();
    const schemaFor = this.options.schemaFor ?? ((name: string) => (this.options.schemas ?? shippedSchemas()).columns(name));
    for (const entry of readdirSync(this.folder).sort()) {
      const format = DATA_FORMATS[extname(entry).toLowerCase()];
      if (!format) continue;
      const name = entry.slice(0, -extname(entry).length);
      const other = files.get(name);
      if (other) {
        throw new QueryFailedError(`${this.folder}: table '${name}' has two files (${other.path}, ${join(this.folder, entry)}): keep one`);
      }
      files.set(name, new TableFile(name, join(this.folder, entry), format, schemaFor(name), this.options.onProgress));
    }
    this.files = files;
    return files;
  }
}

/**
 * Whether the query still has a problem where diagnostic d (an unknown name) is when table `name`
 * exists (with no columns): then the name there is not a table reference (a misspelt column named
 * like the table, say, which the binder then calls "scalar value expected"), and the binder's error
 * is the one to show, not the set-aside file's.
 */
function unknownWithTable(kql: string, schemas: Record<string, ColumnInfo[]>, name: string, d: KqlDiagnostic): boolean {
  try {
    prepare(kql, { ...schemas, [name]: [] });
    return false;
  } catch (error) {
    return error instanceof KqlError && error.diagnostics.some((e) => e.line === d.line && e.column === d.column);
  }
}
