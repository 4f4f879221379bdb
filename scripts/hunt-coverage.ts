/**
 * How many hunts of a folder the local engine can check and run, and what stops the others: a tool for
 * maintainers measuring coverage on a corpus of hunting queries (such as Azure-Sentinel's).
 *   npm run coverage:hunts -- <folder> [--schemas DIR] [--json]
 * Each *.yaml / *.yml under the folder (sub-folders too; `schemas/` folders and exclusions.yaml aside) is
 * loaded with the project's hunt loader, bound against the table schemas, compiled, and run over empty
 * tables of every known schema. A hunt that makes the engine throw is counted as an internal error with
 * its message; it never stops the measurement.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGlobalExclusions, loadHuntFile, EXCLUSIONS_FILE } from '../src/hunts/load.js';
import type { Hunt } from '../src/hunts/hunt.js';
import { KqlError, prepare, RUNTIME, tableFromRows, UNSUPPORTED, type KqlDiagnostic, type PreparedQuery, type Schemas, type TableData } from '../src/kql/index.js';
import { HUNTS_SCHEMA_FOLDER, loadSchemaCatalog } from '../src/sources/schemaCatalog.js';
import { jsonLine, safeForTerminal, truncate } from '../src/util/escape.js';

export type CoverageStatus = 'runs' | 'load-error' | 'no-schema' | 'bind-error' | 'unsupported' | 'internal-error';

export interface HuntCoverage {
  /** Path relative to the measured folder. */
  file: string;
  id: string | null;
  loads: boolean;
  binds: boolean;
  runsLocally: boolean;
  status: CoverageStatus;
  /** What stopped the hunt, grouped across hunts: a construct (`has_any`, `bin()`), a table, an error code. */
  blocker: string | null;
  /** The full message, with the query line and column when there is one. */
  message: string | null;
  /** Tables the query reads that have no schema. */
  missingTables: string[];
}

/** The run's clock: fixed, so a run over empty tables is the same every time. */
const NOW = Date.parse('2026-01-01T00:00:00Z');

export function huntFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== HUNTS_SCHEMA_FOLDER) out.push(...huntFiles(path));
    } else if (/\.ya?ml$/i.test(entry.name) && entry.name !== EXCLUSIONS_FILE) out.push(path);
  }
  return out.sort();
}

/** Sentinel's `requiredDataConnectors[].dataTypes`, without annotations ("SecurityAlert (MDATP)"). */
function declaredTables(hunt: Hunt): Set<string> {
  const connectors = Array.isArray(hunt.raw.requiredDataConnectors) ? hunt.raw.requiredDataConnectors : [];
  const names = connectors.flatMap((c) => (Array.isArray((c as { dataTypes?: unknown })?.dataTypes) ? (c as { dataTypes: unknown[] }).dataTypes : []));
  return new Set(names.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/\s*\(.*\)\s*$/, '').trim()));
}

/**
 * Tables the binder could not resolve. KS204 is an unknown name where a table belongs, which may also be
 * a misspelt `let` name: it counts when the hunt declares it as a data type or it is capitalised as tables
 * are. KS142 (an unknown name anywhere, columns too) counts only when declared.
 */
function missingTables(errors: KqlDiagnostic[], declared: Set<string>): string[] {
  const names = errors.flatMap((d) => {
    const name = /^The name '([^']+)'/.exec(d.message)?.[1];
    if (!name) return [];
    const table = d.code === 'KS204' ? declared.has(name) || /^[A-Z]/.test(name) : d.code === 'KS142' && declared.has(name);
    return table ? [name] : [];
  });
  return [...new Set(names)].sort();
}

// Syntax kinds of expressions whose KQL spelling is not their kind name.
const OPERATOR_OF_KIND: Record<string, string> = {
  HasAnyExpression: 'has_any',
  HasAllExpression: 'has_all',
  BetweenExpression: 'between',
  NotBetweenExpression: '!between',
  ToScalarExpression: 'toscalar',
  ToTableExpression: 'totable',
};

