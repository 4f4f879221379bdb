/**
 * Table Storage limits on what one entity may hold, and the capping that keeps raw telemetry inside
 * them. A string property holds at most 64 KiB of UTF-16, i.e. 32 Ki JS string units; an entity at
 * most 1 MiB. Findings carry a few of these strings, so each is capped well below the limit.
 */
import { telemetryJson } from '../util/telemetryJson.js';

export const MAX_STRING_UNITS = 32 * 1024;
export const ROW_JSON_MAX = 30_000;
export const KEY_JSON_MAX = 8_000;
/** A finding key is stored whole, across up to this many string properties of PROPERTY_PART_UNITS each. */
export const PROPERTY_PART_UNITS = 32_000;
export const KEY_PARTS_MAX = 12;
export const TITLE_MAX = 2_000;
export const ERROR_MAX = 2_000;

const ELLIPSIS = '…';
/** The shortest a value is cut to before columns are dropped instead. */
const MIN_VALUE_UNITS = 32;
/** Marks a row whose trailing columns did not fit: the value is how many were dropped. */
export const DROPPED_COLUMNS = '…droppedColumns';

/** Cuts to at most `max` units (ellipsis included) without splitting a surrogate pair. */
export function capString(value: string, max: number): string {
  if (value.length <= max) return value;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  let end = max - ELLIPSIS.length;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end) + ELLIPSIS;
}

export interface CappedRowJson {
  json: string;
  truncated: boolean;
  /**
   * Columns whose value was shortened, by their name in `json`, then DROPPED_COLUMNS when trailing
   * columns were dropped: what a notice lists so its receiver knows which values are not whole.
   */
  truncatedColumns: string[];
}

/**
 * The row as JSON of at most `max` units that still parses: long values are shortened first, as little
 * as fits (every value longer than one common limit is cut to it, the largest limit that fits; nested
 * objects become their shortened JSON text), then trailing columns are dropped if there are too many.
 */
export function cappedRowJson(row: Record<string, unknown>, max = ROW_JSON_MAX): CappedRowJson {
  const full = telemetryJson(row);
  if (full.length <= max) return { json: full, truncated: false, truncatedColumns: [] };

  const entries = Object.entries(row).map(([k, v]) => [k, JSON.parse(telemetryJson(v ?? null)) as unknown] as const);
  const shortenedTo = (limit: number) => {
    const cut: string[] = [];
    const values = entries.map(([k, v]) => {
      const short = shorten(v, limit);
      if (short !== v) cut.push(k);
      return [k, short] as const;
    });
    return { json: telemetryJson(Object.fromEntries(values)), cut };
  };
  // The JSON grows with the limit (nearly: a nested value turned text may escape longer), so a binary
  // search finds the largest limit that fits; only a result that was measured to fit is returned.
  let best = shortenedTo(MIN_VALUE_UNITS);
  if (best.json.length <= max) {
    let low = MIN_VALUE_UNITS;
    let high = max;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      const attempt = shortenedTo(mid);
      if (attempt.json.length <= max) {
        low = mid;
        best = attempt;
      } else high = mid;
    }
    return { json: best.json, truncated: true, truncatedColumns: best.cut };
  }

  // Too many (or too long-named) columns even with tiny values: keep the leading ones that fit.
  const kept: Record<string, unknown> = {};
  const cut: string[] = [];
  let dropped = entries.length;
  // Room for the braces and the `,"…droppedColumns":N` marker.
  let length = 2 + telemetryJson(DROPPED_COLUMNS).length + 2 + String(entries.length).length;
  for (const [k, v] of entries) {
    const name = capString(k, 256);
    const value = shorten(v, MIN_VALUE_UNITS);
    const added = telemetryJson(name).length + 1 + telemetryJson(value).length + 1;
    if (name in kept || length + added > max) break;
    kept[name] = value;
    if (name !== k || value !== v) cut.push(name);
    length += added;
    dropped -= 1;
  }
  kept[DROPPED_COLUMNS] = dropped;
  return { json: telemetryJson(kept), truncated: true, truncatedColumns: [...cut, DROPPED_COLUMNS] };
}

function shorten(value: unknown, limit: number): unknown {
  if (typeof value === 'string') return capString(value, limit);
  if (value !== null && typeof value === 'object') {
    const text = telemetryJson(value);
    return text.length <= limit ? value : capString(text, limit);
  }
  return value;
}

/** Parses JSON the store wrote; a damaged value (hand-edited entity) reads as a marker, not a crash. */
export function parseStoredJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return { '…unparseable': capString(text, 200) };
  }
}

/** `text` in parts of at most `partUnits` units each, never splitting a surrogate pair. */
export function splitIntoParts(text: string, partUnits = PROPERTY_PART_UNITS): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + partUnits);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts.length ? parts : [''];
}

/** Property names of a value split by splitIntoParts: `name`, `name1`, `name2`, ... */
export function partNames(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? name : `${name}${i}`));
}

/** The properties a finding's key JSON is split across, for $select. */
export const KEY_PROPERTIES = partNames('keyJson', KEY_PARTS_MAX);

/** A JSON object the store wrote (a row), or {} when it is missing, damaged into a non-object, or not JSON. */
export function storedRecord(text: unknown): Record<string, unknown> {
  const value = parseStoredJson(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A finding's key, put back together from the properties it was split across. */
export function storedKey(entity: Record<string, unknown>): Record<string, unknown> {
  return storedRecord(KEY_PROPERTIES.map((name) => (typeof entity[name] === 'string' ? entity[name] : '')).join(''));
}
