/**
 * `finding.title` templates. `{Column}` is the column's value; `{Column:one|many}` is the value and the word
 * that agrees with it ("1 device", "3 devices"); `[text {Column} text]` is shown only when every column in
 * it has a value, so an empty one leaves no dangling "from ". Brackets holding no `{Column}` are plain text.
 */
import { displayValue } from '../util/telemetryJson.js';

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const PLACEHOLDER = new RegExp(`\\{(${NAME})(?::([^{}|]*)\\|([^{}]*))?\\}`, 'g');
const OPTIONAL = new RegExp(`\\[([^\\[\\]]*\\{${NAME}(?::[^{}|]*\\|[^{}]*)?\\}[^\\[\\]]*)\\]`, 'g');

export interface TemplateFormat {
  /** A column's value as it goes into the text (raw, escaped for a medium, shortened...). */
  value(column: string, value: unknown): string;
  /** The template's own words; escaped for a medium when the text is Markdown. */
  literal(text: string): string;
}

const PLAIN: TemplateFormat = { value: (_c, v) => displayValue(v), literal: (t) => t };

/** The `{Column}` names a template refers to, optional groups and plural forms included. */
export function templateColumns(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function isOne(value: unknown): boolean {
  return value === 1 || value === '1' || value === 1n;
}

/** Placeholders of one stretch of text (no optional groups in it); undefined when one of them is empty. */
function fill(text: string, row: Record<string, unknown>, format: TemplateFormat, emptyIsMissing: boolean): string | undefined {
  let out = '';
  let at = 0;
  let missing = false;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const [whole, column, one, many] = m;
    const raw = Object.hasOwn(row, column) ? row[column] : undefined;
    if (isEmpty(raw)) missing = true;
    out += format.literal(text.slice(at, m.index));
    const shown = format.value(column, raw);
    out += one !== undefined && !isEmpty(raw) ? `${shown} ${format.literal(isOne(raw) ? one : many)}` : shown;
    at = m.index! + whole.length;
  }
  if (missing && emptyIsMissing) return undefined;
  return out + format.literal(text.slice(at));
}

/** The template filled in from `row`: optional groups first (kept or dropped whole), then the rest. */
export function renderTemplate(template: string, row: Record<string, unknown>, format: TemplateFormat = PLAIN): string {
  let out = '';
  let at = 0;
  for (const m of template.matchAll(OPTIONAL)) {
    out += fill(template.slice(at, m.index), row, format, false);
    out += fill(m[1], row, format, true) ?? '';
    at = m.index! + m[0].length;
  }
  out += fill(template.slice(at), row, format, false);
  return out;
}
