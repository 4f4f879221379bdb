import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execute, tableFromRows, type TableData } from '../../../src/kql/index.js';

/** table('T', 'k:string, v:long', [{ k: 'a', v: 1 }]) */
export function table(name: string, schema: string, rows: Record<string, unknown>[]): TableData {
  const columns = schema.split(',').map((part) => {
    const [n, t] = part.split(':').map((s) => s.trim());
    return { name: n, type: t };
  });
  return tableFromRows(name, columns, rows);
}

/** A table with the real Sentinel schema from src/sources/schemas/. */
export function sentinelTable(name: string, rows: Record<string, unknown>[]): TableData {
  const path = fileURLToPath(new URL(`../../../src/sources/schemas/${name}.json`, import.meta.url));
  const schema = JSON.parse(readFileSync(path, 'utf8')) as { Properties: { Name: string; Type: string }[] };
  return tableFromRows(name, schema.Properties.map((p) => ({ name: p.Name, type: p.Type })), rows);
}

export const NOW = new Date('2026-01-15T12:00:00Z');

export function run(kql: string, ...tables: TableData[]) {
  return execute(kql, Object.fromEntries(tables.map((t) => [t.name, t])), { now: NOW });
}

export function names(result: { columns: { name: string }[] }): string[] {
  return result.columns.map((c) => c.name);
}