/** The construct a LOCAL001 message names, in the form the issue lists them: `has_any`, `union`, `bin()`. */
export function constructOf(message: string): string {
  const what = message.replace(/ is not supported by the local engine yet$/, '');
  const patterns: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^aggregate function '([^']+)' outside summarize$/, (m) => `${m[1]}() outside summarize`],
    [/^(?:aggregate )?function '([^']+)'$/, (m) => `${m[1]}()`],
    [/^(?:operator|tabular expression|statement) '([^']+)'$/, (m) => m[1]],
    [/^expression '.*' \((\w+)\)$/s, (m) => OPERATOR_OF_KIND[m[1]] ?? m[1]],
    [/^'([^']+)' with a tabular operand$/, (m) => `${m[1]} (subquery)`],
    [/^reference to '[^']+' (.+)$/, (m) => `reference to a name ${m[1]}`],
    [/^this (.+)$/, (m) => m[1]],
  ];
  for (const [pattern, label] of patterns) {
    const m = pattern.exec(what);
    if (m) return label(m);
  }
  return what;
}

function at(d: KqlDiagnostic): string {
  return `${d.message} (query line ${d.line}, col ${d.column})`;
}

function firstByPosition(diagnostics: KqlDiagnostic[]): KqlDiagnostic {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column)[0];
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Binds, compiles and runs one loaded hunt; every failure becomes a status, never an exception. */
export function measureHunt(hunt: Hunt, file: string, schemas: Schemas, emptyTables: Record<string, TableData>): HuntCoverage {
  const result = (status: CoverageStatus, binds: boolean, blocker: string | null, message: string | null, missing: string[] = []): HuntCoverage => ({
    file, id: hunt.id, loads: true, binds, runsLocally: status === 'runs', status, blocker, message, missingTables: missing,
  });
  let prepared: PreparedQuery;
  try {
    prepared = prepare(hunt.query, schemas);
  } catch (error) {
    if (!(error instanceof KqlError) || error.diagnostics.length === 0) return result('internal-error', false, 'internal error', errorText(error));
    if (error.code === UNSUPPORTED) {
      const d = error.diagnostics[0];
      return result('unsupported', true, constructOf(d.message), at(d));
    }
    if (error.code === RUNTIME) return result('internal-error', true, 'internal error', at(error.diagnostics[0]));
    const missing = missingTables(error.diagnostics, declaredTables(hunt));
    if (missing.length) {
      const message = `no schema for ${missing.join(', ')} (add <Table>.json to a schemas/ folder beside the hunts, or pass --schemas DIR)`;
      return result('no-schema', false, `no schema: ${missing.join(', ')}`, message, missing);
    }
    const first = firstByPosition(error.diagnostics);
    return result('bind-error', false, `${first.code} ${first.message}`, `${first.code} ${at(first)}`);
  }
  try {
    prepared.run(emptyTables, { now: NOW });
  } catch (error) {
    if (error instanceof KqlError && error.code === UNSUPPORTED) {
      const d = error.diagnostics[0];
      return result('unsupported', true, constructOf(d.message), at(d));
    }
    const d = error instanceof KqlError ? error.diagnostics[0] : undefined;
    return result('internal-error', true, 'internal error', d ? at(d) : errorText(error));
  }
  return result('runs', true, null, null);
}

export interface CoverageOptions {
  /** `--schemas DIR`: more table schemas, over `<dir>/schemas/` and the shipped ones. */
  schemasDir?: string;
  onProgress?: (done: number, total: number, file: string) => void;
  onWarning?: (message: string) => void;
}

export function measureFolder(dir: string, options: CoverageOptions = {}): HuntCoverage[] {
  const { catalog, errors } = loadSchemaCatalog({ huntsDir: dir, schemasDir: options.schemasDir });
  for (const e of errors) options.onWarning?.(`${e.file}${e.key ? `: key '${e.key}'` : ''}: ${e.message}`);
  const schemas = catalog.schemas();
  const emptyTables = Object.fromEntries(catalog.tables().map((t) => [t, tableFromRows(t, catalog.columns(t)!, [])]));
  const global = loadGlobalExclusions(dir);
  if (!global.ok) for (const e of global.errors) options.onWarning?.(`${e.file}: ${e.message} (measuring without global exclusions)`);
  const globalRules = global.ok ? global.value : [];

  const files = huntFiles(dir);
  return files.map((path, i) => {
    const file = relative(dir, path);
    options.onProgress?.(i + 1, files.length, file);
    const loaded = loadHuntFile(path, file, globalRules);
    if (!loaded.ok) {
      const e = loaded.errors[0];
      const message = e.key ? `key '${e.key}': ${e.message}` : e.message;
      return { file, id: null, loads: false, binds: false, runsLocally: false, status: 'load-error', blocker: 'not loaded', message, missingTables: [] };
    }
    return measureHunt(loaded.value, file, schemas, emptyTables);
  });
}

