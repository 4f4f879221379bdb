import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

function parse(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    // Per the reference: text that is not JSON becomes a dynamic holding the original string.
    return value;
  }
}

/**
 * A dynamic argument is used as-is, except a dynamic string, which is parsed like a string
 * (NDJSON exports often carry AdditionalFields as JSON text).
 */
export const parseJson: ScalarFunction = {
  names: ['parse_json', 'parsejson', 'todynamic', 'toobject'],
  compile: ([value]) => map1('dynamic', value, parse),
};
