import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth and Dates as ISO strings: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  // As telemetryJson writes them, so a key holding an Int64 hashes instead of throwing.
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, normalize(obj[k])]),
    );
  }
  return value ?? null;
}

/** The finding id: hex SHA-256 of the key's canonical JSON (DESIGN.md "State in Table Storage"). */
export function findingId(key: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(key)).digest('hex');
}
