import { readFileSync } from 'node:fs';
import { loadHunts, type HuntLoadError } from '../hunts/load.js';
import { YamlPositions } from '../hunts/yamlPositions.js';
import { jsonLine, safeForTerminal } from '../util/escape.js';
import type { SchemaFileError } from '../sources/schemaFile.js';
import { checkHunt, type HuntCheck, type HuntDiagnostic } from './checkQueries.js';
import { display, huntPath, loadCatalog } from './common.js';
import type { Progress } from './progress.js';

/**
 * A hunt file that did not load, or a schema file that did not read, is an entry with errors:
 * reported in the same shape as the checked hunts.
 */
function loadFailures(errors: (HuntLoadError | SchemaFileError)[], code: string, severity: 'error' | 'warning' = 'error'): HuntCheck[] {
  const byFile = new Map<string, HuntDiagnostic[]>();
  for (const e of errors) {
    const list = byFile.get(e.file) ?? [];
    byFile.set(e.file, list);
    const at = 'line' in e ? { line: e.line ?? 1, column: e.column ?? 1 } : { line: 1, column: 1 };
    list.push({ severity, code, message: e.key ? `key '${e.key}': ${e.message}` : e.message, file: e.file, ...at });
  }
  // A folder-level warning (no exclusions.yaml) is no hunt left unchecked: `checked` keeps it out of that count.
  return [...byFile].map(([file, diagnostics]) => ({ file, id: null, slug: null, status: severity, checked: severity === 'warning', runsLocally: false, key: null, keySource: null, diagnostics }));
}

export function formatDiagnostic(d: HuntDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}

const MARK = { ok: '✓', warning: '!', error: '✗' } as const;

function headline(c: HuntCheck): string {
  const what = c.status === 'error' ? 'errors' : c.slug === null ? 'warning' : !c.checked ? 'not checked' : c.runsLocally ? 'binds; the local engine runs it' : 'binds; the local engine cannot run it';
  const key = c.key === null ? (c.keySource ? `key derived from the result's columns when it runs` : '') : `key ${c.key.join(', ') || '(none)'} (${c.keySource})`;
  return `${MARK[c.status]} ${c.slug ?? c.file}: ${[what, key].filter(Boolean).join('; ')}`;
}

function summary(checks: HuntCheck[]): string {
  const count = (s: HuntCheck['status']) => checks.filter((c) => c.status === s).length;
  const warned = checks.filter((c) => c.status === 'warning');
  const unchecked = warned.filter((c) => !c.checked).length;
  const notLocal = warned.filter((c) => c.slug !== null && c.checked && !c.runsLocally).length;
  const detail = [unchecked ? `${unchecked} not checked` : '', notLocal ? `${notLocal} not runnable locally` : ''].filter(Boolean).join(', ');
  return `${checks.length} hunt file(s): ${count('ok')} ok, ${warned.length} with warnings${detail ? ` (${detail})` : ''}, ${count('error')} with errors`;
}

/**
 * `hunts validate`: every hunt file loaded, each query bound against the table schemas, key and title
 * checked against the result's columns. Diagnostics point at file:line:col inside the YAML.
 * Exit 1 on any error; a hunt that could not be checked is a warning, never "ok".
 */
export async function validateCommand(huntsDir: string, schemasDir: string | undefined, json: boolean, progress: Progress): Promise<number> {
  const { hunts, errors, warnings } = loadHunts(huntsDir, display(huntsDir));
  const { catalog, errors: schemaErrors } = await loadCatalog(huntsDir, schemasDir);
  const checks = [...loadFailures(errors, 'hunt-file'), ...loadFailures(warnings, 'no-exclusions-file', 'warning'), ...loadFailures(schemaErrors, 'schema-file')];
  if (hunts.length) progress.update(`loading the KQL parser and binding ${hunts.length} hunt(s)…`);
  for (const [i, hunt] of hunts.entries()) {
    progress.update(`binding ${i + 1}/${hunts.length}: ${hunt.slug}`);
    checks.push(await checkHunt(hunt, new YamlPositions(readFileSync(huntPath(huntsDir, hunt), 'utf8')), catalog));
  }
  progress.done();
  checks.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const c of checks) {
    if (json) {
      process.stdout.write(
        `${jsonLine({
          file: c.file,
          id: c.id,
          status: c.status,
          runsLocally: c.runsLocally,
          key: c.key,
          keySource: c.keySource,
          diagnostics: c.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column })),
        })}\n`,
      );
    } else {
      process.stdout.write(`${safeForTerminal(headline(c))}\n`);
      for (const d of c.diagnostics) process.stdout.write(`  ${safeForTerminal(formatDiagnostic(d))}\n`);
    }
  }
  if (!json) process.stdout.write(`${summary(checks)}\n`);
  return checks.some((c) => c.status === 'error') ? 1 : 0;
}
