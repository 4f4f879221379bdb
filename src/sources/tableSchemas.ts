import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../util/paths.js';

export interface TableColumn {
  name: string;
  type: string;
}

/**
 * Known Sentinel table schemas shipped with the project (Azure-Sentinel KqlvalidationsTests format),
 * found from the package root so the compiled CLI in dist/ reads the same files.
 */
export const SCHEMA_DIR = join(projectRoot(), 'src', 'sources', 'schemas');

export function knownSchema(table: string): TableColumn[] | null {
  const path = join(SCHEMA_DIR, `${table}.json`);
  if (!existsSync(path)) return null;
  const schema = JSON.parse(readFileSync(path, 'utf8')) as { Properties: { Name: string; Type: string }[] };
  return schema.Properties.map((p) => ({ name: p.Name, type: p.Type }));
}

export function knownTables(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
