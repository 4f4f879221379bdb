import type { ColumnInfo } from '../../kql/index.js';

const BOOL = 1;
const LONG = 2;
const REAL = 4;
const DATETIME = 8;
const STRING = 16;
const DYNAMIC = 32;

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
// A leading zero ("007", an id) is text: reading it as a number would change it.
const INTEGER_TEXT = /^[+-]?(0|[1-9]\d*)$/;
const REAL_TEXT = /^[+-]?((0|[1-9]\d*)(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The kinds of value one JSON value or CSV field is, as bits. */
function kindOfValue(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return BOOL;
  if (typeof v === 'number') return Number.isInteger(v) ? LONG : REAL;
  if (typeof v === 'string') return ISO_DATETIME.test(v) ? DATETIME : STRING;
  return DYNAMIC;
}

function kindOfText(text: string): number {
  if (text === '') return 0;
  if (INTEGER_TEXT.test(text)) return LONG;
  if (REAL_TEXT.test(text)) return REAL;
  const lower = text.length <= 5 ? text.toLowerCase() : '';
  if (lower === 'true' || lower === 'false') return BOOL;
  if (ISO_DATETIME.test(text)) return DATETIME;
  const first = text.charCodeAt(0);
  if (first === 123 || first === 91) {
    try {
      JSON.parse(text);
      return DYNAMIC;
    } catch {
      return STRING;
    }
  }
  return STRING;
}

/** The narrowest Kusto type that holds every kind seen. */
function typeOf(kinds: number): string {
  switch (kinds) {
    case 0:
      return 'string';
    case BOOL:
      return 'bool';
    case LONG:
      return 'long';
    case REAL:
    case LONG | REAL:
      return 'real';
    case DATETIME:
      return 'datetime';
    case STRING:
    case STRING | DATETIME:
      return 'string';
    default:
      return 'dynamic';
  }
}

/**
 * Column types of a table without a schema, from its values, one row at a time. Columns keep the
 * order they are first seen in.
 */
export class TypeInference {
  private readonly kinds = new Map<string, number>();

  /** A JSON row (NDJSON, JSON array). */
  addRecord(record: Record<string, unknown>): void {
    for (const key in record) this.kinds.set(key, (this.kinds.get(key) ?? 0) | kindOfValue(record[key]));
  }

  /** A CSV row, by header position. */
  addFields(names: readonly string[], fields: readonly string[]): void {
    for (let i = 0; i < names.length; i++) this.kinds.set(names[i], (this.kinds.get(names[i]) ?? 0) | kindOfText(fields[i]));
  }

  /** A column seen with no value (a CSV header): string unless values say otherwise. */
  addName(name: string): void {
    if (!this.kinds.has(name)) this.kinds.set(name, 0);
  }

  columns(): ColumnInfo[] {
    return [...this.kinds].map(([name, kinds]) => ({ name, type: typeOf(kinds) }));
  }
}
