import { catalogOrFail, display, stderrLog } from './common.js';
import { warnBeside, type Progress } from './progress.js';
import { toCsv, toJson, toTextTable, type ResultTable } from './resultFormats.js';
import { closest } from './suggest.js';

export interface QueryOptions {
  data?: string;
  format: 'table' | 'json' | 'csv';
  now?: Date;
}

const UNKNOWN_TABLE = 'KS204';

/**
 * `hunts query`: ad-hoc KQL on the embedded engine, over the files in --data (read by the local
 * source, as `hunts run` reads them) or over literals only. No window: every row of every file.
 */
export async function queryCommand(kql: string, opts: QueryOptions, huntsDir: string, schemasDir: string | undefined, progress: Progress): Promise<number> {
  // Loaded on demand: the engine is large.
  const { execute, KqlError } = await import('../kql/index.js');
  let run: (now: Date) => Promise<ResultTable> = async (now) => execute(kql, {}, { now, values: 'json' });
  let tables: string[] = [];
  let now = opts.now;
  if (opts.data) {
    const { LocalSource } = await import('../sources/local.js');
    const source = new LocalSource(opts.data, { schemas: await catalogOrFail(huntsDir, schemasDir), onWarning: warnBeside(progress) });
    progress.update(`loading telemetry from ${display(opts.data)}…`);
    try {
      tables = Object.keys(await source.describeTables());
      now ??= (await source.newestEventTime()) ?? undefined;
    } finally {
      progress.done();
    }
    run = (at) => source.queryAll(kql, at);
  }
  let result: ResultTable;
  try {
    progress.update('running the query…');
    result = await run(now ?? new Date());
  } catch (error) {
    if (!(error instanceof KqlError)) throw error;
    const unknown = error.diagnostics.find((d) => d.code === UNKNOWN_TABLE);
    const name = unknown && /'([^']+)'/.exec(unknown.message)?.[1];
    let hint = '';
    if (name && !opts.data) hint = `; pass --data DIR, a folder of telemetry files (${name}.ndjson ...)`;
    else if (name) {
      const near = closest(name, tables);
      hint = `; ${display(opts.data!)} has ${tables.join(', ') || 'no tables'}${near ? ` (did you mean ${near}?)` : ''}`;
    }
    stderrLog.error(`${error.message}${hint}`);
    return 1;
  } finally {
    progress.done();
  }
  if (opts.format === 'json') process.stdout.write(toJson(result));
  else if (opts.format === 'csv') process.stdout.write(toCsv(result));
  else {
    process.stdout.write(toTextTable(result, process.stdout.isTTY ? process.stdout.columns || 120 : 160));
    stderrLog.info(`${result.rows.length} row(s)`);
  }
  return 0;
}
