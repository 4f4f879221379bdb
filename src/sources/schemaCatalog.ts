import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnInfo } from '../kql/index.js';
import { projectRoot } from '../util/paths.js';
import { formatSchemaError, parseSchemaFile, type SchemaFileError, type TableSchema } from './schemaFile.js';

/**
 * The table schemas shipped with the project, found from the package root so the compiled CLI in
 * dist/ reads the same files.
 */
export const SHIPPED_SCHEMA_DIR = join(projectRoot(), 'src', 'sources', 'schemas');

/** The folder beside the hunts where users add or override schemas without editing src/. */
export const HUNTS_SCHEMA_FOLDER = 'schemas';

/** Every table schema a run or `hunts validate` binds against: one lookup for both. */
export class SchemaCatalog {
  constructor(private readonly byTable: ReadonlyMap<string, TableSchema>) {}

  get(table: string): TableSchema | undefined {
    return this.byTable.get(table);
  }

  columns(table: string): ColumnInfo[] | null {
    return this.byTable.get(table)?.columns ?? null;
  }

  tables(): string[] {
    return [...this.byTable.keys()].sort();
  }

  /** Table → columns, as the binder takes them. */
  schemas(): Record<string, ColumnInfo[]> {
    return Object.fromEntries(this.tables().map((t) => [t, this.byTable.get(t)!.columns]));
  }
}

/**
 * Reads every `*.json` in a folder. Two files declaring the same table are an error (which one should
 * win is not for us to guess); a bad file is reported and left out.
 */
export function readSchemaDir(dir: string, display: (path: string) => string = (p) => p): { schemas: TableSchema[]; errors: SchemaFileError[] } {
  const schemas: TableSchema[] = [];
  const errors: SchemaFileError[] = [];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
    .map((e) => e.name)
    .sort();
  const byTable = new Map<string, TableSchema>();
  for (const name of files) {
    const file = display(join(dir, name));
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch (error) {
      errors.push({ file, key: null, message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseSchemaFile(text, file);
    errors.push(...parsed.errors);
    if (!parsed.schema) continue;
    const earlier = byTable.get(parsed.schema.table);
    if (earlier) {
      errors.push({ file, key: 'Name', message: `table "${parsed.schema.table}" is also declared by ${earlier.file}; keep one file per table` });
      continue;
    }
    byTable.set(parsed.schema.table, parsed.schema);
    schemas.push(parsed.schema);
  }
  return { schemas, errors };
}

let shipped: SchemaCatalog | undefined;

/** The shipped schemas alone. They are tested, so a bad one is a bug here, not a user's problem. */
export function shippedSchemas(): SchemaCatalog {
  if (shipped) return shipped;
  const { schemas, errors } = readSchemaDir(SHIPPED_SCHEMA_DIR);
  if (errors.length) throw new Error(`scheduled-hunts: bad shipped schema:\n${errors.map(formatSchemaError).join('\n')}`);
  shipped = new SchemaCatalog(new Map(schemas.map((s) => [s.table, s])));
  return shipped;
}

export interface SchemaCatalogOptions {
  /** The hunts folder: its `schemas/` subfolder, when present, overrides the shipped schemas. */
  huntsDir?: string;
  /** `--schemas DIR`: overrides both. */
  schemasDir?: string;
  /** How file paths appear in messages (the CLI shows them relative to the working directory). */
  display?: (path: string) => string;
}

/**
 * Shipped schemas, then `<hunts>/schemas/*.json`, then `--schemas DIR/*.json`: a later file replaces
 * the whole table of the same name. Problems are returned, each naming its file and key; the catalog
 * holds every schema that was read without one.
 */
export function loadSchemaCatalog(options: SchemaCatalogOptions = {}): { catalog: SchemaCatalog; errors: SchemaFileError[] } {
  const display = options.display ?? ((p: string) => p);
  const byTable = new Map<string, TableSchema>();
  for (const s of shippedSchemas().tables()) byTable.set(s, shippedSchemas().get(s)!);
  const errors: SchemaFileError[] = [];
  const layers: string[] = [];
  if (options.huntsDir) {
    const dir = join(options.huntsDir, HUNTS_SCHEMA_FOLDER);
    if (existsSync(dir) && statSync(dir).isDirectory()) layers.push(dir);
  }
  if (options.schemasDir) {
    if (!existsSync(options.schemasDir) || !statSync(options.schemasDir).isDirectory()) {
      errors.push({ file: display(options.schemasDir), key: null, message: '--schemas: no such folder; pass a folder of <Table>.json schema files' });
    } else layers.push(options.schemasDir);
  }
  for (const dir of layers) {
    const layer = readSchemaDir(dir, display);
    errors.push(...layer.errors);
    for (const s of layer.schemas) byTable.set(s.table, s);
  }
  return { catalog: new SchemaCatalog(byTable), errors };
}
