import { datetimeFromDate, datetimeFromMs, datetimeToDate, formatDatetime, formatTimespan, parseDatetime, parseTimespan } from './datetime.js';

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
    case 'real':
      return formatReal(value as number);
    default:
      return String(value);
  }
}

/**
 * A real as .NET (Core 3.0+) prints a double, which is what Kusto's tostring() gives: the
 * shortest digits that round-trip, in scientific form ("1E+15", "1E-05") when the decimal
 * exponent is at least max(15, digits) or below -4, where JavaScript would still print positional
 * digits up to 1e21 and down to 1e-7.
 */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exp] = x.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const exponent = Number(exp);
  const scale = exponent + 1;
  let body: string;
  if (scale > Math.max(digits.length, 15) || scale < -3) {
    const e = Math.abs(exponent);
    body = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}E${exponent < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  } else if (scale <= 0) {
    body = `0.${'0'.repeat(-scale)}${digits}`;
  } else if (scale >= digits.length) {
    body = digits + '0'.repeat(scale - digits.length);
  } else {
    body = `${digits.slice(0, scale)}.${digits.slice(scale)}`;
  }
  return negative ? `-${body}` : body;
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
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : datetimeFromDate(value);
      // A number is a JavaScript time (Unix milliseconds).
      if (typeof value === 'number') return Number.isFinite(value) ? datetimeFromMs(value) : null;
      if (typeof value === 'string') {
        const ticks = parseDatetime(value);
        return Number.isNaN(ticks) ? null : ticks;
      }
      return null;
    }
    case 'timespan': {
      if (value === null) return null;
      // A number is a count of ticks, as tolong(timespan) gives.
      if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value) : null;
      if (typeof value === 'string') {
        const ticks = parseTimespan(value);
        return Number.isNaN(ticks) ? null : ticks;
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
      return datetimeToDate(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    default:
      return value;
  }
}

/**
 * Engine value → a JSON-ready value that loses nothing: datetimes as ISO 8601 text with every
 * tick digit kept, timespans as Kusto's text, non-finite reals as "NaN"/"Infinity"/"-Infinity".
 */
export function toJsonValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return formatDatetime(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    case 'real':
    case 'decimal':
      return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
    default:
      return typeof value === 'bigint' ? value.toString() : value;
  }
}

/**
 * An engine scalar as a dynamic value (pack_array, bag_pack, ...): datetimes and timespans become
 * their text as Kusto writes them inside JSON (datetimes with all seven fraction digits);
 * everything else is already JSON-shaped.
 */
export function toDynamic(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'datetime':
      return formatDatetime(value as number, true);
    case 'timespan':
      return formatTimespan(value as number);
    default:
      return value;
  }
}