// ---------------------------------------------------------------------------------------------------------
// The report

function countBy(items: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export interface CoverageSummary {
  hunts: number;
  loads: number;
  binds: number;
  runsLocally: number;
  byStatus: Record<CoverageStatus, number>;
  constructs: [string, number][];
  missingTables: [string, number][];
  bindErrors: [string, number][];
}

export function summarize(results: HuntCoverage[]): CoverageSummary {
  const byStatus = { runs: 0, 'load-error': 0, 'no-schema': 0, 'bind-error': 0, unsupported: 0, 'internal-error': 0 };
  for (const r of results) byStatus[r.status]++;
  const blockers = (status: CoverageStatus) => results.filter((r) => r.status === status).map((r) => r.blocker ?? '');
  return {
    hunts: results.length,
    loads: results.filter((r) => r.loads).length,
    binds: results.filter((r) => r.binds).length,
    runsLocally: results.filter((r) => r.runsLocally).length,
    byStatus,
    constructs: countBy(blockers('unsupported')),
    missingTables: countBy(results.flatMap((r) => r.missingTables)),
    bindErrors: countBy(blockers('bind-error')),
  };
}

const TOP_CONSTRUCTS = 25;

export function formatReport(dir: string, results: HuntCoverage[]): string {
  const s = summarize(results);
  const pct = (n: number, of = s.hunts) => (of ? `${((100 * n) / of).toFixed(1)} %` : '-');
  const row = (label: string, n: number, of?: number) => `  ${label.padEnd(34)}${String(n).padStart(6)}  ${pct(n, of).padStart(8)}`;
  const counts = (rows: [string, number][]) => rows.map(([name, n]) => `  ${String(n).padStart(5)}  ${safeForTerminal(truncate(name, 120))}`);
  const listed = (status: CoverageStatus) => results.filter((r) => r.status === status).map((r) => `  ${safeForTerminal(r.file)}: ${safeForTerminal(truncate(r.message ?? '', 300))}`);
  const lines = [
    `Hunt coverage of ${safeForTerminal(dir)}`,
    '',
    row('hunts', s.hunts),
    row('load', s.loads),
    row('bind against the schemas', s.binds),
    row('run locally', s.runsLocally),
    row('run locally, of those that bind', s.runsLocally, s.binds),
    '',
    'Why the others do not run',
    row('not loaded', s.byStatus['load-error']),
    row('a table read has no schema', s.byStatus['no-schema']),
    row('binder error', s.byStatus['bind-error']),
    row('unsupported construct', s.byStatus.unsupported),
    row('internal error', s.byStatus['internal-error']),
    '',
    `Top ${TOP_CONSTRUCTS} blocking constructs (the first one each hunt reaches)`,
    ...counts(s.constructs.slice(0, TOP_CONSTRUCTS)),
    '',
    'Tables without schema (hunts reading each)',
    ...counts(s.missingTables),
    '',
    'Binder errors (the first per hunt)',
    ...counts(s.bindErrors),
  ];
  for (const [title, status] of [['Internal errors', 'internal-error'], ['Not loaded', 'load-error']] as const) {
    if (s.byStatus[status]) lines.push('', title, ...listed(status));
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { schemas: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new Error('usage: npm run coverage:hunts -- <folder of hunt YAML> [--schemas DIR] [--json]');
  const dir = positionals[0];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such folder; pass a folder of hunt YAML files`);
  const tty = process.stderr.isTTY;
  const results = measureFolder(dir, {
    schemasDir: values.schemas,
    onWarning: (m) => process.stderr.write(`warning: ${safeForTerminal(m)}\n`),
    onProgress: tty
      ? (done, total, file) => process.stderr.write(`\r\u001b[K  ${done}/${total} ${safeForTerminal(truncate(file, Math.max(20, (process.stderr.columns || 80) - 16)))}`)
      : undefined,
  });
  if (tty) process.stderr.write('\r\u001b[K');
  process.stdout.write(values.json ? results.map((r) => `${jsonLine(r)}\n`).join('') : `${formatReport(dir, results)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`error: ${safeForTerminal((error as Error).message)}\n`);
    process.exitCode = 1;
  }
}
