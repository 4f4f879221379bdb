import { bind, type Schemas } from './bind.js';
import { columnsRead, type ColumnsRead } from './columnsRead.js';
import { Compiler } from './compile/compiler.js';
import { compileScalar } from './compile/scalar.js';
import { compileQuery } from './compile/statements.js';
import { compileTabular } from './compile/tabular.js';
import type { Env } from './compile/types.js';
import { KqlError, manyErrors, RUNTIME, type KqlDiagnostic } from './errors.js';
import { loadKusto } from './load.js';
import { Table, toRows, type ColumnInfo, type TableData } from './table.js';
import { toJsonValue, toOutput } from './values/convert.js';
import { datetimeFromMs } from './values/datetime.js';

export interface RunOptions {
  /** The clock for now()/ago() (a Date or Unix ms): fixed per run so results are reproducible. Defaults to the real time. */
  now?: Date | number;
  /**
   * How result values are shaped: 'sdk' (default) as @azure/monitor-query-logs returns them
   * (datetime → Date, to the millisecond), 'json' JSON-ready and exact (see toJsonValue).
   */
  values?: 'sdk' | 'json';
}

export interface QueryOutput {
  columns: ColumnInfo[];
  rows: Record<string, unknown>[];
}

/** A query parsed, bound and compiled once, runnable over many data sets of the same schemas. */
export interface PreparedQuery {
  readonly columns: readonly ColumnInfo[];
  /** The columns of each table the query can read: a source may load only these (see columnsRead.ts). */
  readonly columnsRead: ColumnsRead;
  run(tables: Record<string, TableData>, options?: RunOptions): QueryOutput;
}

export function prepare(kql: string, schemas: Schemas): PreparedQuery {
  const bound = bind(kql, schemas);
  const cx = new Compiler(loadKusto(), kql, bound.globals, { tabular: compileTabular, scalar: compileScalar });
  let compiled;
  try {
    compiled = compileQuery(cx, bound.code.Syntax);
  } catch (error) {
    // A fault after something unsupported is most likely its consequence: report what was found.
    if (cx.problems.length > 0) throw manyErrors(inTextOrder(cx.problems));
    throw error;
  }
  if (cx.problems.length > 0) throw manyErrors(inTextOrder(cx.problems));
  const columns = compiled.columns.map((c) => ({ ...c }));
  return {
    columns,
    columnsRead: columnsRead(cx.lib, bound.code.Syntax),
    run(tables, options = {}) {
      const env: Env = {
        tables: tablesFor(tables, schemas),
        now: datetimeFromMs(options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime()),
        lets: new Map(),
      };
      const result = compiled.run(env);
      // Columns only the data names (evaluate bag_unpack without a schema, as the last operator) come last.
      const extra = result.columns.slice(columns.length);
      return { columns: [...columns, ...extra].map((c) => ({ ...c })), rows: toRows(result, options.values === 'json' ? toJsonValue : toOutput) };
    },
  };
}

function inTextOrder(diagnostics: KqlDiagnostic[]): KqlDiagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Data laid out by the schemas the query was bound with (columns matched by name). */
function tablesFor(tables: Record<string, TableData>, schemas: Schemas): Map<string, Table> {
  const out = new Map<string, Table>();
  for (const [name, schema] of Object.entries(schemas)) {
    const data = tables[name];
    if (!data) continue;
    const positions = schema.map((c) => {
      const at = data.columns.findIndex((d) => d.name === c.name);
      if (at < 0) throw new KqlError(`KQL: table '${name}' has no column '${c.name}'`, [{ code: RUNTIME, message: `missing column ${c.name}`, line: 1, column: 1 }]);
      return at;
    });
    const rows = data.rows;
    if (!rows) out.set(name, new Table(schema, data.length, (c) => data.data[positions[c]]));
    else {
      const whole = new Table(schema, positions.length ? data.data[positions[0]].length : rows.length, (c) => data.data[positions[c]]);
      out.set(name, whole.select(rows));
    }
  }
  return out;
}
