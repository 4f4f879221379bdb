import type { Hunt } from '../hunts/hunt.js';
import type { QueryResult, Row } from '../sources/querySource.js';
import { truncate } from '../util/escape.js';
import type { Finding } from './finding.js';
import { findingId } from './findingKey.js';
import { resolveKeyColumns } from './keyColumns.js';
import { renderTemplate, templateColumns } from './titleTemplate.js';

/** A hunt whose finding spec does not fit what its query returned: a configuration error, named. */
export class FindingSpecError extends Error {
  override name = 'FindingSpecError';
}

/** Titles are headlines in a Teams card and a ticket: a long URL or command line is cut, not shown whole. */
export const TITLE_MAX = 200;

/** The `{Column}` names a title template refers to (titleTemplate.ts has the syntax). */
export function titleColumns(template: string): string[] {
  return templateColumns(template);
}

export function renderTitle(template: string, row: Row): string {
  return truncate(renderTemplate(template, row), TITLE_MAX);
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

  const unshown = (hunt.finding.show ?? []).filter((c) => !columns.includes(c));
  if (unshown.length) {
    throw new FindingSpecError(
      `${hunt.file}: key 'finding.show': ${unshown.join(', ')} ${unshown.length === 1 ? 'is not a column' : 'are not columns'} of the query's result (it returns: ${columns.join(', ')}); list only those`,
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
