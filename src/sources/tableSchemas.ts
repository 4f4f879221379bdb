import { shippedSchemas } from './schemaCatalog.js';

export interface TableColumn {
  name: string;
  type: string;
}

/**
 * A shipped table's columns (canonical types), or null. Kept for the benchmark; everything that binds
 * hunts looks schemas up through a SchemaCatalog, which adds the users' own.
 */
export function knownSchema(table: string): TableColumn[] | null {
  return shippedSchemas().columns(table);
}
