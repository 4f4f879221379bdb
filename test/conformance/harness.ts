/**
 * The conformance suite's data and checks: cases are the examples of Microsoft's KQL reference
 * (query + the output table the doc page shows), kept as YAML under cases/<area>.yaml. Shared by
 * conformance.test.ts (one node:test test per case) and scripts/conformance-status.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { execute, KqlError } from '../../src/kql/index.js';

export const CASES_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'cases');

/** The fixed clock every case runs with (docs that show now()/ago() results are not pinned to it). */
export const CONFORMANCE_NOW = new Date('2026-01-15T12:00:00Z');

export interface ConformanceCase {
  /** The file's base name: strings, datetime, operators... */
  area: string;
  file: string;
  /** Position in the file's list, for error messages and --update. */
  index: number;
  name: string;
  /** The doc page the example comes from, a path in MicrosoftDocs/dataexplorer-docs. */
  source: string;
  query: string;
  /** "name:type" per output column, in order; a bare "name" where the docs leave the type open (bag_unpack). */
  columns: string[];
  /** Values in the engine's JSON form, one array per row in column order. */
  rows: unknown[][];
  /** True only where the query fixes the row order (sort, top, serialize, range, print...). */
  ordered: boolean;
  /** Columns whose arrays the docs leave in no fixed order (make_set...): compared sorted. */
  unorderedArrays: string[];
  /** Columns the docs leave open (rand, new_guid...): not compared. */
  ignoreColumns: string[];
  /** Why the case does not run in `npm test` yet ("unsupported: mv-expand", "wrong: ..."). */
  pending?: string;
}

export type Outcome =
  | { status: 'pass' }
  | { status: 'wrong'; detail: string }
  | { status: 'unsupported'; what: string }
  | { status: 'error'; message: string };

const KEYS = new Set(['name', 'source', 'query', 'columns', 'rows', 'ordered', 'unordered_arrays', 'ignore_columns', 'pending']);

function bad(file: string, index: number, key: string, fix: string): Error {
  return new Error(`${file}: case #${index + 1}: '${key}' ${fix}`);
}

function stringList(file: string, index: number, key: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad(file, index, key, 'must be a list of strings');
  return value as string[];
}

function toCase(area: string, file: string, index: number, raw: unknown): ConformanceCase {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(file, index, '(case)', 'must be a mapping with name, source, query, columns, rows, ordered');
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!KEYS.has(key)) throw bad(file, index, key, `is not a case key (known: ${[...KEYS].join(', ')})`);
  for (const key of ['name', 'source', 'query'] as const) {
    if (typeof c[key] !== 'string' || (c[key] as string).trim() === '') throw bad(file, index, key, 'must be a non-empty string');
  }
  const columns = stringList(file, index, 'columns', c.columns);
  if (columns.length === 0) throw bad(file, index, 'columns', 'must list the output columns as "name:type"');
  for (const col of columns) if (col.trim() === '') throw bad(file, index, 'columns', 'has an empty entry; give "name:type" or "name"');
  if (!Array.isArray(c.rows) || !c.rows.every((r) => Array.isArray(r) && r.length === columns.length)) {
    throw bad(file, index, 'rows', `must be a list of rows, each a list of ${columns.length} values (one per column)`);
  }
  if (typeof c.ordered !== 'boolean') throw bad(file, index, 'ordered', 'must be true or false');
  if (c.pending !== undefined && (typeof c.pending !== 'string' || c.pending === '')) throw bad(file, index, 'pending', 'must be a reason text');
  const names = columns.map(columnName);
  const unorderedArrays = stringList(file, index, 'unordered_arrays', c.unordered_arrays);
  const ignoreColumns = stringList(file, index, 'ignore_columns', c.ignore_columns);
  for (const n of [...unorderedArrays, ...ignoreColumns]) if (!names.includes(n)) throw bad(file, index, 'unordered_arrays/ignore_columns', `names '${n}', which is not an output column`);
  return {
    area,
    file,
    index,
    name: c.name as string,
    source: c.source as string,
    query: c.query as string,
    columns,
    rows: c.rows as unknown[][],
    ordered: c.ordered,
    unorderedArrays,
    ignoreColumns,
    pending: c.pending as string | undefined,
  };
}

const TYPES = new Set(['bool', 'int', 'long', 'real', 'decimal', 'datetime', 'timespan', 'string', 'dynamic', 'guid']);

