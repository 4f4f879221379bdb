/**
 * A query result written three ways: an aligned table for a terminal, JSON for scripts, CSV
 * (RFC 4180) for spreadsheets and other tools. Values are telemetry: each format escapes for its medium.
 */
import { jsonLine, safeForTerminal, truncate } from '../util/escape.js';
import { displayValue } from '../util/telemetryJson.js';
import { textTable } from './textTable.js';

export interface ResultTable {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}

/** A value as JSON carries it: datetimes as ISO text, Int64 bigints as decimal text, null for missing. */
export function jsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // JSON has no NaN or Infinity
  return value;
}

export function toJson(result: ResultTable): string {
  const names = result.columns.map((c) => c.name);
  return `${jsonLine({ columns: result.columns.map((c) => ({ name: c.name, type: c.type })), rows: result.rows.map((r) => names.map((n) => jsonValue(r[n]))) })}\n`;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: CRLF line ends, a header row, fields quoted when they hold a quote, comma or line break. */
export function toCsv(result: ResultTable): string {
  const names = result.columns.map((c) => c.name);
  const lines = [names.map(csvField).join(','), ...result.rows.map((r) => names.map((n) => csvField(displayValue(jsonValue(r[n])))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * An aligned table that fits `width` columns: the widest columns are cut first (never below 8), each
 * cell cut before it is escaped for the terminal, so an escape is never cut in half.
 */
export function toTextTable(result: ResultTable, width: number): string {
  const names = result.columns.map((c) => c.name);
  if (!names.length) return '';
  const texts = [names, ...result.rows.map((r) => names.map((n) => displayValue(jsonValue(r[n]))))];
  const natural = names.map((_, c) => Math.max(...texts.map((row) => Math.min(Array.from(row[c]).length, width))));
  const budget = width - 2 * (names.length - 1);
  const fits = (cap: number) => natural.reduce((sum, w) => sum + Math.min(w, cap), 0) <= budget;
  let cap = Math.max(...natural);
  if (!fits(cap)) {
    let lo = 8;
    let hi = cap;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    cap = lo;
  }
  const [header, ...rows] = texts.map((row) => row.map((text) => safeForTerminal(truncate(text, cap))));
  return textTable(header, rows);
}
