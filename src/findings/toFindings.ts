import type { Hunt } from '../hunts/hunt.js';
import type { QueryResult, Row } from '../sources/querySource.js';
import type { Finding } from './finding.js';
import { findingId } from './findingKey.js';
import { displayValue } from '../util/telemetryJson.js';

/** A hunt whose finding spec does not fit what its query returned: a configuration error, named. */
export class FindingSpecError extends Error {
  override name = 'FindingSpecError';
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function renderTitle(template: string, row: Row): string {
  return template.replace(PLACEHOLDER, (_, column: string) => displayValue(row[column]));
}

function defaultTemplate(hunt: Hunt, keyColumns: string[]): string {
  return `${hunt.name}: ${keyColumns.map((c) => `${c}={${c}}`).join(', ')}`;
}

/**
 * One finding per distinct key. When several rows share a key the first wins: hunts sort their
 * output (newest or largest first), so the first row is the one their authors meant to show.
 */
export function toFindings(hunt: Hunt, result: QueryResult, rows: Row[] = result.rows): Finding[] {
  const columns = result.columns.map((c) => c.name);
  const keyColumns = hunt.finding.key.length ? hunt.finding.key : columns;
  const missing = keyColumns.filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new FindingSpecError(
      `${hunt.file}: key 'finding.key': column(s) ${missing.join(', ')} are not in the query's result (it returns: ${columns.join(', ')}); fix finding.key`,
    );
  }
  const template = hunt.finding.title || defaultTemplate(hunt, keyColumns);
  const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((c) => !columns.includes(c));
  if (unknown.length) {
    throw new FindingSpecError(
      `${hunt.file}: key 'finding.title': {${unknown.join('}, {')}} are not columns of the query's result (it returns: ${columns.join(', ')})`,
    );
  }

  const byId = new Map<string, Finding>();
  for (const row of rows) {
    const key = Object.fromEntries(keyColumns.map((c) => [c, row[c] ?? null]));
    const id = findingId(key);
    if (byId.has(id)) continue;
    byId.set(id, { id, huntId: hunt.id, key, title: renderTitle(template, row), severity: hunt.finding.severity, row });
  }
  return [...byId.values()];
}
