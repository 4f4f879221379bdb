import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** JSON with every bag's properties sorted by name (ordinal). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * dynamic_to_json(value): a canonical JSON text (bag properties sorted by name), so equal values
 * give equal strings; a value that is not dynamic gives what tostring() gives.
 */
export const dynamicToJson: ScalarFunction = {
  names: ['dynamic_to_json'],
  compile: ([value]) => {
    const type = value.type;
    return map1('string', value, (v) => (type !== 'dynamic' ? toKqlString(v, type) : v !== null && typeof v === 'object' ? canonical(v) : toKqlString(v, type)));
  },
};
