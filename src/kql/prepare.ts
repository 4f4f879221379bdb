import { bind, type Schemas } from './bind.js';
import { columnsRead, type ColumnsRead } from './columnsRead.js';
import { Compiler } from './compile/compiler.js';
import { compileQuery } from './compile/statements.js';
import type { Env } from './compile/types.js';
import { KqlError, RUNTIME } from './errors.js';
import { loadKusto } from './load.js';
import { Table, toRows, type ColumnInfo, type TableData } from './table.js';

export interface RunOptions {
  /** The clock for now()/ago(): fixed per run so results are reproducible. Defaults to the real time. */
  now?: Date | number;
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
  const cx = new Compiler(loadKusto(), kql, bound.globals);
  const compiled = compileQuery(cx, bound.code.Syntax);
  const columns = compiled.columns.map((c) => ({ ...c }));
  return {
    columns,
    columnsRead: columnsRead(cx.lib, bound.code.Syntax),
    run(tables, options = {}) {
      const env: Env = {
        tables: tablesFor(tables, schemas),
        now: options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime(),
        lets: new Map(),
      };
      const result = compiled.run(env);
      return { columns: columns.map((c) => ({ ...c })), rows: toRows(result) };
    },
  };
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
    out.set(name, new Table(schema, data.length, (c) => data.data[positions[c]]));
  }
  return out;
}
