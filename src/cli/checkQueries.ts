import type { KeySource, Hunt } from '../hunts/hunt.js';
import type { YamlPositions, KeyPath } from '../hunts/yamlPositions.js';
import { resolveKeyColumns } from '../findings/keyColumns.js';
import { defaultTitleTemplate, titleColumns } from '../findings/toFindings.js';
import type { ResultColumn } from '../sources/querySource.js';
import type { SchemaCatalog } from '../sources/schemaCatalog.js';
import { closest } from './suggest.js';

export type DiagnosticSeverity = 'error' | 'warning';

/** One problem in one file, at a line and column of that file. */
export interface HuntDiagnostic {
  severity: DiagnosticSeverity;
  /** The binder's code (KS142), LOCAL001 for KQL the local engine cannot run, or ours (no-schema, key-column ...). */
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

export interface HuntCheck {
  file: string;
  id: string | null;
  slug: string | null;
  status: 'ok' | 'warning' | 'error';
  /** Whether the query bound against the schemas and the local engine can run it. */
  checked: boolean;
  runsLocally: boolean;
  /** The finding key; null when it is derived and the result's columns are unknown until it runs. */
  key: string[] | null;
  keySource: KeySource | null;
  diagnostics: HuntDiagnostic[];
}

/** Where to add a schema: the fix every "no schema" warning names. */
export const ADD_SCHEMA =
  "add <Table>.json to a schemas/ folder beside the hunts, or pass --schemas DIR (format: Azure-Sentinel's KqlvalidationsTests/CustomTables)";

const UNKNOWN_TABLE = 'KS204';

function statusOf(diagnostics: HuntDiagnostic[]): HuntCheck['status'] {
  return diagnostics.some((d) => d.severity === 'error') ? 'error' : diagnostics.length ? 'warning' : 'ok';
}

/** The YAML paths of the entityMappings columnNames, to point at the one a result lacks. */
function entityMappingPaths(raw: Record<string, unknown>): Map<string, KeyPath> {
  const out = new Map<string, KeyPath>();
  const mappings = Array.isArray(raw.entityMappings) ? raw.entityMappings : [];
  mappings.forEach((m: unknown, i) => {
    const fields = m && typeof m === 'object' && Array.isArray((m as { fieldMappings?: unknown }).fieldMappings) ? (m as { fieldMappings: unknown[] }).fieldMappings : [];
    fields.forEach((f, j) => {
      const name = f && typeof f === 'object' ? (f as { columnName?: unknown }).columnName : undefined;
      if (typeof name === 'string' && !out.has(name)) out.set(name, ['entityMappings', i, 'fieldMappings', j, 'columnName']);
    });
  });
  return out;
}

/**
 * Checks one loaded hunt the way `hunts validate` reports it: binds its query with Microsoft's binder
 * against the table schemas, takes the result's columns from the binder, and checks the finding key
 * and title against them. A query reading a table with no schema cannot be checked: a warning.
 */
export async function checkHunt(hunt: Hunt, positions: YamlPositions, catalog: SchemaCatalog): Promise<HuntCheck> {
  // Loaded on demand: the parser is large and only this command and the local source need it.
  const { check } = await import('../kql/index.js');
  const diagnostics: HuntDiagnostic[] = [];
  const at = (severity: DiagnosticSeverity, code: string, message: string, where: { line: number; column: number }) =>
    diagnostics.push({ severity, code, message, file: hunt.file, line: where.line, column: where.column });
  const inQuery = (d: { line: number; column: number }) => positions.inString(['query'], d.line, d.column);

  let result: ReturnType<typeof check>;
  try {
    result = check(hunt.query, catalog.schemas());
  } catch (error) {
    // The engine's own failure stops this hunt's check, not every hunt's.
    at('warning', 'engine-error', `the local engine failed on this query, so it was not checked (an engine bug: please report it; Log Analytics may still run it): ${(error as Error).message}`, positions.key(['query']));
    return { file: hunt.file, id: hunt.id, slug: hunt.slug, status: 'warning', checked: false, runsLocally: false, key: hunt.finding.key.length ? hunt.finding.key : null, keySource: hunt.finding.keySource, diagnostics };
  }
  const unknownTables = result.errors.filter((d) => d.code === UNKNOWN_TABLE);
  const tables = catalog.tables();
  let columns: ResultColumn[] | null = null;
  if (unknownTables.length) {
    // Other errors after an unknown table are mostly its columns, unknown too: report the cause only.
    for (const d of unknownTables) {
      const name = /'([^']+)'/.exec(d.message)?.[1] ?? '?';
      const near = closest(name, tables);
      at('warning', 'no-schema', `no schema for table '${name}'${near ? ` (did you mean ${near}?)` : ''}: the query was not checked and cannot run locally; ${ADD_SCHEMA}`, inQuery(d));
    }
  } else if (result.errors.length) {
    for (const d of result.errors) at('error', d.code, d.message, inQuery(d));
  } else {
    columns = result.columns;
    if (result.unsupportedLocally) at('warning', result.unsupportedLocally.code, `the local engine cannot run this query: ${result.unsupportedLocally.message}`, inQuery(result.unsupportedLocally));
  }

  const spec = hunt.finding;
  let key: string[] | null = spec.key.length ? spec.key : null;
  if (columns) {
    const names = columns.map((c) => c.name);
    const returns = `the query returns ${names.join(', ')}`;
    const resolved = resolveKeyColumns(spec, columns);
    key = resolved.columns;
    if (spec.keySource === 'finding.key') {
      spec.key.forEach((c, i) => {
        if (!names.includes(c)) at('error', 'key-column', `finding.key names '${c}', which is not a column of the result; ${returns}`, positions.key(['finding', 'key', i]));
      });
    } else if (spec.keySource === 'entityMappings') {
      const paths = entityMappingPaths(hunt.raw);
      for (const c of spec.key) {
        if (!names.includes(c)) {
          at('error', 'key-column', `entityMappings names column '${c}', which is not in the result (findings are keyed on these columns); ${returns}; fix the mapping or set finding.key`, positions.key(paths.get(c) ?? ['entityMappings']));
        }
      }
    } else {
      const why = resolved.columns.length
        ? `findings are keyed on ${resolved.columns.join(', ')}, derived from the result's column names`
        : 'the result has only time columns, so all its rows make one single finding';
      at('warning', 'derived-key', `no finding.key or entityMappings: ${why}; set finding.key to the columns that identify one finding`, positions.key(['query']));
    }
    const template = spec.title || defaultTitleTemplate(hunt.name, resolved.columns);
    const missing = [...new Set(titleColumns(template))].filter((c) => !names.includes(c));
    if (missing.length) at('error', 'title-column', `finding.title refers to {${missing.join('}, {')}}, not a column of the result; ${returns}`, positions.key(['finding', 'title']));
    (spec.show ?? []).forEach((c, i) => {
      if (!names.includes(c)) at('error', 'show-column', `finding.show lists '${c}', which is not a column of the result; ${returns}`, positions.key(['finding', 'show', i]));
    });
    // Only the hunt's own rules that name columns: a global rule is meant for some hunts and not others.
    hunt.exclusions
      .filter((rule) => rule.origin === hunt.file)
      .forEach((rule, i) => {
        if (!rule.columns.length || rule.columns.some((c) => names.includes(c))) return;
        at('warning', 'exclusion-columns', `exclusion rule '${rule.name}' checks ${rule.columns.join(', ')}, none of which the result has, so it never drops a row; ${returns}`, positions.key(['exclusions', 'rules', i, 'columns']));
      });
  }

  return {
    file: hunt.file,
    id: hunt.id,
    slug: hunt.slug,
    status: statusOf(diagnostics),
    checked: columns !== null,
    runsLocally: columns !== null && !result.unsupportedLocally,
    key,
    keySource: spec.keySource,
    diagnostics,
  };
}
