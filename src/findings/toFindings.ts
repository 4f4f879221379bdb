import type { Hunt } from '../hunts/hunt.js';
import type { QueryResult, Row } from '../sources/querySource.js';
import { truncate } from '../util/escape.js';
import { displayValue } from '../util/telemetryJson.js';
import type { Finding } from './finding.js';
import { findingId } from './findingKey.js';
import { resolveKeyColumns } from './keyColumns.js';

/** A hunt whose finding spec does not fit what its query returned: a configuration error, named. */
export class FindingSpecError extends Error {
  override name = 'FindingSpecError';
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Titles are headlines in a Teams card and a ticket: a long URL or command line is cut, not shown whole. */
export const TITLE_MAX = 200;

/** The `{Column}` names a title template refers to. */
export function titleColumns(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

export function renderTitle(template: string, row: Row): string {
  return truncate(
    template.replace(PLACEHOLDER, (_, column: string) => displayValue(row[column])),
    TITLE_MAX,
  );
}

/** The title of a hunt that sets none: its name and the finding's key values. */
export function defaultTitleTemplate(huntName: string, keyColumns: string[]): string {
  return keyColumns.length ? `${huntName}: ${keyColumns.map((c) => `${c}={${c}}`).join(', ')}` : huntName;
}

/**
 * One finding per distinct key. When several rows share a key the first wins: hunts sort their
 * output (newest or largest first), so the first row is the one their authors meant to show.
 */
export function toFindings(hunt: Hunt, result: QueryResult, rows: Row[] = result.rows): Finding[] {
  const columns = result.columns.map((c) => c.name);
  const keyColumns = resolveKeyColumns(hunt.finding, result.columns).columns;
  const missing = keyColumns.filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new FindingSpecError(
      `${hunt.file}: key '${hunt.finding.keySource}': column(s) ${missing.join(', ')} are not in the query's result (it returns: ${columns.join(', ')}); fix ${hunt.finding.keySource === 'entityMappings' ? 'entityMappings or set finding.key' : 'finding.key'}`,
    );
  }
  const template = hunt.finding.title || defaultTitleTemplate(hunt.name, keyColumns);
  const unknown = titleColumns(template).filter((c) => !columns.includes(c));
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
