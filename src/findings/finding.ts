import type { Severity } from '../hunts/hunt.js';
import type { Row } from '../sources/querySource.js';

/** One thing a hunt found: identified by its key columns, whatever else the row says. */
export interface Finding {
  /** Hex SHA-256 of the canonical JSON of `key`: the Table Storage RowKey. */
  id: string;
  huntId: string;
  /** The key columns' values, in the hunt's key order. */
  key: Record<string, unknown>;
  /** Rendered from the hunt's title template. Raw telemetry: escape it for every medium. */
  title: string;
  severity: Severity;
  /** The full result row that produced this finding (the latest one). Raw telemetry. */
  row: Row;
}
