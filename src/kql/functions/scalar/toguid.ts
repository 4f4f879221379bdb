import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const HEX = /^[0-9a-fA-F]$/;

/**
 * The KQL reference's rule: the first 32 hex digits, hyphens skipped, the rest ignored; any other
 * character before the 32nd digit fails. Output is the lowercase 8-4-4-4-12 form.
 */
export function parseGuid(text: string): string | null {
  let hex = '';
  for (let i = 0; i < text.length && hex.length < 32; i++) {
    const ch = text[i];
    if (ch === '-') continue;
    if (!HEX.test(ch)) return null;
    hex += ch;
  }
  if (hex.length < 32) return null;
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const toguid: ScalarFunction = {
  names: ['toguid'],
  compile: ([value]) =>
    map1('guid', value, (v) => (value.type === 'guid' ? (v ?? null) : typeof v === 'string' ? parseGuid(v) : null)),
};
