/**
 * The embedded KQL engine: Microsoft's parser and binder (@kusto/language-service-next, loaded on
 * first use) and our columnar evaluator. This file is the module's only public entry point.
 */
import { bind, type Schemas } from './bind.js';
import { columnsRead, type ColumnsRead } from './columnsRead.js';
import { INTERNAL, KqlError, UNSUPPORTED, type KqlDiagnostic } from './errors.js';
import { loadKusto } from './load.js';
import { prepare, type PreparedQuery, type QueryOutput, type RunOptions } from './prepare.js';
import { schemaOf } from './syntax.js';
import type { ColumnInfo, TableData } from './table.js';

export { KqlError, RUNTIME, UNSUPPORTED, type KqlDiagnostic } from './errors.js';
export { prepare, type PreparedQuery, type QueryOutput, type RunOptions } from './prepare.js';
export { tableFromRows, type ColumnInfo, type TableData } from './table.js';
export type { ColumnsRead } from './columnsRead.js';
export { columnBuilder, type ColumnBuilder } from './columnBuilder.js';
export { rowsPassing } from './rowScratch.js';
export { canonicalType, fromInput, toOutput } from './values/convert.js';
export type { Schemas } from './bind.js';
export { datetimeFromDate, datetimeToMs, formatDatetime } from './values/datetime.js';

const MAX_CACHED = 64;
const cache = new Map<string, PreparedQuery>();

function schemasOf(tables: Record<string, TableData>): Schemas {
  const schemas: Schemas = {};
  for (const [name, table] of Object.entries(tables)) schemas[name] = table.columns;
  return schemas;
}

/**
 * Runs a query over in-memory tables. Parse + bind + compile results are cached per query text
 * and schema set, so repeated runs (one hunt over many windows) pay them once.
 */
export function execute(kql: string, tables: Record<string, TableData>, options?: RunOptions): QueryOutput {
  const schemas = schemasOf(tables);
  const key = `${JSON.stringify(schemas)}\u0000${kql}`;
  let prepared = cache.get(key);
  if (!prepared) {
    prepared = prepare(kql, schemas);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(key, prepared);
  }
  return prepared.run(tables, options);
}

export interface QueryCheck {
  /** The parser's and binder's errors: the query is wrong for these schemas ([] when it binds). */
  errors: KqlDiagnostic[];
  /** Set when the query is valid but the local engine cannot run it: the first of `unsupported`, or `internalError`. */
  unsupportedLocally: KqlDiagnostic | null;
  /** Everything in the query the local engine does not support yet, each with its line and column. */
  unsupported: KqlDiagnostic[];
  /** A fault of the local engine itself (code LOCAL003) met while compiling this query. */
  internalError: KqlDiagnostic | null;
  /** The result's columns as the binder computes them (null when the query does not bind, or is not tabular). */
  columns: ColumnInfo[] | null;
}

/** Checks a query against table schemas without running it, as `hunts validate` does. */
export function check(kql: string, schemas: Schemas): QueryCheck {
  let columns: ColumnInfo[] | null;
  try {
    columns = schemaOf(loadKusto(), bind(kql, schemas).code.ResultType);
  } catch (error) {
    if (error instanceof KqlError) {
      return { errors: error.diagnostics, unsupportedLocally: null, unsupported: [], internalError: null, columns: null };
    }
    throw error;
  }
  const none: QueryCheck = { errors: [], unsupportedLocally: null, unsupported: [], internalError: null, columns };
  try {
    prepare(kql, schemas);
  } catch (error) {
    if (error instanceof KqlError && error.code === UNSUPPORTED) {
      return { ...none, unsupportedLocally: error.diagnostics[0], unsupported: error.diagnostics };
    }
    // An engine fault is this query's problem: it must not stop the checks of every other query.
    const fault: KqlDiagnostic =
      error instanceof KqlError && error.diagnostics[0]
        ? { ...error.diagnostics[0], code: INTERNAL }
        : { code: INTERNAL, message: `local engine fault: ${error instanceof Error ? error.message : String(error)}`, line: 1, column: 1 };
    return { ...none, unsupportedLocally: fault, internalError: fault };
  }
  return none;
}

/**
 * The columns of each table a query can read, from parsing and binding alone (no compile, so it
 * answers for queries the local engine cannot run). A prepared query carries the same answer.
 */
export function columnsReadBy(kql: string, schemas: Schemas): ColumnsRead {
  return columnsRead(loadKusto(), bind(kql, schemas).code.Syntax);
}
