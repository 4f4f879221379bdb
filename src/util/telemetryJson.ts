/**
 * JSON of telemetry values. Int64 columns can arrive as bigints, which JSON.stringify refuses with a
 * TypeError: they become decimal strings. Dates go through their toJSON (ISO strings).
 */
export function telemetryJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
}

/** A telemetry value as text: '' for null, ISO for dates, JSON for dynamic values. Raw: escape it for its medium. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return telemetryJson(value);
    } catch {
      return String(value); // a cyclic object cannot come from a query result, but must not crash a run
    }
  }
  return String(value);
}
