import type { Hunt } from '../hunts/hunt.js';
import type { SchemaCatalog } from '../sources/schemaCatalog.js';

export interface QueryCheckLine {
  hunt: Hunt;
  status: 'ok' | 'error' | 'unsupported' | 'unchecked';
  message: string;
}

/** Sentinel's `requiredDataConnectors[].dataTypes`, without its annotations ("SecurityAlert (MDATP)"). */
function requiredTables(hunt: Hunt): string[] {
  const connectors = Array.isArray(hunt.raw.requiredDataConnectors) ? hunt.raw.requiredDataConnectors : [];
  const types = connectors.flatMap((c) => (c && typeof c === 'object' && Array.isArray((c as { dataTypes?: unknown }).dataTypes) ? (c as { dataTypes: unknown[] }).dataTypes : []));
  return [...new Set(types.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/\s*\(.*\)\s*$/, '').trim()))];
}

/**
 * Binds each hunt's KQL against the table schemas (shipped, `<hunts>/schemas/`, `--schemas`), so a
 * misspelt column is found before the hunt is deployed. Hunts that read a table with no schema are not
 * checked (binding them would only report the unknown table).
 */
export async function checkHuntQueries(hunts: Hunt[], catalog: SchemaCatalog): Promise<QueryCheckLine[]> {
  // Loaded on demand: the parser is large and only this command and the local source need it.
  const { check } = await import('../kql/index.js');
  const tables = catalog.tables();
  const schemas = catalog.schemas();
  return hunts.map((hunt): QueryCheckLine => {
    const required = requiredTables(hunt);
    const unknown = required.filter((t) => !tables.includes(t));
    if (!required.length) {
      return { hunt, status: 'unchecked', message: 'KQL not checked: requiredDataConnectors names no dataTypes' };
    }
    if (unknown.length) {
      return { hunt, status: 'unchecked', message: `KQL not checked: no schema for ${unknown.join(', ')} (add <Table>.json to a schemas/ folder beside the hunts, or pass --schemas DIR; format: Azure-Sentinel's KqlvalidationsTests/CustomTables)` };
    }
    const result = check(hunt.query, schemas);
    if (result.errors.length) {
      const message = result.errors.map((d) => `${hunt.file}: key 'query': ${d.code} ${d.message} (query line ${d.line}, col ${d.column})`).join('\n');
      return { hunt, status: 'error', message };
    }
    if (result.unsupportedLocally) {
      const d = result.unsupportedLocally;
      return { hunt, status: 'unsupported', message: `KQL binds against ${required.join(', ')}; the local engine cannot run it yet: ${d.message}` };
    }
    return { hunt, status: 'ok', message: `KQL binds against ${required.join(', ')}; the local engine runs it` };
  });
}
