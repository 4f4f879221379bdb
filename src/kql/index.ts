/**
 * The embedded KQL engine: Microsoft's parser and binder (@kusto/language-service-next, loaded on
 * first use) and our columnar evaluator. This file is the module's only public entry point.
 */
import { bind, type Schemas } from './bind.js';
import { columnsRead, type ColumnsRead } from './columnsRead.js';
import { KqlError, UNSUPPORTED, type KqlDiagnostic } from './errors.js';
import { loadKusto } from './load.js';
import { prepare, type PreparedQuery, type QueryOutput, type RunOptions } from './prepare.js';
import type { TableData } from './table.js';

export { KqlError, type KqlDiagnostic } from './errors.js';
export { prepare, type PreparedQuery, type QueryOutput, type RunOptions } from './prepare.js';
export { tableFromRows, type ColumnInfo, type TableData } from './table.js';
export type { ColumnsRead } from './columnsRead.js';
export { columnBuilder, type ColumnBuilder } from './columnBuilder.js';
export { canonicalType, fromInput, toOutput } from './values/convert.js';
export type { Schemas } from './bind.js';

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
  /** Set when the query is valid but uses something the local engine cannot run yet. */
  unsupportedLocally: KqlDiagnostic | null;
}

/** Checks a query against table schemas without running it, as `hunts validate` does. */
export function check(kql: string, schemas: Schemas): QueryCheck {
  try {
    bind(kql, schemas);
  } catch (error) {
    if (error instanceof KqlError) return { errors: error.diagnostics, unsupportedLocally: null };
    throw error;
  }
  try {
    prepare(kql, schemas);
  } catch (error) {
    if (error instanceof KqlError && error.code === UNSUPPORTED) return { errors: [], unsupportedLocally: error.diagnostics[0] };
    throw error;
  }
  return { errors: [], unsupportedLocally: null };
}

/**
 * The columns of each table a query can read, from parsing and binding alone (no compile, so it
 * answers for queries the local engine cannot run). A prepared query carries the same answer.
 */
export function columnsReadBy(kql: string, schemas: Schemas): ColumnsRead {
  return columnsRead(loadKusto(), bind(kql, schemas).code.Syntax);
}
