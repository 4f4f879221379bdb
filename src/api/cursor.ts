/**
 * The findings API's `next`: where the page ended (hunt, lastSeen, finding id), opaque to the caller
 * (base64url JSON) and checked when it comes back, since the caller can send anything.
 */
import type { FindingPosition } from '../store/findingQueries.js';

export interface FindingsCursor {
  huntId: string;
  after: FindingPosition;
}

const FINDING_ID = /^[0-9a-f]{64}$/;

export function encodeCursor(cursor: FindingsCursor): string {
  return Buffer.from(JSON.stringify([cursor.huntId, cursor.after.lastSeen.getTime(), cursor.after.id])).toString('base64url');
}

/** The cursor, or null when the text is not one encodeCursor made. */
export function decodeCursor(text: string): FindingsCursor | null {
  if (text.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3) return null;
  const [huntId, ms, id] = value as unknown[];
  if (typeof huntId !== 'string' || typeof id !== 'string' || !FINDING_ID.test(id)) return null;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || Number.isNaN(new Date(ms).getTime())) return null;
  return { huntId, after: { lastSeen: new Date(ms), id } };
}
