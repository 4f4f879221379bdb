import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../findings/findingKey.js';
import type { Finding } from '../findings/finding.js';
import type { Hunt } from '../hunts/hunt.js';
import { placeInHuntFile } from '../hunts/queryErrorAt.js';
import type { TestCase } from '../hunts/testCases.js';
import { huntFindings } from '../run/huntFindings.js';
import { computeWindow } from '../run/window.js';
import type { SchemaCatalog } from '../sources/schemaCatalog.js';
import { displayValue } from '../util/telemetryJson.js';
import { jsonValue } from './resultFormats.js';

export interface CaseResult {
  passed: boolean;
  /** What differed, one line each, naming the finding by its key. */
  problems: string[];
}

/** Equal as a hunt author means it: a datetime equals any ISO text of the same instant; KQL strings are never null. */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (actual instanceof Date) {
    const t = expected instanceof Date ? expected.getTime() : typeof expected === 'string' ? Date.parse(expected) : NaN;
    return t === actual.getTime();
  }
  if ((expected === null || expected === undefined) && (actual === null || actual === undefined || actual === '')) return true;
  return canonicalJson(jsonValue(expected)) === canonicalJson(jsonValue(actual));
}

function keyText(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}=${displayValue(jsonValue(v)) || '""'}`)
    .join(', ');
}

function sameKey(expected: Record<string, unknown>, actual: Record<string, unknown>): boolean {
  const names = Object.keys(actual);
  return Object.keys(expected).length === names.length && names.every((n) => n in expected && sameValue(expected[n], actual[n]));
}

const TIME_COLUMNS = ['Timestamp', 'TimeGenerated'];

/** A row of a table with a time column but no time of its own is outside every window: say so, not "missing". */
function untimedRows(testCase: TestCase, catalog: SchemaCatalog): string[] {
  const problems: string[] = [];
  for (const [table, rows] of Object.entries(testCase.input)) {
    const timed = catalog.columns(table)?.some((c) => TIME_COLUMNS.includes(c.name)) || rows.some((r) => TIME_COLUMNS.some((c) => r[c] != null));
    if (!timed) continue;
    rows.forEach((r, i) => {
      if (!TIME_COLUMNS.some((c) => r[c] != null && r[c] !== '')) problems.push(`input.${table}[${i}] has no Timestamp (or TimeGenerated): the run's window would drop it; give it one`);
    });
  }
  return problems;
}

/** The tables a query names, among those with a schema: left out of a case, they are there but empty. */
function tablesNamed(query: string, catalog: SchemaCatalog): string[] {
  return catalog.tables().filter((t) => new RegExp(`\\b${t}\\b`).test(query));
}

/**
 * One case of a hunt's test file, through the path every run takes (query on the local source,
 * exclusions, findings: run/huntFindings.ts) over the case's rows written as telemetry files, with the
 * run's window ending at the case's clock. No store: every finding of the window counts.
 */
export async function runTestCase(hunt: Hunt, testCase: TestCase, catalog: SchemaCatalog): Promise<CaseResult> {
  const { LocalSource } = await import('../sources/local.js');
  const dir = mkdtempSync(join(tmpdir(), 'hunts-test-'));
  try {
    for (const table of tablesNamed(hunt.query, catalog)) writeFileSync(join(dir, `${table}.ndjson`), '');
    for (const [table, rows] of Object.entries(testCase.input)) {
      writeFileSync(join(dir, `${table}.ndjson`), rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    }
    const timeless = untimedRows(testCase, catalog);
    if (timeless.length) return { passed: false, problems: timeless };
    const source = new LocalSource(dir, { schemas: catalog });
    const now = testCase.now ? new Date(testCase.now) : await source.newestEventTime();
    if (!now) return { passed: false, problems: ['the case has no rows with a time and no `now`: give it `now: <ISO time>`'] };
    let outcome;
    try {
      outcome = await huntFindings(hunt, source, computeWindow(hunt, now, null), testCase.exclusions);
    } catch (error) {
      return { passed: false, problems: [`the run failed: ${placeInHuntFile(hunt.file, error)}`] };
    }
    const problems = [...compare(hunt, testCase, outcome.findings), ...excludedCounts(hunt, testCase, outcome.outcome.byRule)];
    return { passed: problems.length === 0, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(hunt: Hunt, testCase: TestCase, findings: Finding[]): string[] {
  const problems: string[] = [];
  const unmatched = [...findings];
  for (const want of testCase.expect) {
    const at = unmatched.findIndex((f) => sameKey(want.key, f.key));
    if (at < 0) {
      const columns = findings[0] ? Object.keys(findings[0].key) : hunt.finding.key;
      const shape = Object.keys(want.key).sort().join() === [...columns].sort().join() ? '' : ` (this hunt's key is ${columns.join(', ') || 'empty'}: name every key column, no others)`;
      problems.push(`key ${keyText(want.key)}: missing, the run did not find it${shape}`);
      continue;
    }
    const [found] = unmatched.splice(at, 1);
    for (const [column, value] of Object.entries(want.columns ?? {})) {
      if (!(column in found.row)) problems.push(`key ${keyText(want.key)}: the result has no column ${column}`);
      else if (!sameValue(value, found.row[column])) {
        problems.push(`key ${keyText(want.key)}: column ${column} is ${JSON.stringify(jsonValue(found.row[column]))}, expected ${JSON.stringify(jsonValue(value))}`);
      }
    }
  }
  for (const f of unmatched) problems.push(`key ${keyText(f.key)}: unexpected finding "${f.title}"`);
  return problems;
}

/** `excluded:` counts, each rule's exactly: proof that the rule, not another, dropped the case's row. */
function excludedCounts(hunt: Hunt, testCase: TestCase, byRule: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [rule, want] of Object.entries(testCase.excluded ?? {})) {
    if (!hunt.exclusions.some((r) => r.name === rule)) {
      problems.push(`excluded: this hunt has no exclusion rule "${rule}" (it has ${hunt.exclusions.map((r) => r.name).join(', ') || 'none'})`);
    } else if ((byRule[rule] ?? 0) !== want) {
      const why = !testCase.exclusions ? ' (the case runs with exclusions: false)' : !(rule in byRule) ? " (none of its columns is in the query's result)" : '';
      problems.push(`excluded: rule ${rule} dropped ${byRule[rule] ?? 0} row(s), expected ${want}${why}`);
    }
  }
  return problems;
}
