import { formatDatetime, formatTimespan, parseDatetime, parseTimespan } from './datetime.js';

/** Canonical Kusto scalar type names, with the aliases Kusto accepts in schemas. */
const ALIASES: Record<string, string> = {
  string: 'string',
  int: 'int',
  int32: 'int',
  long: 'long',
  int64: 'long',
  real: 'real',
  double: 'real',
  decimal: 'decimal',
  bool: 'bool',
  boolean: 'bool',
  datetime: 'datetime',
  date: 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  dynamic: 'dynamic',
  guid: 'guid',
  uniqueid: 'guid',
};

export function canonicalType(type: string): string {
  const canonical = ALIASES[type.toLowerCase()];
  if (!canonical) throw new Error(`KQL: unknown column type '${type}'`);
  return canonical;
}

export function isNumericType(type: string): boolean {
  return type === 'int' || type === 'long' || type === 'real' || type === 'decimal';
}

/** Types whose values are plain JS numbers (or null) inside the engine. */
export function isNumberLike(type: string): boolean {
  return isNumericType(type) || type === 'datetime' || type === 'timespan';
}

/** The typed null of a column type: strings are never null in Kusto. */
export function nullOf(type: string): unknown {
  return type === 'string' ? '' : null;
}

/** tostring() semantics for a value held as `type`. */
export function toKqlString(value: unknown, type: string): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'string':
    case 'guid':
      return value as string;
    case 'datetime':
      return formatDatetime(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    case 'dynamic':
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    default:
      return String(value);
  }
}

function parseInteger(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  return Number(t);
}

function parseReal(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isNaN(n)) return n;
  const lower = t.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  return null;
}

/** tolong()/toint(): integers from numbers (truncated), numeric strings, booleans; else null. */
export function toInteger(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const i = parseInteger(value);
    if (i !== null) return i;
    const r = parseReal(value);
    return r !== null && Number.isFinite(r) ? Math.trunc(r) : null;
  }
  return null;
}

/** toreal(): numbers, numeric strings, booleans; else null. */
export function toReal(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return parseReal(value);
  return null;
}

/**
 * Converts a JSON-ish input value (as read from NDJSON or given by a caller) into the engine's
 * representation for a column type. Never throws: unconvertible values become the typed null.
 */
export function fromInput(value: unknown, type: string): unknown {
  if (value === undefined) return nullOf(type);
  switch (type) {
    case 'string':
      if (value === null) return '';
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'guid':
      return value === null ? null : String(value);
    case 'int':
    case 'long':
      return toInteger(value);
    case 'real':
    case 'decimal':
      return toReal(value);
    case 'bool':
      if (value === null) return null;
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      if (typeof value === 'string') {
        const t = value.trim().toLowerCase();
        return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : null;
      }
      return null;
    case 'datetime': {
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        const ms = parseDatetime(value);
        return Number.isNaN(ms) ? null : ms;
      }
      return null;
    }
    case 'timespan': {
      if (value === null) return null;
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        const ms = parseTimespan(value);
        return Number.isNaN(ms) ? null : ms;
      }
      return null;
    }
    case 'dynamic':
      if (typeof value === 'string') {
        // Exports often carry dynamic columns (AdditionalFields) as JSON text.
        const t = value.trimStart();
        if (t.startsWith('{') || t.startsWith('[')) {
          try {
            return JSON.parse(value) as unknown;
          } catch {
            return value;
          }
        }
      }
      return value;
    default:
      return value;
  }
}

/**
 * Converts a field of a text format (CSV) for a column type: as fromInput, except that a dynamic
 * field is JSON text of any kind (`42`, `"x"`, `{...}`); text that is not JSON stays a string.
 */
export function fromText(text: string, type: string): unknown {
  if (type !== 'dynamic') return fromInput(text, type);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Engine value → the shape @azure/monitor-query-logs returns. */
export function toOutput(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return new Date(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    default:
      return value;
  }
}