/** The type of a "name:type" entry, or undefined for a bare name. */
export function columnType(column: string): string | undefined {
  const at = column.lastIndexOf(':');
  return at > 0 && TYPES.has(column.slice(at + 1)) ? column.slice(at + 1) : undefined;
}

export function columnName(column: string): string {
  return columnType(column) === undefined ? column : column.slice(0, column.lastIndexOf(':'));
}

export interface CaseFile {
  area: string;
  file: string;
  document: Document;
  cases: ConformanceCase[];
}

/** Reads every cases/*.yaml; a malformed file or case throws naming the file, the case and the key. */
export function loadCaseFiles(dir = CASES_DIR): CaseFile[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n) => {
      const file = join(dir, n);
      const area = basename(n, '.yaml');
      const document = parseDocument(readFileSync(file, 'utf8'));
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
      const list: unknown = document.toJS();
      if (!Array.isArray(list)) throw new Error(`${file}: must be a YAML list of cases`);
      const cases = list.map((raw, i) => toCase(area, file, i, raw));
      const seen = new Set<string>();
      for (const c of cases) {
        if (seen.has(c.name)) throw bad(file, c.index, 'name', `"${c.name}" is used twice in this file; names must be unique`);
        seen.add(c.name);
      }
      return { area, file, document, cases };
    });
}

/** Sets or removes (reason undefined) one case's `pending` marker in its parsed file. */
export function setPending(file: CaseFile, index: number, reason: string | undefined): void {
  const list = file.document.contents;
  if (!isSeq(list)) throw new Error(`${file.file}: must be a YAML list of cases`);
  const item = list.items[index];
  if (!isMap(item)) throw new Error(`${file.file}: case #${index + 1} is not a mapping`);
  if (reason === undefined) item.delete('pending');
  else item.set('pending', reason);
}

/** Numbers compare exactly, except non-integers, which the docs print to ~15 significant digits. */
function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  if (Number.isInteger(a) && Number.isInteger(b)) return false;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameValue(ka, kb) && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** A sort key that ignores object key order and the last digits of reals. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(12));
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    return v;
  });
}

function byCanonical(a: unknown, b: unknown): number {
  const x = canonical(a);
  const y = canonical(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/** Runs one case and compares its columns and rows with the doc's. */
export function runCase(c: ConformanceCase): Outcome {
  let output;
  try {
    output = execute(c.query, {}, { values: 'json', now: CONFORMANCE_NOW });
  } catch (error) {
    if (error instanceof KqlError && error.code === 'LOCAL001') {
      return { status: 'unsupported', what: (error.diagnostics[0]?.message ?? error.message).replace(/ is not supported by the local engine yet$/, '') };
    }
    return { status: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const columns = output.columns.map((col, i) => (i < c.columns.length && columnType(c.columns[i]) === undefined ? col.name : `${col.name}:${col.type}`));
  if (!sameValue(columns, c.columns)) return { status: 'wrong', detail: `columns ${shown(columns)}, expected ${shown(c.columns)}` };
  const names = c.columns.map(columnName);
  const keep = names.map((n, i) => (c.ignoreColumns.includes(n) ? -1 : i)).filter((i) => i >= 0);
  const sortArrays = new Set(c.unorderedArrays.map((n) => names.indexOf(n)));
  const shape = (row: unknown[]): unknown[] =>
    keep.map((i) => (sortArrays.has(i) && Array.isArray(row[i]) ? [...(row[i] as unknown[])].sort(byCanonical) : row[i]));
  let actual = output.rows.map((r) => shape(names.map((n) => r[n])));
  let expected = c.rows.map(shape);
  if (!c.ordered) {
    actual = [...actual].sort(byCanonical);
    expected = [...expected].sort(byCanonical);
  }
  if (actual.length !== expected.length) {
    return { status: 'wrong', detail: `${actual.length} rows, expected ${expected.length}: got ${shown(actual)}` };
  }
  for (let i = 0; i < actual.length; i++) {
    if (!sameValue(actual[i], expected[i])) return { status: 'wrong', detail: `row ${i + 1}${c.ordered ? '' : ' (sorted)'}: got ${shown(actual[i])}, expected ${shown(expected[i])}` };
  }
  return { status: 'pass' };
}
